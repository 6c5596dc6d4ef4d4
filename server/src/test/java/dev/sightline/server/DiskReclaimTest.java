package dev.sightline.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sightline.server.testing.ApiClient;
import dev.sightline.server.testing.Batch;
import dev.sightline.server.testing.TestServer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store's giving back of deleted data's disk space as operators see it, in
 * {@code GET /api/retention} and {@code /metrics}. The in-memory store frees it as it deletes (its
 * counters stay zero); the DuckDB store's counters are those of its payload compaction
 * ({@code PayloadCompactionTest}) and of its database rewrite ({@code DatabaseRewriteTest}), which
 * the {@code dist} module's run of this test (on DuckDB, {@code rewriteDelay} 0) sees happen.
 */
class DiskReclaimTest {
  @TempDir Path data;

  @Test
  void theRetentionStatusAndTheMetricsShowTheStoresDiskReclaiming() {
    try (TestServer server = TestServer.builder(data).withoutOtlpGrpc().start()) {
      ApiClient api = server.newProject();
      JsonNode reclaim = api.getJson("/api/retention").path("diskReclaim");
      assertThat(reclaim.path("reclaimedBytes").asLong()).isZero();
      assertThat(reclaim.path("copiedBytes").asLong()).isZero();
      assertThat(reclaim.path("lastRunAt").isNull()).as(reclaim.toString()).isTrue();
      assertThat(server.metricsText()).contains("sightline_storage_reclaimed_bytes 0.0",
          "sightline_storage_reclaim_last_run_seconds 0.0");
    }
  }

  @Test
  void aDeletionsDatabaseRewriteShowsInTheRetentionStatusAndTheMetrics() {
    boolean rewrites = "duckdb".equals(System.getProperty("sightline.test.storage"));
    TestServer.Builder builder = TestServer.builder(data).withoutOtlpGrpc();
    if (rewrites) {
      builder.storageOption("rewriteDelay", "0");
    }
    try (TestServer server = builder.start()) {
      ApiClient api = server.newProject();
      String trace = Batch.traceId();
      api.ingestOk(Batch.of().trace("traceId", trace, "name", "to forget", "startTime", Batch.nowMicros()));
      api.awaitTrace(trace, 0);
      assertThat(api.delete("/api/traces/" + trace).status()).isEqualTo(200);
      JsonNode reclaim = api.await("/api/retention", r -> !rewrites
          || !r.path("diskReclaim").path("lastRewriteAt").isNull()).path("diskReclaim");
      assertThat(reclaim.has("rewrittenBytes") && reclaim.has("lastRewriteAt")).as(reclaim.toString()).isTrue();
      assertThat(reclaim.path("rewritePendingSince").isNull()).as(reclaim.toString()).isTrue();
      assertThat(server.metricsText()).contains("sightline_storage_rewrite_pending_seconds 0.0");
      if (rewrites) {
        assertThat(reclaim.path("rewrittenBytes").asLong()).isPositive();
        assertThat(server.metricsText()).doesNotContain("sightline_storage_rewrite_last_run_seconds 0.0");
      } else {
        assertThat(reclaim.path("rewrittenBytes").asLong()).isZero();
        assertThat(reclaim.path("lastRewriteAt").isNull()).isTrue();
        assertThat(server.metricsText()).contains("sightline_storage_rewrite_last_run_seconds 0.0");
      }
    }
  }
}
