package dev.sightline.storage.clickhouse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private ClickHouse server for tests: installed with apt-get when missing (as root), configured
 * from {@code clickhouse-config.xml} with free loopback ports and its data under a temp dir, started
 * as a child process (never the system service), ready once {@code /ping} answers; {@link #stop()}
 * kills it and deletes its directory.
 */
final class ClickHouseServer {
  private static final Path BINARY = Path.of("/usr/sbin/clickhouse-server");
  private final Path dir;
  private final Process process;
  final int httpPort;

  private ClickHouseServer(Path dir, Process process, int httpPort) {
    this.dir = dir;
    this.process = process;
    this.httpPort = httpPort;
  }

  String url() {
    return "http://127.0.0.1:" + httpPort;
  }

  static ClickHouseServer start() throws IOException, InterruptedException {
    install();
    Path dir = Files.createTempDirectory("sightline-clickhouse");
    int http = freePort();
    int tcp = freePort();
    int interserver = freePort();
    String config = resource("clickhouse-config.xml").replace("@DIR@", dir.toString())
        .replace("@HTTP_PORT@", Integer.toString(http)).replace("@TCP_PORT@", Integer.toString(tcp))
        .replace("@INTERSERVER_PORT@", Integer.toString(interserver));
    Files.writeString(dir.resolve("config.xml"), config);
    Files.writeString(dir.resolve("users.xml"), resource("clickhouse-users.xml"));
    Files.createDirectories(dir.resolve("log"));
    Process process = new ProcessBuilder(BINARY.toString(), "--config-file=" + dir.resolve("config.xml"))
        .redirectErrorStream(true).redirectOutput(dir.resolve("log/stdout.log").toFile()).start();
    ClickHouseServer server = new ClickHouseServer(dir, process, http);
    server.awaitPing();
    return server;
  }

  private void awaitPing() throws IOException, InterruptedException {
    HttpClient client = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("clickhouse-server exited with " + process.exitValue() + "; see " + dir.resolve("log"));
      }
      try {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(url() + "/ping"))
            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    stop();
    throw new IllegalStateException("clickhouse-server did not answer /ping within 60 s");
  }

  void stop() {
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Installs Debian's packages if the server is missing: possible only as root. */
  private static void install() throws IOException, InterruptedException {
    if (Files.isExecutable(BINARY)) {
      return;
    }
    if (!"root".equals(System.getProperty("user.name"))) {
      throw new IllegalStateException(BINARY + " is missing and the tests are not running as root: "
          + "run apt-get install -y clickhouse-server clickhouse-client");
    }
    Process p = new ProcessBuilder("sh", "-c",
        "apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y clickhouse-server clickhouse-client")
        .inheritIO().start();
    if (p.waitFor() != 0 || !Files.isExecutable(BINARY)) {
      throw new IllegalStateException("apt-get install clickhouse-server failed (exit " + p.exitValue() + ")");
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = ClickHouseServer.class.getResourceAsStream("/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
