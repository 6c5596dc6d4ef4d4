package dev.sightline.dist;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sightline.server.testing.ApiClient;
import dev.sightline.server.testing.Batch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two stateless Sightline servers over one sharded, replicated ClickHouse store on loopback
 * ({@code deploy/loopback/cluster.sh}: ZooKeeper and two ClickHouse processes, the cluster's two
 * shards), sharing their state and merge locks in the script's PostgreSQL. What one server acknowledges, the other reads at once; a server killed with
 * {@code kill -9} under load loses nothing it acknowledged, read through the survivor without
 * restarting it; and a server whose ClickHouse node stops says so on {@code /health}.
 */
class ClusterIT {
  private static final String KEY = "sl_cluster_test_" + Batch.unique();
  private static final Path SCRIPT = Path.of("..", "deploy", "loopback", "cluster.sh").toAbsolutePath().normalize();

  @TempDir static Path cluster;
  @TempDir Path data;
  @TempDir Path logs;
  private static String node1;
  private static String node2;
  private static String postgres;

  @BeforeAll
  static void startCluster() throws Exception {
    String out = script("start");
    node1 = out.replaceAll("(?s).*clickhouse1=(\\S+).*", "$1").trim();
    node2 = out.replaceAll("(?s).*clickhouse2=(\\S+).*", "$1").trim();
    postgres = out.replaceAll("(?s).*postgres=(\\S+).*", "$1").trim();
  }

  @AfterAll
  static void stopCluster() throws Exception {
    script("stop");
  }

  @Test
  @Timeout(value = 6, unit = TimeUnit.MINUTES)
  void anyServerReadsWhatAnotherAcknowledgedAndAKilledServerLosesNothing() {
    try (ServerProcess a = start("a", node1); ServerProcess b = start("b", node2)) {
      ApiClient viaA = a.client(KEY);
      ApiClient viaB = b.client(KEY);

      // Acknowledged by one server, read through the other at once: the answer came after the store had it.
      String trace = Batch.traceId();
      String span = Batch.spanId();
      viaA.ingestOk(Batch.of().trace("traceId", trace, "name", "through-a")
          .span("traceId", trace, "spanId", span, "type", "generation", "model", "gpt-4o",
              "inputTokens", 12, "outputTokens", 3, "startTime", Batch.nowMicros(), "output", "hello"));
      JsonNode read = viaB.getJson("/api/traces/" + trace);
      assertThat(read.path("trace").path("name").asText()).isEqualTo("through-a");
      assertThat(read.path("spans").get(0).path("output").asText()).isEqualTo("hello");
      // A partial update through the other server merges into the stored span.
      viaB.ingestOk(Batch.of().span("traceId", trace, "spanId", span, "endTime", Batch.nowMicros() + 1000));
      JsonNode merged = viaA.getJson("/api/traces/" + trace).path("spans").get(0);
      assertThat(merged.path("output").asText()).isEqualTo("hello");
      assertThat(merged.path("endTime").asLong()).isPositive();

      spansOfOneTraceThroughBothServersAddUp(viaA, viaB);

      // kill -9 of the server under load: every span it acknowledged is readable through the other.
      Queue<Workload.Sent> acknowledged = Load.newLog();
      Load load = new Load(viaA, 4, acknowledged, new AtomicInteger());
      load.awaitAcknowledged(150);
      ServerProcess.sleep(1500);
      load.stop();
      assertThat(a.kill()).isEqualTo(ServerProcess.SIGKILL_EXIT);
      load.join();
      Workload.assertStored(viaB, acknowledged);
      System.out.printf("ClusterIT: %d traces acknowledged by the killed server, all read through the other%n",
          acknowledged.size());

      // The survivor's ClickHouse node stops: /health says the store is out of reach.
      assertThat(viaB.get("/health").status()).isEqualTo(200);
      stopNode2();
      ApiClient health = b.client(null);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (health.get("/health").status() == 200 && System.nanoTime() < deadline) {
        ServerProcess.sleep(100);
      }
      assertThat(health.get("/health").text())
          .contains("storage unreachable");
    }
  }

  /**
   * The spans of each trace arrive through both servers at once, as an OpenTelemetry deployment
   * behind a round-robin balancer sends them: every trace's rollups count every span, because the
   * servers' merges into one trace take turns.
   */
  private static void spansOfOneTraceThroughBothServersAddUp(ApiClient viaA, ApiClient viaB) {
    int traces = 40;
    int spansPerTrace = 12;
    String[] ids = new String[traces];
    for (int t = 0; t < traces; t++) {
      ids[t] = Batch.traceId();
    }
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
    try {
      java.util.List<java.util.concurrent.Future<?>> sent = new java.util.ArrayList<>();
      // Trace by trace, so that the requests in flight at any moment are a trace's spans, half
      // through each server.
      for (String id : ids) {
        for (int s = 0; s < spansPerTrace; s++) {
          ApiClient via = s % 2 == 0 ? viaA : viaB;
          sent.add(pool.submit(() -> via.ingestOk(Batch.of().span("traceId", id, "spanId", Batch.spanId(),
              "type", "generation", "model", "gpt-4o", "inputTokens", 10, "outputTokens", 1,
              "startTime", Batch.nowMicros()))));
        }
      }
      for (java.util.concurrent.Future<?> f : sent) {
        f.get(2, TimeUnit.MINUTES);
      }
    } catch (Exception e) {
      throw new AssertionError(e);
    } finally {
      pool.shutdownNow();
    }
    for (String id : ids) {
      JsonNode read = viaB.getJson("/api/traces/" + id);
      assertThat(read.path("spans")).as("spans of " + id).hasSize(spansPerTrace);
      assertThat(read.path("trace").path("spanCount").asInt()).as("spanCount of " + id).isEqualTo(spansPerTrace);
      assertThat(read.path("trace").path("inputTokens").asLong()).as("inputTokens of " + id)
          .isEqualTo(10L * spansPerTrace);
    }
  }

  private ServerProcess start(String name, String clickhouse) {
    return ServerProcess.start(data.resolve(name), KEY, logs.resolve(name + ".log"), "--storage", "clickhouse",
        "--clickhouse-url", clickhouse, "--clickhouse-database", "sightline_it", "--clickhouse-cluster", "sightline",
        "--clickhouse-replicated", "--state", "postgres", "--postgres-url", postgres, "--postgres-user", "postgres");
  }

  private static void stopNode2() {
    try {
      long pid = Long.parseLong(java.nio.file.Files.readString(cluster.resolve("ch2").resolve("pid")).trim());
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String script(String command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("bash", SCRIPT.toString(), command, cluster.toString())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new AssertionError("cluster.sh " + command + " failed:\n" + out);
    }
    return out;
  }
}
