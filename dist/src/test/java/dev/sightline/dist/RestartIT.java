package dev.sightline.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sightline.server.testing.ApiClient;
import dev.sightline.server.testing.Batch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Graceful stops and keys managed with the CLI while the server runs. */
class RestartIT {
  private static final String KEY = "sl_restart_test_" + Batch.unique();

  @TempDir Path data;
  @TempDir Path logs;

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void aGracefulStopUnderLoadDrainsTheQueueAndDataSurvives() {
    Path dir = data.resolve("sightline");
    Path log = logs.resolve("server.log");
    Queue<Workload.Sent> acknowledged = Load.newLog();
    try (ServerProcess server = ServerProcess.start(dir, KEY, log)) {
      Load load = new Load(server.client(KEY), 4, acknowledged, new AtomicInteger());
      load.awaitAcknowledged(100);
      // SIGTERM while clients are posting: in-flight requests are answered, and stored.
      load.stop();
      assertThat(server.stop()).isEqualTo(ServerProcess.SIGTERM_EXIT);
      load.join();
      assertThat(server.output()).as("no error while stopping")
          .doesNotContainPattern("(?m)^\\s+at ").doesNotContain("ERROR").doesNotContain("WARN");
    }
    String firstRun = read(log);
    try (ServerProcess server = ServerProcess.start(dir, KEY, log)) {
      String secondStart = read(log).substring(firstRun.length());
      assertThat(secondStart).as("the stop stored everything, so there was nothing to replay")
          .doesNotContain("replayed the write-ahead log");
      Workload.assertStored(server.client(KEY), acknowledged);
      assertThat(server.stop()).isEqualTo(ServerProcess.SIGTERM_EXIT);
    }
  }

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void keysAndProjectsCreatedWithTheCliWorkWithoutARestart() {
    Path dir = data.resolve("sightline");
    try (ServerProcess server = ServerProcess.start(dir, KEY, logs.resolve("server.log"))) {
      String printed = lastLine(ServerProcess.cli("key", "create", "default", "--data", dir.toString()));
      assertThat(printed).startsWith("API key for project 'default' (shown only now, store it): sl_");
      String key = printed.substring(printed.indexOf("sl_")).trim();
      ApiClient viaCli = server.client(key);
      String trace = Batch.traceId();
      awaitAccepted(viaCli, Batch.of().trace("traceId", trace, "name", "via-cli-key"));
      assertThat(server.client(KEY).awaitTrace(trace, t -> true).path("trace").path("name").asText())
          .as("the same project as SIGHTLINE_API_KEY").isEqualTo("via-cli-key");

      String created = ServerProcess.cli("project", "create", "other", "--data", dir.toString());
      String otherKey = created.substring(created.indexOf("sl_")).trim();
      ApiClient other = server.client(otherKey);
      awaitAccepted(other, Batch.of().trace("traceId", Batch.traceId(), "name", "other-project"));
      assertThat(other.get("/api/traces/" + trace).status()).isEqualTo(404);
      assertThat(ServerProcess.cli("project", "list", "--data", dir.toString()))
          .contains("default").contains("other");
      assertThat(server.stop()).isEqualTo(ServerProcess.SIGTERM_EXIT);
    }
  }

  /**
   * A first start whose output goes to a file (as a service's does) keeps its new key out of that
   * log: the key is in a file only its owner reads, and it works.
   */
  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void theFirstKeyOfAServiceIsInAnOwnerOnlyFileNotInItsLog() throws Exception {
    Path dir = data.resolve("service");
    Path log = logs.resolve("service.log");
    try (ServerProcess server = ServerProcess.start(dir, null, log)) {
      Path keyFile = dir.resolve("first-api-key.txt");
      String key = Files.readString(keyFile).strip();
      assertThat(key).matches("sl_[0-9a-f]{48}");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
      assertThat(read(log)).contains("first-api-key.txt").doesNotContain(key).doesNotContain("sl_");
      assertThat(server.client(key).get("/api/traces").status()).isEqualTo(200);
    }
  }

  /** Posts until the key is known: the server rereads the key file at most once a second. */
  private static void awaitAccepted(ApiClient api, Batch batch) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      var r = api.ingest(batch);
      if (r.status() == 200) {
        return;
      }
      assertThat(r.status()).as(r.toString()).isEqualTo(401);
      assertThat(System.nanoTime()).as("the new key was not accepted within 10 s").isLessThan(deadline);
      ServerProcess.sleep(100);
    }
  }

  private static String lastLine(String out) {
    String[] lines = out.strip().split("\n");
    return lines[lines.length - 1].trim();
  }

  private static String read(Path file) {
    try {
      return java.nio.file.Files.readString(file);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
