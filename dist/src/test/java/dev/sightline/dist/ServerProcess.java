package dev.sightline.dist;

import dev.sightline.server.testing.ApiClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shaded server jar run as a separate process, {@code java -jar sightline.jar serve}, on free
 * loopback ports (port 0 for HTTP and OTLP/gRPC; the actual ports are read from its start-up
 * lines), with its output in a log file. Also runs the jar's one-shot CLI commands.
 */
final class ServerProcess implements AutoCloseable {
  /** The backend the process tests run on; {@code -Dsightline.it.storage=memory} to debug the harness. */
  static final String STORAGE = System.getProperty("sightline.it.storage", "duckdb");
  /** Exit status of a JVM killed by SIGKILL (128 + 9). */
  static final int SIGKILL_EXIT = 137;
  /** Exit status of a JVM stopped by SIGTERM (128 + 15) after its shutdown hooks ran. */
  static final int SIGTERM_EXIT = 143;
  private static final Pattern LISTENING = Pattern.compile("Sightline is running: http://[^:]+:(\\d+)");
  private static final Pattern OTLP_GRPC = Pattern.compile("OTLP: \\S+, gRPC [^:]+:(\\d+)");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  private final Process process;
  private final Path log;
  private final long logStart;
  private URI uri;
  private int otlpGrpcPort;

  private ServerProcess(Process process, Path log, long logStart) {
    this.process = process;
    this.log = log;
    this.logStart = logStart;
  }

  /**
   * Starts {@code serve} on the data directory with {@code SIGHTLINE_API_KEY=apiKey} and waits
   * until {@code /health} answers.
   *
   * @param log where the process's stdout and stderr go (appended)
   * @param options more options of {@code serve}; {@code --storage} among them replaces {@link #STORAGE}
   */
  static ServerProcess start(Path dataDir, String apiKey, Path log, String... options) {
    ServerProcess server = launch(dataDir, apiKey, log, options);
    server.awaitHealthy();
    return server;
  }

  /** Starts {@code serve} like {@link #start} without waiting for it: to kill it while it starts. */
  static ServerProcess launch(Path dataDir, String apiKey, Path log, String... options) {
    List<String> args = new ArrayList<>(List.of("serve", "--port", "0", "--otlp-grpc-port", "0",
        "--bind", "127.0.0.1", "--data", dataDir.toString()));
    if (!List.of(options).contains("--storage")) {
      args.addAll(List.of("--storage", STORAGE));
    }
    args.addAll(List.of(options));
    List<String> command = java(args.toArray(new String[0]));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    if (apiKey == null) {
      pb.environment().remove("SIGHTLINE_API_KEY");
    } else {
      pb.environment().put("SIGHTLINE_API_KEY", apiKey);
    }
    pb.environment().remove("SIGHTLINE_PORT");
    pb.environment().remove("SIGHTLINE_OTLP_GRPC_PORT");
    pb.environment().remove("SIGHTLINE_STORAGE");
    long logStart = size(log);
    try {
      return new ServerProcess(pb.start(), log, logStart);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits until the server listens and {@code /health} answers 200. */
  private void awaitHealthy() {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      String output = read(log, logStart);
      Matcher m = LISTENING.matcher(output);
      Matcher grpc = OTLP_GRPC.matcher(output);
      if (m.find() && grpc.find()) {
        uri = URI.create("http://127.0.0.1:" + m.group(1));
        otlpGrpcPort = Integer.parseInt(grpc.group(1));
        if (client(null).get("/health").status() == 200) {
          return;
        }
      }
      if (!process.isAlive()) {
        throw new AssertionError("the server exited with " + process.exitValue() + " on start:\n"
            + read(log, logStart));
      }
      sleep(50);
    }
    process.destroyForcibly();
    throw new AssertionError("the server did not start within " + START_TIMEOUT + ":\n" + read(log, logStart));
  }

  /** Runs a CLI command of the jar to its end and returns its standard output. */
  static String cli(String... args) {
    try {
      Process p = new ProcessBuilder(java(args)).redirectErrorStream(true).start();
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new AssertionError("sightline " + String.join(" ", args) + " failed: " + out);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  URI uri() {
    return uri;
  }

  int otlpGrpcPort() {
    return otlpGrpcPort;
  }

  ApiClient client(String key) {
    return new ApiClient(uri, key);
  }

  long pid() {
    return process.pid();
  }

  /** {@code kill -9}: {@link Process#destroyForcibly()} sends SIGKILL on Linux. Returns the exit status. */
  int kill() {
    process.destroyForcibly();
    return await();
  }

  /** {@code kill -TERM}: the server's shutdown hook drains the queue. Returns the exit status. */
  int stop() {
    process.destroy();
    return await();
  }

  /** The process's output so far. */
  String output() {
    return read(log, 0);
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
      await();
    }
  }

  private int await() {
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("the server did not exit within 60 s");
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static List<String> java(String... args) {
    String jar = System.getProperty("sightline.jar");
    if (jar == null || !Files.isRegularFile(Path.of(jar))) {
      throw new IllegalStateException("system property sightline.jar must name the shaded jar: " + jar);
    }
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx512m", "-jar", jar));
    command.addAll(List.of(args));
    return command;
  }

  private static long size(Path file) {
    try {
      return Files.exists(file) ? Files.size(file) : 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path file, long from) {
    try {
      if (!Files.exists(file)) {
        return "";
      }
      byte[] all = Files.readAllBytes(file);
      int start = (int) Math.min(from, all.length);
      return new String(all, start, all.length - start, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
