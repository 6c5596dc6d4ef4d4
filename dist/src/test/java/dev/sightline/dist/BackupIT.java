package dev.sightline.dist;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sightline.server.testing.ApiClient;
import dev.sightline.server.testing.Batch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backup taken with the CLI while clients ingest, restored into a new data directory: a server
 * on it holds everything acknowledged before the backup began and answers for it exactly as the
 * original does.
 */
class BackupIT {
  private static final String KEY = "sl_backup_admin_" + Batch.unique();

  @TempDir Path data;
  @TempDir Path copies;
  @TempDir Path logs;

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void aBackupUnderLoadRestoresToTheSameAnswers() throws Exception {
    Path backup = copies.resolve("backup");
    Path restored = copies.resolve("restored");
    try (ServerProcess server = ServerProcess.start(data, KEY, logs.resolve("server.log"))) {
      ApiClient api = server.client(KEY);
      assertThat(api.postJson("/api/evaluators", "{\"name\": \"kept\", \"kind\": \"length\", "
          + "\"target\": \"generation\", \"enabled\": false, \"config\": {\"max\": 10}}").status()).isEqualTo(201);
      Queue<Workload.Sent> acknowledged = Load.newLog();
      Load load = new Load(api, 4, acknowledged, new AtomicInteger());
      load.awaitAcknowledged(300);
      List<Workload.Sent> before = new ArrayList<>(acknowledged);

      String out = ServerProcess.cli("backup", backup.toString(), "--url", server.uri().toString(), "--key", KEY);
      assertThat(out).contains("100%", "Backed up", backup.toString());
      load.stop();
      load.join();
      assertThat(acknowledged.size()).as("ingest went on during the backup").isGreaterThan(before.size());
      assertThat(Files.isRegularFile(backup.resolve("backup.json"))).isTrue();
      assertThat(api.post("/api/backup?dir=" + backup, new byte[0]).errorMessage()).contains("is not empty");
      assertThat(api.getJson("/api/audit").toString()).contains("\"action\":\"backup\"");

      assertThat(ServerProcess.cli("restore", backup.toString(), "--data", restored.toString()))
          .contains("Restored", "serve --data " + restored);
      try (ServerProcess copy = ServerProcess.start(restored, KEY, logs.resolve("restored.log"))) {
        ApiClient copied = copy.client(KEY);
        Workload.assertStored(copied, before);
        assertThat(copied.getJson("/api/evaluators/kept").path("config").path("max").asInt()).isEqualTo(10);
        for (Workload.Sent sent : before.subList(0, Math.min(50, before.size()))) {
          JsonNode original = api.getJson("/api/traces/" + sent.traceId());
          assertThat(copied.getJson("/api/traces/" + sent.traceId())).as(sent.traceId()).isEqualTo(original);
        }
      }
    }
  }
}
