package dev.sightline.dist;

import static dev.sightline.server.testing.Batch.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sightline.server.auth.KeyStore;
import dev.sightline.server.testing.ApiClient;
import dev.sightline.server.testing.ApiResponse;
import dev.sightline.server.testing.Batch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deleting a trace, a user's and a session's traces, and a filtered set, with the shaded jar on its
 * DuckDB store under concurrent ingest: gone from every endpoint when the answer comes, audited, kept deleted across
 * a restart, and refused to read-only keys.
 */
class DeletionIT {
  private static final String ADMIN_KEY = "sl_deletion_admin_" + Batch.unique();

  @TempDir Path data;
  @TempDir Path logs;

  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void deletedTracesAreGoneFromEveryEndpoint() throws Exception {
    String t1 = Batch.traceId();
    String t2 = Batch.traceId();
    String t3 = Batch.traceId();
    String t4 = Batch.traceId();
    String kept = Batch.traceId();
    try (ServerProcess server = ServerProcess.start(data, ADMIN_KEY, logs.resolve("server.log"))) {
      ApiClient admin = server.client(ADMIN_KEY);
      ApiClient api = server.client(newKey());
      long now = Batch.nowMicros();
      api.ingestOk(Batch.of()
          .trace("traceId", t1, "name", "forget-me", "input", "marmalade recipe", "sessionId", "s-1",
              "user", obj("id", "u-1"), "startTime", now - 5_000_000)
          .span("traceId", t1, "spanId", Batch.spanId(), "name", "step", "input", "marmalade oranges")
          .score("traceId", t1, "name", "helpful", "value", 1)
          .trace("traceId", t2, "name", "also-u1", "user", obj("id", "u-1"), "startTime", now - 4_000_000)
          .trace("traceId", t3, "name", "f-a", "feature", "exports", "sessionId", "s-2", "startTime", now - 3_000_000)
          .trace("traceId", t4, "name", "f-b", "feature", "exports", "startTime", now - 2_000_000)
          .trace("traceId", kept, "name", "kept", "user", obj("id", "u-2"), "startTime", now - 1_000_000));
      api.awaitTrace(kept, t -> true);

      AtomicBoolean loading = new AtomicBoolean(true);
      List<String> loaded = new ArrayList<>();
      Thread load = new Thread(() -> {
        while (loading.get()) {
          String id = Batch.traceId();
          api.ingestOk(Batch.of().trace("traceId", id, "name", "concurrent", "user", obj("id", "u-3")));
          synchronized (loaded) {
            loaded.add(id);
          }
        }
      });
      load.start();

      assertThat(api.delete("/api/traces/" + t1).json().path("deleted").asInt()).isEqualTo(1);
      assertThat(api.get("/api/traces/" + t1).status()).as("at once").isEqualTo(404);
      assertThat(api.getJson("/api/traces?q=marmalade").path("items")).isEmpty();
      assertThat(api.getJson("/api/spans?q=oranges").path("items")).isEmpty();
      assertThat(api.getJson("/api/scores?traceId=" + t1).path("items")).isEmpty();
      assertThat(api.getJson("/api/sessions").toString()).doesNotContain("s-1");
      assertThat(api.delete("/api/traces/" + t1).status()).isEqualTo(404);
      assertThat(api.delete("/api/traces/" + t1).errorMessage()).isEqualTo("no trace " + t1 + " in this project");

      assertThat(api.delete("/api/users/u-1").json().path("deleted").asInt()).isEqualTo(1);
      assertThat(api.get("/api/traces/" + t2).status()).isEqualTo(404);
      assertThat(api.delete("/api/sessions/s-none").status()).isEqualTo(404);
      assertThat(api.delete("/api/sessions/s-2").json().path("deleted").asInt()).isEqualTo(1);
      ApiResponse unfiltered = api.post("/api/traces/delete", new byte[0]);
      assertThat(unfiltered.status()).isEqualTo(400);
      assertThat(unfiltered.errorMessage()).startsWith("filter: required");
      assertThat(api.post("/api/traces/delete?feture=exports", new byte[0]).errorMessage())
          .startsWith("feture: unknown parameter");
      assertThat(api.post("/api/traces/delete?feature=exports", new byte[0]).json().path("deleted").asInt())
          .isEqualTo(1);
      assertThat(api.get("/api/traces/" + t4).status()).isEqualTo(404);

      String fresh = Batch.traceId();
      api.ingestOk(Batch.of().trace("traceId", fresh, "name", "just-acknowledged"));
      assertThat(api.delete("/api/traces/" + fresh).json().path("deleted").asInt())
          .as("acknowledged but not yet loaded is found too").isEqualTo(1);

      loading.set(false);
      load.join();
      assertThat(api.get("/api/traces/" + kept).status()).isEqualTo(200);
      synchronized (loaded) {
        assertThat(loaded).isNotEmpty();
        api.awaitTrace(loaded.get(loaded.size() - 1), t -> true);
      }
      ApiClient reader = server.client(newKey("--read-only"));
      assertThat(reader.delete("/api/traces/" + kept).status()).isEqualTo(403);

      JsonNode audit = admin.getJson("/api/audit");
      assertThat(audit.path("items")).extracting(e -> e.path("action").asText())
          .containsSubsequence("traces.delete", "sessions.delete", "users.delete", "traces.delete");
      assertThat(audit.path("items").get(0).path("action").asText()).as("the read-only key's creation")
          .isEqualTo("key.create");
      assertThat(audit.path("items").get(0).path("keyId").asText()).isEqualTo("cli");
      assertThat(audit.path("items").get(1).path("keyId").asText()).isEqualTo(KeyStore.idOf(api.key()));
      assertThat(audit.toString()).contains("\"details\":{\"traces\":1}", "feature=exports");
      assertThat(api.get("/api/audit").status()).isEqualTo(403);
      assertThat(server.stop()).isEqualTo(ServerProcess.SIGTERM_EXIT);
    }
    try (ServerProcess again = ServerProcess.start(data, ADMIN_KEY, logs.resolve("server.log"))) {
      ApiClient api = again.client(ADMIN_KEY);
      assertThat(api.get("/api/traces/" + t1).status()).as("deleted across a restart").isEqualTo(404);
      assertThat(api.get("/api/traces/" + kept).status()).isEqualTo(200);
    }
  }

  /** A key of the default project made with the CLI while the server runs. */
  private String newKey(String... options) {
    List<String> args = new ArrayList<>(List.of("key", "create", "default", "--data", data.toString()));
    args.addAll(List.of(options));
    String printed = ServerProcess.cli(args.toArray(new String[0]));
    return printed.substring(printed.indexOf("sl_")).trim();
  }
}
