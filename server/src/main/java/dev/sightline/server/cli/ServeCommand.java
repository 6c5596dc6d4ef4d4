package dev.sightline.server.cli;

import dev.sightline.server.ServerSettings;
import dev.sightline.server.SightlineServer;
import dev.sightline.server.auth.KeyStore;
import dev.sightline.server.collector.PipelineSettings;
import dev.sightline.server.state.StateSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sightline serve}: checks its ports before opening the store, so that a busy port is one
 * line naming it and the option (a busy default OTLP/gRPC port only a warning), as is a data
 * directory another server uses; then runs until stopped and says so.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Run the server.")
final class ServeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @CommandLine.Mixin Main.DataOption data;
  @CommandLine.Mixin ClickHouseOptions clickhouse;
  @CommandLine.Mixin StateOptions state;

  @Option(names = "--port", defaultValue = "${env:SIGHTLINE_PORT:-7600}",
      description = "HTTP port (env SIGHTLINE_PORT, default ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--bind", defaultValue = "${env:SIGHTLINE_BIND:-127.0.0.1}",
      description = "Address to listen on (env SIGHTLINE_BIND, default ${DEFAULT-VALUE}).")
  String bind;

  @Option(names = "--storage", defaultValue = "${env:SIGHTLINE_STORAGE:-duckdb}",
      description = "Storage backend: duckdb, clickhouse (see --clickhouse-*) or memory (env SIGHTLINE_STORAGE,"
          + " default ${DEFAULT-VALUE}).")
  String storage;

  @Option(names = "--max-body-bytes", defaultValue = "${env:SIGHTLINE_MAX_BODY_BYTES:-16777216}",
      description = "Largest request body (env SIGHTLINE_MAX_BODY_BYTES, default ${DEFAULT-VALUE}).")
  int maxBodyBytes;

  @Option(names = "--otlp-grpc-port", defaultValue = "${env:SIGHTLINE_OTLP_GRPC_PORT:-4317}",
      description = "OTLP/gRPC port, 0 for any free one, or off (env SIGHTLINE_OTLP_GRPC_PORT, "
          + "default ${DEFAULT-VALUE}). OTLP/HTTP is always on the HTTP port at /v1/traces.")
  String otlpGrpcPort;

  @Option(names = "--min-free-disk", defaultValue = "${env:SIGHTLINE_MIN_FREE_DISK:-256MB}",
      description = "Free disk space to keep (env SIGHTLINE_MIN_FREE_DISK, default ${DEFAULT-VALUE}):"
          + " below it storage pauses and ingestion answers 503 until space returns; reads go on.")
  String minFreeDisk;

  @Option(names = "--cors-origins", split = ",", defaultValue = "${env:SIGHTLINE_CORS_ORIGINS:-}",
      description = "Web origins whose pages may call the API and OTLP/HTTP from a browser, comma-separated,"
          + " like https://app.example.com, or * for any (env SIGHTLINE_CORS_ORIGINS, default none).")
  List<String> corsOrigins;

  @Option(names = "--verbose", description = "Also show the HTTP framework's start-up and shutdown log.")
  boolean verbose;

  @Override
  public Integer call() throws Exception {
    // Armeria's loggers are made during the start below, so the level set here applies.
    if (verbose) {
      System.clearProperty(Main.ARMERIA_LOG_LEVEL);
    } else {
      System.setProperty(Main.ARMERIA_LOG_LEVEL, "warn");
    }
    StateSettings shared = state.settings();
    long reserve = ServerSettings.parseBytes("--min-free-disk", minFreeDisk);
    int grpcPort = ServerSettings.parseOtlpGrpcPort(otlpGrpcPort);
    if (port != 0 && inUse(port)) {
      throw new IllegalArgumentException("port " + port + " on " + bind + " is in use (--port, SIGHTLINE_PORT):"
          + " stop what listens there or choose another port");
    }
    if (grpcPort > 0 && inUse(grpcPort)) {
      if (grpcPortGiven()) {
        throw new IllegalArgumentException("OTLP/gRPC port " + grpcPort + " on " + bind + " is in use"
            + " (--otlp-grpc-port, SIGHTLINE_OTLP_GRPC_PORT): choose another port, or off");
      }
      err().println("sightline: warning: the default OTLP/gRPC port " + grpcPort + " is in use (a collector?);"
          + " running without OTLP/gRPC (OTLP/HTTP is on /v1/traces; --otlp-grpc-port picks another port)");
      grpcPort = ServerSettings.OFF;
    }
    ServerSettings settings = new ServerSettings(bind, port, data.data, storage, storageOptions(reserve), maxBodyBytes,
        PipelineSettings.DEFAULTS.withMinFreeDiskBytes(reserve / 4), grpcPort,
        corsOrigins == null ? List.of() : corsOrigins.stream().map(String::trim).filter(o -> !o.isEmpty()).toList(),
        shared);
    SightlineServer server = SightlineServer.start(settings);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      System.out.println("Sightline stopped; everything acknowledged is stored.");
      stopped.countDown();
    }, "sightline-shutdown"));
    String newKey = null;
    String envKey = System.getenv("SIGHTLINE_API_KEY");
    if (envKey != null && !envKey.isBlank()) {
      server.keys().registerKey(KeyStore.DEFAULT_PROJECT, envKey.trim());
    } else if (!server.keys().hasKeys(KeyStore.DEFAULT_PROJECT)) {
      newKey = server.keys().createKey(KeyStore.DEFAULT_PROJECT);
    }
    ready(server, shared, newKey, newKey != null && !toTerminal() ? keepInFile(newKey) : null);
    stopped.await();
    return 0;
  }

  /** The backend's options: the disk reserve for a local store, the {@code --clickhouse-*} flags for ClickHouse. */
  private Map<String, String> storageOptions(long reserve) {
    Map<String, String> options = clickhouse.options(storage);
    return "clickhouse".equals(storage) ? options : Map.of("minFreeDisk", Long.toString(reserve));
  }

  /**
   * The block a user reads once the server runs: where, and on a first run the key to sign in
   * with, printed only to a terminal: when the output goes to a file (a service's log), the key is
   * in {@code keyFile} instead, and the block says where.
   */
  private void ready(SightlineServer server, StateSettings shared, String newKey, Path keyFile) {
    PrintWriter out = out();
    String url = "http://" + bind + ":" + server.port();
    out.println();
    out.println("Sightline is running: " + url + "  (data in " + data.data.toAbsolutePath().normalize() + ")");
    if (shared.shared()) {
      out.println("  Shared state: " + shared);
    }
    out.println("  OTLP: " + url + "/v1/traces" + server.otlpGrpcPort().stream()
        .mapToObj(p -> ", gRPC " + bind + ":" + p).findFirst().orElse(""));
    if (keyFile != null) {
      out.println("  The first API key of project 'default' is in " + keyFile + " (readable by you only):"
          + " keys are never written to logs. Store it elsewhere and delete the file.");
    } else if (newKey != null) {
      Main.printKey(out, KeyStore.DEFAULT_PROJECT, newKey);
      out.println("  Open " + url + " and sign in with this key; send traces with it as a Bearer token.");
    }
    out.println("  Stop with Ctrl-C.");
    out.flush();
  }

  /** Whether standard output is a terminal a person reads, rather than a file or a pipe that may be kept. */
  private boolean toTerminal() {
    return System.console() != null;
  }

  /** Writes the first key to a file only its owner can read, and returns the file. */
  private Path keepInFile(String key) throws IOException {
    Path file = data.data.resolve("first-api-key.txt").toAbsolutePath().normalize();
    Files.deleteIfExists(file);
    try {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      Files.createFile(file); // not POSIX (Windows): the data directory's own permissions apply
    }
    Files.writeString(file, key + System.lineSeparator());
    return file;
  }

  /** Whether the OTLP/gRPC port was chosen (flag or environment) rather than left at its default. */
  private boolean grpcPortGiven() {
    return spec.commandLine().getParseResult().hasMatchedOption("--otlp-grpc-port")
        || System.getenv("SIGHTLINE_OTLP_GRPC_PORT") != null;
  }

  private boolean inUse(int candidate) throws IOException {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getByName(bind), candidate));
      return false;
    } catch (BindException e) {
      return true;
    }
  }

  private PrintWriter err() {
    return spec.commandLine().getErr();
  }

  private PrintWriter out() {
    return spec.commandLine().getOut();
  }
}

