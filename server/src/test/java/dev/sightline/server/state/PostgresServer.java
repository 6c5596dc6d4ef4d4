package dev.sightline.server.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real PostgreSQL for tests, one per JVM, started on first use: Debian's {@code postgresql} is
 * installed with apt-get if {@code initdb} is missing, a cluster is made in a temporary directory
 * and started on a free loopback port (its unix socket in that directory too), as the
 * {@code postgres} user when the tests run as root (PostgreSQL refuses root). Each test gets a
 * fresh database ({@link #newDatabase}). Stopped and deleted when the JVM exits. Thread-safe.
 */
public final class PostgresServer {
  private static final String USER = "sightline";
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static PostgresServer instance;
  private final Path dir;
  private final Path bin;
  private final int port;

  private PostgresServer(Path dir, Path bin, int port) {
    this.dir = dir;
    this.bin = bin;
    this.port = port;
  }

  /** The JVM's server, started on the first call. */
  public static synchronized PostgresServer get() {
    if (instance == null) {
      try {
        instance = start();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    return instance;
  }

  /** A new empty database's JDBC url (user {@value #USER}, no password). */
  public String newDatabase() {
    String name = "test_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
    try (Connection c = DriverManager.getConnection(url("postgres"), USER, "");
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create database " + name + ": " + e.getMessage(), e);
    }
    return url(name);
  }

  public static String user() {
    return USER;
  }

  /** The JDBC url of one of its databases. */
  String url(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  private static PostgresServer start() throws IOException, InterruptedException {
    Path bin = binaries();
    Path dir = Files.createTempDirectory("sightline-pg-",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    boolean root = "root".equals(System.getProperty("user.name"));
    if (root) {
      run(List.of("chown", "postgres:postgres", dir.toString()), false);
    }
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    PostgresServer server = new PostgresServer(dir, bin, port);
    run(List.of(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-U", USER,
        "--auth=trust", "-E", "UTF8", "--no-sync"), root);
    run(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-l",
        dir.resolve("log").toString(), "-w", "-t", "60", "-o", "-p " + port + " -k " + dir
            + " -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off",
        "start"), root);
    Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "postgres-stop"));
    return server;
  }

  private void stop() {
    try {
      run(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate",
          "-w", "stop"), "root".equals(System.getProperty("user.name")));
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    } catch (IOException | InterruptedException e) {
      System.err.println("could not stop the test PostgreSQL in " + dir + ": " + e);
    }
  }

  /** Debian's PostgreSQL binaries, installed first if missing. */
  private static Path binaries() throws IOException, InterruptedException {
    Path found = find();
    if (found == null) {
      run(List.of("sh", "-c", "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql"),
          false);
      found = find();
    }
    if (found == null) {
      throw new IOException("no /usr/lib/postgresql/*/bin/initdb, even after apt-get install postgresql");
    }
    return found;
  }

  private static Path find() throws IOException {
    Path lib = Path.of("/usr/lib/postgresql");
    if (!Files.isDirectory(lib)) {
      return null;
    }
    try (Stream<Path> versions = Files.list(lib)) {
      return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
          .max(Comparator.naturalOrder()).orElse(null);
    }
  }

  private static void run(List<String> command, boolean asPostgres) throws IOException, InterruptedException {
    List<String> full = new ArrayList<>();
    if (asPostgres) {
      full.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    full.addAll(command);
    Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException(String.join(" ", full) + " failed: " + out);
    }
  }
}
