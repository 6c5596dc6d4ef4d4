package dev.sightline.storage.clickhouse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private ClickHouse server for tests: installed with apt-get when missing (as root), configured
 * from {@code clickhouse-config.xml} with free loopback ports and its data under a temp dir, started
 * as a child process (never the system service), ready once {@code /ping} answers; {@link #stop()}
 * kills it and deletes its directory. With ZooKeeper (Debian's {@code zookeeper} jar, not installed
 * here if missing), a standalone ZooKeeper is started too and the server gets its distributed DDL
 * queue and {@code {shard}}/{@code {replica}} macros, for {@code ON CLUSTER} and replicated tables
 * on the one-shard cluster {@code self}.
 */
final class ClickHouseServer {
  private static final Path BINARY = Path.of("/usr/sbin/clickhouse-server");
  static final Path ZOOKEEPER_JAR = Path.of("/usr/share/java/zookeeper.jar");
  private final Path dir;
  private final Process process;
  private final Process zookeeper;
  final int httpPort;

  private ClickHouseServer(Path dir, Process process, Process zookeeper, int httpPort) {
    this.dir = dir;
    this.process = process;
    this.zookeeper = zookeeper;
    this.httpPort = httpPort;
  }

  String url() {
    return "http://127.0.0.1:" + httpPort;
  }

  /** @param withZooKeeper also start ZooKeeper, for the cluster self's {@code ON CLUSTER} DDL */
  static ClickHouseServer start(boolean withZooKeeper) throws IOException, InterruptedException {
    install();
    Path dir = Files.createTempDirectory("sightline-clickhouse");
    int http = freePort();
    int tcp = freePort();
    int interserver = freePort();
    Process zookeeper = null;
    String zookeeperConfig = "";
    if (withZooKeeper) {
      int zkPort = freePort();
      zookeeper = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
          "-Dzookeeper.4lw.commands.whitelist=srvr", "-cp", ZOOKEEPER_JAR.toString(), "org.apache.zookeeper.server.ZooKeeperServerMain",
          Integer.toString(zkPort), dir.resolve("zookeeper").toString())
          .redirectErrorStream(true).redirectOutput(dir.resolve("zookeeper.log").toFile()).start();
      awaitZooKeeper(zkPort);
      zookeeperConfig = "<zookeeper><node><host>127.0.0.1</host><port>" + zkPort + "</port></node></zookeeper>"
          + "<distributed_ddl><path>/clickhouse/task_queue/ddl</path></distributed_ddl>"
          + "<macros><shard>01</shard><replica>r1</replica></macros>";
    }
    String config = resource("clickhouse-config.xml").replace("@DIR@", dir.toString())
        .replace("@ZOOKEEPER@", zookeeperConfig)
        .replace("@HTTP_PORT@", Integer.toString(http)).replace("@TCP_PORT@", Integer.toString(tcp))
        .replace("@INTERSERVER_PORT@", Integer.toString(interserver));
    Files.writeString(dir.resolve("config.xml"), config);
    Files.writeString(dir.resolve("users.xml"), resource("clickhouse-users.xml"));
    Files.createDirectories(dir.resolve("log"));
    Process process = new ProcessBuilder(BINARY.toString(), "--config-file=" + dir.resolve("config.xml"))
        .redirectErrorStream(true).redirectOutput(dir.resolve("log/stdout.log").toFile()).start();
    ClickHouseServer server = new ClickHouseServer(dir, process, zookeeper, http);
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
    for (Process p : zookeeper == null ? List.of(process) : List.of(process, zookeeper)) {
      p.destroy();
      try {
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
          p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
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

  /**
   * Waits until ZooKeeper serves requests, not only listens: ClickHouse 18.16 crashes when its
   * distributed DDL thread finds ZooKeeper listening but refusing sessions.
   */
  private static void awaitZooKeeper(int port) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      try (Socket s = new Socket("127.0.0.1", port)) {
        s.getOutputStream().write("srvr".getBytes(StandardCharsets.US_ASCII));
        String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        if (answer.contains("Mode:")) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("ZooKeeper did not serve on " + port + " within 30 s");
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
