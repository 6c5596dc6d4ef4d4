package dev.sightline.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sightline.server.testing.ApiClient;
import dev.sightline.server.testing.TestServer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store's giving back of deleted data's disk space as operators see it, in
 * {@code GET /api/retention} and {@code /metrics}. The in-memory store frees it as it deletes (its
 * counters stay zero); the DuckDB store's counters are those of its payload compaction
 * ({@code PayloadCompactionTest}).
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
}
