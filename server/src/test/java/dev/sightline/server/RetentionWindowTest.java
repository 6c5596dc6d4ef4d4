package dev.sightline.server;

import static dev.sightline.server.testing.Batch.obj;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sightline.server.testing.ApiClient;
import dev.sightline.server.testing.Batch;
import dev.sightline.server.testing.TestServer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A project's retention window hides what is older at once, from every read, before the job
 * deletes it; the window is set and checked through {@code /api/settings}.
 */
class RetentionWindowTest {
  private static final long DAY = 86_400_000_000L;
  @TempDir Path data;

  @Test
  void nothingOlderThanTheWindowIsAnswered() {
    try (TestServer server = TestServer.builder(data).withoutOtlpGrpc().start()) {
      ApiClient api = server.newProject();
      long now = Batch.nowMicros();
      String old = Batch.traceId();
      String recent = Batch.traceId();
      String oldSpan = Batch.spanId();
      api.ingestOk(Batch.of()
          .trace("traceId", old, "name", "ancient", "input", "quinces", "sessionId", "s-old", "user", obj("id", "u-old"),
              "startTime", now - 40 * DAY, "endTime", now - 40 * DAY + 1000)
          .span("traceId", old, "spanId", oldSpan, "name", "step", "startTime", now - 40 * DAY)
          .score("traceId", old, "name", "helpful", "value", 1, "time", now - 40 * DAY)
          .trace("traceId", recent, "name", "fresh", "input", "quinces", "startTime", now - DAY, "endTime", now - DAY + 1000));
      server.awaitApplied();
      assertThat(api.getJson("/api/traces?q=quinces").path("items")).hasSize(2);

      assertThat(api.putJson("/api/settings", "{\"retentionDays\": 0}").errorMessage())
          .isEqualTo("retentionDays: must be a whole number of days from 1 to 36500, or null to keep traces");
      assertThat(api.putJson("/api/settings", "{\"retentionDays\": 30}").json().path("retentionDays").asInt())
          .isEqualTo(30);

      assertThat(api.getJson("/api/traces?q=quinces").path("items")).hasSize(1);
      assertThat(api.getJson("/api/traces?from=0").path("items")).extracting(t -> t.path("traceId").asText())
          .containsExactly(recent);
      assertThat(api.get("/api/traces/" + old).status()).isEqualTo(404);
      assertThat(api.get("/api/traces/" + old + "/spans/" + oldSpan).status()).isEqualTo(404);
      assertThat(api.getJson("/api/spans?from=0").path("items")).isEmpty();
      assertThat(api.getJson("/api/scores").path("items")).isEmpty();
      assertThat(api.getJson("/api/sessions/s-old").path("traces").path("items")).isEmpty();
      assertThat(api.getJson("/api/users").toString()).doesNotContain("u-old");
      assertThat(api.getJson("/api/metrics?from=0&bucket=" + (now + DAY) + "us").path("points").get(0)
          .path("count").asInt()).isEqualTo(1);
      assertThat(api.getJson("/api/retention").path("retentionDays").asInt()).isEqualTo(30);

      // Lifting the window shows what the job has not deleted yet.
      api.putJson("/api/settings", "{\"retentionDays\": null}");
      assertThat(api.get("/api/traces/" + old).status()).isEqualTo(200);
      assertThat(api.getJson("/api/retention").path("retentionDays").isNull()).isTrue();
    }
  }
}
