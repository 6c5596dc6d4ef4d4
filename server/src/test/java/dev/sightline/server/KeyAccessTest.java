package dev.sightline.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sightline.server.auth.KeyStore;
import dev.sightline.server.auth.Role;
import dev.sightline.server.testing.ApiClient;
import dev.sightline.server.testing.ApiResponse;
import dev.sightline.server.testing.Batch;
import dev.sightline.server.testing.Otlp;
import dev.sightline.server.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Roles of keys (read, write, admin), revocation in a running server, and the admin key API. */
class KeyAccessTest {
  @TempDir Path data;

  @Test
  void aReadOnlyKeyQueriesButCannotChangeAnything() throws Exception {
    try (TestServer server = TestServer.builder(data).withoutOtlpGrpc().start()) {
      ApiClient writer = server.newProject();
      String project = projectOf(server, writer);
      ApiClient reader = writer.withKey(server.server().keys().createKey(project, "dashboard", Role.READ));
      String trace = Batch.traceId();
      writer.ingestOk(Batch.of().trace("traceId", trace, "name", "visible"));
      server.awaitApplied();

      assertThat(reader.getJson("/api/traces/" + trace).path("trace").path("name").asText()).isEqualTo("visible");
      assertThat(reader.getJson("/api/settings").has("masking")).isTrue();
      ApiResponse ingest = reader.ingest(Batch.of().trace("traceId", Batch.traceId()));
      assertThat(ingest.status()).isEqualTo(403);
      assertThat(ingest.errorMessage()).startsWith("read-only key: it can query, but not ingest");
      assertThat(reader.post("/v1/traces", Otlp.json(Otlp.request(List.of(), Otlp.span(Otlp.ROOT, "x"))),
          "Content-Type", "application/json").status()).isEqualTo(403);
      assertThat(reader.putJson("/api/settings", "{}").status()).isEqualTo(403);
      assertThat(reader.get("/api/keys").status()).isEqualTo(403);
      assertThat(writer.get("/api/keys").errorMessage()).isEqualTo("this needs an admin key");
      JsonNode self = reader.getJson("/api/keys/current");
      assertThat(self.path("role").asText()).isEqualTo("read");
      assertThat(self.path("id").asText()).isEqualTo(KeyStore.idOf(reader.key()));
      assertThat(writer.getJson("/api/keys/current").path("role").asText()).isEqualTo("write");
    }
  }

  @Test
  void adminKeysManageKeysAndARevokedKeyStopsWorkingWithinASecond() throws Exception {
    try (TestServer server = TestServer.builder(data).withoutOtlpGrpc().start()) {
      ApiClient writer = server.newProject();
      String project = projectOf(server, writer);
      ApiClient admin = writer.withKey(server.server().keys().createKey(project, "ops", Role.ADMIN));

      ApiResponse created = admin.post("/api/keys", "{\"name\":\"ci-exporter\",\"role\":\"write\"}"
          .getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json");
      assertThat(created.status()).as(created.toString()).isEqualTo(201);
      String key = created.json().path("key").asText();
      String id = created.json().path("id").asText();
      assertThat(id).isEqualTo(KeyStore.idOf(key));
      assertThat(created.json().path("role").asText()).isEqualTo("write");
      ApiClient ci = writer.withKey(key);
      ci.ingestOk(Batch.of().trace("traceId", Batch.traceId(), "name", "from-ci"));

      JsonNode listed = admin.getJson("/api/keys");
      assertThat(listed.toString()).doesNotContain(key).doesNotContain(writer.key());
      JsonNode ciKey = null;
      for (JsonNode k : listed.path("items")) {
        if (k.path("id").asText().equals(id)) {
          ciKey = k;
        }
      }
      assertThat(ciKey).isNotNull();
      assertThat(ciKey.path("name").asText()).isEqualTo("ci-exporter");
      assertThat(ciKey.path("lastUsedAt").asLong()).as("used just now, in microseconds")
          .isCloseTo(System.currentTimeMillis() * 1000, Offset.offset(120_000_000L));
      assertThat(listed.path("items")).hasSize(3);

      assertThat(admin.post("/api/keys", "{\"role\":\"owner\"}".getBytes(StandardCharsets.UTF_8),
          "Content-Type", "application/json").errorMessage()).isEqualTo("role: must be read, write or admin");
      assertThat(admin.delete("/api/keys/000000000000").status()).isEqualTo(404);
      ApiResponse revoked = admin.delete("/api/keys/" + id);
      assertThat(revoked.status()).isEqualTo(200);
      assertThat(revoked.json().path("id").asText()).isEqualTo(id);

      long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
      int status = 200;
      while (status != 401 && System.nanoTime() < deadline) {
        Thread.sleep(100);
        status = ci.get("/api/traces").status();
      }
      assertThat(status).as("revoked within the reread interval").isEqualTo(401);
      assertThat(admin.get("/api/traces").status()).isEqualTo(200);
    }
  }

  private static String projectOf(TestServer server, ApiClient api) {
    return server.server().keys().projectOf(api.key()).orElseThrow();
  }
}
