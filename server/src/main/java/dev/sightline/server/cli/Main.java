package dev.sightline.server.cli;

import dev.sightline.server.ServerSettings;
import dev.sightline.server.SightlineServer;
import dev.sightline.server.auth.KeyStore;
import dev.sightline.server.collector.PipelineSettings;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/** The {@code sightline} command: {@code serve}, {@code project create}, {@code key create}. */
@Command(name = "sightline", mixinStandardHelpOptions = true, version = "Sightline 0.1.0",
    description = "Self-hosted tracing and analysis for LLM applications.",
    subcommands = {Main.Serve.class, Main.ProjectCommand.class, Main.KeyCommand.class})
public final class Main implements Runnable {

  public static void main(String[] args) {
    System.exit(new CommandLine(new Main())
        .setExecutionExceptionHandler((e, cmd, parsed) -> {
          if (!(e instanceof IllegalArgumentException)) {
            throw e;
          }
          cmd.getErr().println("sightline: " + e.getMessage());
          return 2;
        })
        .execute(args));
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  /** Where the data lives; shared by every subcommand. */
  static class DataOption {
    @Option(names = "--data", defaultValue = "${env:SIGHTLINE_DATA:-./sightline-data}",
        description = "Data directory (env SIGHTLINE_DATA, default ${DEFAULT-VALUE}).")
    Path data;
  }

  @Command(name = "serve", description = "Run the server.")
  static final class Serve implements Callable<Integer> {
    @CommandLine.Mixin DataOption data;

    @Option(names = "--port", defaultValue = "${env:SIGHTLINE_PORT:-7600}",
        description = "HTTP port (env SIGHTLINE_PORT, default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--bind", defaultValue = "${env:SIGHTLINE_BIND:-127.0.0.1}",
        description = "Address to listen on (env SIGHTLINE_BIND, default ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--storage", defaultValue = "${env:SIGHTLINE_STORAGE:-duckdb}",
        description = "Storage backend: duckdb or memory (env SIGHTLINE_STORAGE, default ${DEFAULT-VALUE}).")
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

    @Override
    public Integer call() throws Exception {
      long reserve = ServerSettings.parseBytes("--min-free-disk", minFreeDisk);
      ServerSettings settings = new ServerSettings(bind, port, data.data, storage,
          Map.of("minFreeDisk", Long.toString(reserve)), maxBodyBytes,
          PipelineSettings.DEFAULTS.withMinFreeDiskBytes(reserve / 4),
          ServerSettings.parseOtlpGrpcPort(otlpGrpcPort));
      SightlineServer server = SightlineServer.start(settings);
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        server.close();
        stopped.countDown();
      }, "sightline-shutdown"));
      String envKey = System.getenv("SIGHTLINE_API_KEY");
      if (envKey != null && !envKey.isBlank()) {
        server.keys().registerKey(KeyStore.DEFAULT_PROJECT, envKey.trim());
      } else if (!server.keys().hasKeys(KeyStore.DEFAULT_PROJECT)) {
        System.out.println("API key for project 'default' (shown only now, store it): "
            + server.keys().createKey(KeyStore.DEFAULT_PROJECT));
      }
      System.out.println("Sightline is listening on http://" + bind + ":" + server.port()
          + " (data in " + data.data.toAbsolutePath().normalize() + ")");
      server.otlpGrpcPort().ifPresent(p -> System.out.println("OTLP/gRPC on " + bind + ":" + p));
      stopped.await();
      return 0;
    }
  }

  @Command(name = "project", description = "Manage projects.",
      subcommands = {ProjectCommand.Create.class, ProjectCommand.ListProjects.class})
  static final class ProjectCommand {
    @Command(name = "create", description = "Create a project and print a first API key for it.")
    static final class Create implements Callable<Integer> {
      @CommandLine.Mixin DataOption data;

      @Parameters(paramLabel = "NAME", description = "Project id: lower-case letters, digits, '-', '_'.")
      String name;

      @Override
      public Integer call() throws Exception {
        KeyStore keys = KeyStore.open(data.data);
        keys.createProject(name);
        System.out.println("Created project '" + name + "'. API key (shown only now): " + keys.createKey(name));
        return 0;
      }
    }

    @Command(name = "list", description = "List projects.")
    static final class ListProjects implements Callable<Integer> {
      @CommandLine.Mixin DataOption data;

      @Override
      public Integer call() throws Exception {
        for (KeyStore.Project p : KeyStore.open(data.data).projects()) {
          System.out.println(p.id());
        }
        return 0;
      }
    }
  }

  @Command(name = "key", description = "Manage API keys.", subcommands = {KeyCommand.Create.class})
  static final class KeyCommand {
    @Command(name = "create", description = "Create an API key for a project and print it once.")
    static final class Create implements Callable<Integer> {
      @CommandLine.Mixin DataOption data;

      @Parameters(paramLabel = "PROJECT", description = "The project the key belongs to.")
      String project;

      @Override
      public Integer call() throws Exception {
        System.out.println(KeyStore.open(data.data).createKey(project));
        return 0;
      }
    }
  }
}
