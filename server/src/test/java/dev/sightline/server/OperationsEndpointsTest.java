package dev.sightline.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sightline.server.testing.ApiClient;
import dev.sightline.server.testing.ApiResponse;
import dev.sightline.server.testing.Batch;
import dev.sightline.server.testing.SlowStorageProvider;
import dev.sightline.server.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /health} and the Prometheus meters of {@code /metrics}. */
class OperationsEndpointsTest {
  @TempDir Path data;

  @Test
  void metricsCountItemsRejectionsQueueAndWrites() {
    try (TestServer server = TestServer.start(data)) {
      ApiClient api = server.newProject();
      String trace = Batch.traceId();
      api.ingestOk(Batch.of()
          .trace("traceId", trace, "name", "m")
          .span("traceId", trace, "spanId", Batch.spanId())
          .span("traceId", trace, "spanId", Batch.spanId())
          .score("traceId", trace, "name", "q", "value", 1));
      ApiResponse partly = api.ingest(Batch.of()
          .span("traceId", trace, "spanId", Batch.spanId())
          .span("traceId", "bad")
          .trace("traceId", trace, "startTime", 1));
      assertThat(partly.status()).isEqualTo(207);
      assertThat(api.post("/api/ingest", "{".getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(400);
      assertThat(api.post("/api/ingest", Batch.of().bytes(), "Content-Type", "text/csv").status())
          .isEqualTo(415);
      assertThat(server.anonymous().get("/api/traces").status()).isEqualTo(401);
      api.awaitTrace(trace, 3);

      ApiResponse scrape = server.anonymous().get("/metrics");
      assertThat(scrape.status()).isEqualTo(200);
      assertThat(scrape.header("content-type").orElse("")).startsWith("text/plain");
      // The loader updates its meters just after the rows become visible: wait for them.
      Map<String, Double> m = awaitMetrics(server, x -> Double.valueOf(0).equals(x.get("sightline_ingest_queue_rows"))
          && Double.valueOf(5).equals(x.get("sightline_storage_write_rows_sum")));
      assertThat(m).containsEntry("sightline_ingest_items_total{type=\"trace\"}", 1.0)
          .containsEntry("sightline_ingest_items_total{type=\"span\"}", 3.0)
          .containsEntry("sightline_ingest_items_total{type=\"score\"}", 1.0)
          .containsEntry("sightline_ingest_rejected_total{reason=\"invalid_item\"}", 2.0)
          .containsEntry("sightline_ingest_rejected_total{reason=\"malformed\"}", 1.0)
          .containsEntry("sightline_ingest_rejected_total{reason=\"unsupported\"}", 1.0)
          .containsEntry("sightline_ingest_rejected_total{reason=\"unauthorized\"}", 1.0)
          .containsEntry("sightline_ingest_queue_rows", 0.0)
          .containsEntry("sightline_evaluations_queued", 0.0)
          .containsEntry("sightline_storage_write_rows_sum", 5.0);
      assertThat(m.get("sightline_storage_write_rows_count")).isBetween(1.0, 2.0);
      assertThat(m.get("sightline_storage_write_seconds_count")).isEqualTo(m.get("sightline_storage_write_rows_count"));
      assertThat(m.get("sightline_storage_write_seconds_sum")).isPositive();
      assertThat(m.get("sightline_wal_sync_seconds_count")).isBetween(1.0, 2.0);
      assertThat(m).containsKey("sightline_storage_write_seconds{quantile=\"0.99\"}");
      assertThat(m).containsEntry("sightline_storage_write_failures_total", 0.0);
    }
  }

  @Test
  void healthIsOkWhenIdleAndDegradedWhileStorageFails() {
    try (TestServer server = TestServer.builder(data).storage(SlowStorageProvider.NAME)
        .storageOption(SlowStorageProvider.DELAY_OPTION, "0")
        .storageOption(SlowStorageProvider.FAIL_OPTION, "4").start()) {
      ApiResponse idle = server.anonymous().get("/health");
      assertThat(idle.status()).isEqualTo(200);
      assertThat(idle.json().path("status").asText()).isEqualTo("ok");
      assertThat(idle.json().path("pendingRows").asLong()).isZero();

      ApiClient api = server.newProject();
      String trace = Batch.traceId();
      api.ingestOk(Batch.of().trace("traceId", trace, "name", "survives"));
      JsonNode degraded = awaitHealth(server, 503, h -> true);
      assertThat(degraded.path("status").asText()).isEqualTo("degraded");
      assertThat(degraded.path("pendingRows").asLong()).isEqualTo(1);
      // The loader keeps retrying; once storage works again nothing is lost.
      api.awaitTrace(trace, t -> t.path("trace").path("name").asText().equals("survives"));
      awaitHealth(server, 200, h -> h.path("pendingRows").asLong() == 0);
      assertThat(parse(server.metricsText())).containsEntry("sightline_storage_write_failures_total", 4.0);
    }
  }

  private static Map<String, Double> awaitMetrics(TestServer server,
      java.util.function.Predicate<Map<String, Double>> condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    Map<String, Double> m;
    do {
      m = parse(server.metricsText());
      if (condition.test(m)) {
        return m;
      }
    } while (System.nanoTime() < deadline && sleep());
    return m; // the assertions that follow say what is wrong
  }

  private static JsonNode awaitHealth(TestServer server, int status,
      java.util.function.Predicate<JsonNode> condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    ApiResponse r;
    do {
      r = server.anonymous().get("/health");
      if (r.status() == status && condition.test(r.json())) {
        return r.json();
      }
    } while (System.nanoTime() < deadline && sleep());
    throw new AssertionError("/health never answered " + status + " as expected; last: " + r);
  }

  private static boolean sleep() {
    try {
      Thread.sleep(10);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Prometheus text format: {@code name{labels} value} per sample line, comments skipped. */
  static Map<String, Double> parse(String text) {
    Map<String, Double> samples = new HashMap<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int space = line.lastIndexOf(' ');
      samples.put(line.substring(0, space).trim(), Double.parseDouble(line.substring(space + 1)));
    }
    return samples;
  }
}
