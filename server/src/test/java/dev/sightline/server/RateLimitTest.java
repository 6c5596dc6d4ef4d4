package dev.sightline.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sightline.server.auth.KeyStore;
import dev.sightline.server.auth.Role;
import dev.sightline.server.testing.ApiClient;
import dev.sightline.server.testing.ApiResponse;
import dev.sightline.server.testing.Batch;
import dev.sightline.server.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A key's requests and spans per second: over either, 429 with Retry-After, and nothing stored. */
class RateLimitTest {
  @TempDir Path data;

  @Test
  void aKeyOverItsRatesIsAskedToWait() throws Exception {
    try (TestServer server = TestServer.builder(data).withoutOtlpGrpc().start()) {
      ApiClient any = server.newProject();
      String project = server.server().keys().projectOf(any.key()).orElseThrow();
      ApiClient slow = any.withKey(server.server().keys().createKey(project, "dashboard", Role.READ,
          new KeyStore.Limits(2, null)));
      assertThat(slow.get("/api/traces").status()).isEqualTo(200);
      assertThat(slow.get("/api/traces").status()).isEqualTo(200);
      ApiResponse third = slow.get("/api/traces");
      assertThat(third.status()).isEqualTo(429);
      assertThat(third.header("Retry-After")).hasValue("1");
      assertThat(third.errorMessage()).contains("over its 2 requests per second; retry after");
      Thread.sleep(1100);
      assertThat(slow.get("/api/traces").status()).as("the bucket refills").isEqualTo(200);

      ApiClient small = any.withKey(server.server().keys().createKey(project, "batch-job", Role.WRITE,
          new KeyStore.Limits(null, 5)));
      String first = Batch.traceId();
      small.ingestOk(Batch.of().trace("traceId", first).trace("traceId", Batch.traceId())
          .trace("traceId", Batch.traceId()).trace("traceId", Batch.traceId()));
      String refused = Batch.traceId();
      ApiResponse over = small.ingest(Batch.of().trace("traceId", refused).trace("traceId", Batch.traceId())
          .trace("traceId", Batch.traceId()).trace("traceId", Batch.traceId()));
      assertThat(over.status()).isEqualTo(429);
      assertThat(over.header("Retry-After")).hasValue("1");
      assertThat(over.errorMessage()).contains("over its 5 spans per second; nothing of this request was stored");
      server.awaitApplied();
      assertThat(small.get("/api/traces/" + first).status()).isEqualTo(200);
      assertThat(small.get("/api/traces/" + refused).status()).isEqualTo(404);
      assertThat(any.get("/api/traces").status()).as("other keys are not limited").isEqualTo(200);

      ApiClient admin = any.withKey(server.server().keys().createKey(project, "ops", Role.ADMIN));
      assertThat(admin.getJson("/api/keys").toString()).contains("\"requestsPerSecond\":2", "\"spansPerSecond\":5");
      assertThat(admin.post("/api/keys", "{\"spansPerSecond\": 0}".getBytes(StandardCharsets.UTF_8),
          "Content-Type", "application/json").errorMessage())
          .isEqualTo("spansPerSecond: must be from 1 to 100000000, or absent for no limit");
    }
  }
}
