package dev.sightline.server;

import static dev.sightline.server.testing.ApiClient.field;
import static dev.sightline.server.testing.Batch.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sightline.server.testing.ApiClient;
import dev.sightline.server.testing.ApiResponse;
import dev.sightline.server.testing.Batch;
import dev.sightline.server.testing.TestServer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Projects never see each other's data, and every API route needs a known key. */
class IsolationTest {
  @TempDir static Path data;
  static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start(data);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void aKeyReadsAndWritesOnlyItsOwnProject() {
    String u = Batch.unique();
    ApiClient a = server.client(server.createProject("alpha-" + u));
    ApiClient b = server.client(server.createProject("beta-" + u));
    String trace = Batch.traceId();
    String span = Batch.spanId();
    long start = Batch.nowMicros() - 60_000_000;
    b.ingestOk(Batch.of()
        .trace("traceId", trace, "referenceId", "ref-" + u, "feature", "beta-feature",
            "sessionId", "session-" + u, "user", obj("id", "user-" + u), "startTime", start,
            "endTime", start + 1_000_000, "input", "secret question of beta")
        .span("traceId", trace, "spanId", span, "type", "generation", "model", "gpt-4o",
            "startTime", start, "endTime", start + 500_000, "inputTokens", 10, "cost", 0.5)
        .score("traceId", trace, "name", "quality", "value", 1));
    JsonNode original = b.awaitTrace(trace, t -> t.path("scores").size() == 1
        && t.path("totals").path("spanCount").asInt() == 1);

    // Nothing of B is visible with A's key, by any route.
    assertThat(a.get("/api/traces/" + trace).status()).isEqualTo(404);
    assertThat(a.get("/api/references/ref-" + u).status()).isEqualTo(404);
    for (String list : List.of("/api/traces", "/api/traces?q=secret", "/api/spans",
        "/api/spans?type=generation", "/api/sessions", "/api/users", "/api/scores",
        "/api/scores?traceId=" + trace)) {
      assertThat(a.getJson(list).path("items")).as(list).isEmpty();
    }
    assertThat(a.getJson("/api/sessions/session-" + u).path("traces").path("items")).isEmpty();
    assertThat(a.getJson("/api/metrics").path("points")).isEmpty();
    assertThat(a.getJson("/api/metrics?entity=spans").path("points")).isEmpty();
    // ... while B sees all of it.
    assertThat(b.getJson("/api/metrics").path("points")).isNotEmpty();
    assertThat(field(b.getJson("/api/sessions"), "id")).containsExactly("session-" + u);

    // A writes with B's trace and span ids: that is A's own trace, B's stays as it was.
    String aSpan = Batch.spanId();
    a.ingestOk(Batch.of()
        .trace("traceId", trace, "feature", "alpha-feature", "referenceId", "ref-" + u,
            "startTime", start)
        .span("traceId", trace, "spanId", span, "name", "alpha-overwrite", "inputTokens", 999)
        .span("traceId", trace, "spanId", aSpan, "parentSpanId", span, "name", "alpha-child")
        .score("traceId", trace, "name", "quality", "value", 1));
    JsonNode mine = a.awaitTrace(trace, 2);
    assertThat(mine.path("trace").path("feature").asText()).isEqualTo("alpha-feature");
    assertThat(mine.path("trace").has("input")).isFalse();
    assertThat(mine.path("spans").get(0).path("name").asText()).isEqualTo("alpha-overwrite");
    assertThat(mine.path("spans").get(0).has("model")).isFalse();
    assertThat(mine.path("totals").path("inputTokens").asLong()).isEqualTo(999);
    assertThat(a.getJson("/api/references/ref-" + u).path("trace").path("feature").asText())
        .isEqualTo("alpha-feature");
    server.awaitApplied();
    assertThat(b.getJson("/api/traces/" + trace)).isEqualTo(original);
    assertThat(b.getJson("/api/references/ref-" + u).path("trace").path("feature").asText())
        .isEqualTo("beta-feature");
    assertThat(b.getJson("/api/spans").path("items")).hasSize(1);
    assertThat(b.getJson("/api/scores").path("items")).hasSize(1);
    assertThat(a.getJson("/api/scores").path("items")).hasSize(1);
  }

  @Test
  void everyApiRouteNeedsAKnownKey() {
    String trace = Batch.traceId();
    List<String> gets = List.of("/api/traces", "/api/traces/" + trace, "/api/references/r",
        "/api/spans", "/api/sessions", "/api/sessions/s", "/api/users", "/api/scores",
        "/api/metrics", "/api/no-such-route");
    ApiClient anonymous = server.anonymous();
    List<ApiClient> refused = List.of(anonymous, anonymous.withKey("sl_" + "0".repeat(48)),
        anonymous.withKey(""));
    for (ApiClient client : refused) {
      for (String path : gets) {
        assertUnauthorized(client.get(path), "GET " + path + " with key " + client.key());
      }
      assertUnauthorized(client.ingest(Batch.of().trace("traceId", trace)), "POST /api/ingest");
    }
    String valid = server.createKey("default");
    for (String scheme : List.of("Basic " + valid, valid, "Token " + valid)) {
      assertUnauthorized(anonymous.get("/api/traces", "Authorization", scheme), scheme);
    }
    // The scheme is case-insensitive; the key is not.
    assertThat(anonymous.get("/api/traces", "Authorization", "bearer " + valid).status()).isEqualTo(200);
    assertUnauthorized(anonymous.get("/api/traces", "Authorization", "Bearer " + valid.toUpperCase()),
        "upper-cased key");
    server.awaitApplied();
    assertThat(anonymous.withKey(valid).get("/api/traces/" + trace).status()).isEqualTo(404);
    // Operations endpoints are open.
    assertThat(anonymous.get("/health").status()).isEqualTo(200);
    assertThat(anonymous.get("/metrics").status()).isEqualTo(200);
  }

  private static void assertUnauthorized(ApiResponse r, String what) {
    assertThat(r.status()).as(what + ": " + r).isEqualTo(401);
    assertThat(r.header("content-type").orElse("")).as(what).startsWith("application/json");
    assertThat(r.errorMessage()).as(what).containsAnyOf("missing API key", "unknown API key");
  }
}
