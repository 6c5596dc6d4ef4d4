package dev.sightline.server.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sightline.server.testing.ApiClient;
import dev.sightline.server.testing.ApiResponse;
import dev.sightline.server.testing.Batch;
import dev.sightline.server.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Evaluators through {@code /api/evaluators} over real HTTP: their versions and bad input, their
 * judging of spans and traces as they end (deterministic kinds at once, remote ones from the
 * queue against a fake judge on loopback), requested evaluators, and backfills.
 */
class EvaluatorEndToEndTest {
  private static final String LENGTH = "{\"name\": \"short-answer\", \"kind\": \"length\", \"target\": \"generation\","
      + " \"filter\": {\"feature\": \"chat\"}, \"config\": {\"max\": 10}}";
  private static final long T = 1_795_000_000_000_000L;
  private static final String RANGE = "{\"from\": " + T + ", \"to\": " + (T + 2_000_000) + "}";
  @TempDir Path data;

  @Test
  void evaluatorsAreVersionedAndBadOnesRefusedNamingTheField() throws Exception {
    try (TestServer server = TestServer.builder(data).withoutOtlpGrpc().start()) {
      ApiClient api = server.newProject();
      ApiResponse made = post(api, "/api/evaluators", LENGTH);
      assertThat(made.status()).isEqualTo(201);
      assertThat(made.json().path("version").asInt()).isEqualTo(1);
      assertThat(made.json().path("sampleRate").asDouble()).isEqualTo(1.0);
      assertThat(made.json().path("enabled").asBoolean()).isTrue();
      assertThat(post(api, "/api/evaluators", LENGTH).status()).isEqualTo(409);

      ApiResponse changed = api.putJson("/api/evaluators/short-answer", LENGTH.replace("10", "20"));
      assertThat(changed.status()).isEqualTo(200);
      assertThat(changed.json().path("version").asInt()).isEqualTo(2);
      ApiResponse disabled = api.putJson("/api/evaluators/short-answer",
          LENGTH.replace("10", "20").replace("}}", "}, \"enabled\": false}"));
      assertThat(disabled.json().path("version").asInt()).as("only enabled changed").isEqualTo(2);
      assertThat(disabled.json().path("enabled").asBoolean()).isFalse();
      assertThat(api.putJson("/api/evaluators/nope", LENGTH.replace("short-answer", "nope")).status()).isEqualTo(404);

      assertThat(error(api, LENGTH.replace("length", "lenght"))).startsWith("kind: must be one of [contains");
      assertThat(error(api, LENGTH.replace("generation", "generations"))).startsWith("target: must be trace or a span");
      assertThat(error(api, LENGTH.replace("\"filter\"", "\"sampleRate\": 1.5, \"filter\"")))
          .startsWith("sampleRate: must be a number from 0 to 1");
      assertThat(error(api, LENGTH.replace("\"feature\"", "\"q\""))).startsWith("filter.q: not allowed");
      assertThat(error(api, LENGTH.replace("\"feature\"", "\"feture\""))).startsWith("filter.feture: unknown parameter");
      assertThat(error(api, LENGTH.replace("\"max\": 10", "\"max\": -1"))).startsWith("config.max:");
      assertThat(error(api, LENGTH.replace("\"kind\"", "\"knd\": 1, \"kind\""))).startsWith("knd: unknown field");
      assertThat(error(api, LENGTH.replace("short-answer", "Short Answer"))).startsWith("name: must match");

      assertThat(api.getJson("/api/evaluators").path("items")).hasSize(1);
      assertThat(api.getJson("/api/evaluators/kinds").path("items").toString()).contains("llm-judge", "word-list");
      assertThat(server.newProject().getJson("/api/evaluators").path("items")).isEmpty();
      assertThat(api.delete("/api/evaluators/short-answer").status()).isEqualTo(204);
      assertThat(api.delete("/api/evaluators/short-answer").status()).isEqualTo(404);
      assertThat(Files.readString(data.resolve("audit.jsonl")))
          .contains("evaluator.create", "evaluator.update", "evaluator.delete");
    }
  }

  @Test
  void deterministicEvaluatorsJudgeMatchingSpansAsTheyEnd() throws Exception {
    try (TestServer server = TestServer.builder(data).withoutOtlpGrpc().start()) {
      ApiClient api = server.newProject();
      post(api, "/api/evaluators", LENGTH);
      post(api, "/api/evaluators", "{\"name\": \"valid-json\", \"kind\": \"json-valid\", \"target\": \"trace\"}");
      String chat = Batch.traceId();
      String other = Batch.traceId();
      String open = Batch.traceId();
      api.ingestOk(Batch.of()
          .trace("traceId", chat, "feature", "chat", "output", "{\"a\": 1}", "startTime", T + 1000, "endTime", T + 9000)
          .span("traceId", chat, "spanId", "a000000000000001", "type", "generation", "output", "far too long an answer",
              "startTime", T + 1000, "endTime", T + 5000)
          .span("traceId", chat, "spanId", "a000000000000002", "type", "generation", "output", "ok",
              "startTime", T + 1000, "endTime", T + 6000)
          .span("traceId", chat, "spanId", "a000000000000003", "type", "tool", "output", "tool", "endTime", T + 6000)
          .trace("traceId", other, "feature", "search")
          .span("traceId", other, "spanId", "b000000000000001", "type", "generation", "output", "x", "endTime", T + 7000)
          .trace("traceId", open, "feature", "chat")
          .span("traceId", open, "spanId", "c000000000000001", "type", "generation", "output", "not ended yet"));
      JsonNode scores = api.await("/api/scores?source=evaluator&traceId=" + chat, s -> s.path("items").size() == 3);
      JsonNode tooLong = find(scores, "a000000000000001");
      assertThat(tooLong.path("name").asText()).isEqualTo("short-answer");
      assertThat(tooLong.path("value").asDouble()).isEqualTo(0.0);
      assertThat(tooLong.path("label").asText()).isEqualTo("fail");
      assertThat(tooLong.path("time").asLong()).as("the span's end").isEqualTo(T + 5000);
      assertThat(tooLong.path("metadata").path("evaluatorVersion").asInt()).isEqualTo(1);
      assertThat(tooLong.path("metadata").path("kind").asText()).isEqualTo("length");
      assertThat(find(scores, "a000000000000002").path("value").asDouble()).isEqualTo(1.0);
      JsonNode trace = find(scores, null);
      assertThat(trace.path("name").asText()).isEqualTo("valid-json");
      assertThat(trace.path("value").asDouble()).isEqualTo(1.0);
      // The other trace is not a chat: its generation is left alone, but the trace ends with its root span.
      JsonNode otherScores = api.await("/api/scores?source=evaluator&traceId=" + other, s -> s.path("items").size() == 1);
      assertThat(otherScores.path("items").get(0).path("name").asText()).isEqualTo("valid-json");
      assertThat(api.getJson("/api/scores?source=evaluator&traceId=" + open).path("items")).as("not ended").isEmpty();

      // The span ends later: it is judged then, once (and its trace, which ends with it).
      api.ingestOk(Batch.of().span("traceId", open, "spanId", "c000000000000001", "endTime", T + 8000));
      api.await("/api/scores?source=evaluator&traceId=" + open, s -> s.path("items").size() == 2);
      api.ingestOk(Batch.of().span("traceId", open, "spanId", "c000000000000001", "metadata", Batch.obj("k", 1)));
      api.awaitTrace(open, t -> true);
      assertThat(api.getJson("/api/scores?source=evaluator&traceId=" + open).path("items")).hasSize(2);
    }
  }

  @Test
  void requestedEvaluatorsRunAtTheTracesSampleRateAndUnknownOnesAreErrors() throws Exception {
    try (TestServer server = TestServer.builder(data).withoutOtlpGrpc().start()) {
      ApiClient api = server.newProject();
      post(api, "/api/evaluators", "{\"name\": \"has-apology\", \"kind\": \"contains\", \"target\": \"trace\","
          + " \"enabled\": true, \"sampleRate\": 0, \"config\": {\"values\": [\"sorry\"]}}");
      String trace = Batch.traceId();
      String skipped = Batch.traceId();
      api.ingestOk(Batch.of()
          .trace("traceId", trace, "output", "sorry, no", "endTime", T + 5000)
          .span("traceId", trace, "spanId", "d000000000000001", "type", "generation", "output", "hi",
              "endTime", T + 4000, "evaluators", Batch.arr(Batch.obj("slug", "has-apology"), Batch.obj("slug", "no-such")))
          .trace("traceId", skipped, "output", "sorry", "endTime", T + 5000, "evaluators", Batch.arr(Batch.obj("slug", "has-apology")),
              "evaluationConfig", Batch.obj("sampleRate", 0)));
      JsonNode scores = api.await("/api/scores?source=evaluator&traceId=" + trace, s -> s.path("items").size() == 2);
      Map<String, JsonNode> byName = new HashMap<>();
      scores.path("items").forEach(s -> byName.put(s.path("name").asText(), s));
      JsonNode asked = byName.get("has-apology");
      assertThat(asked.path("spanId").asText()).isEqualTo("d000000000000001");
      assertThat(asked.path("value").asDouble()).as("the span's output has no apology").isEqualTo(0.0);
      JsonNode unknown = byName.get("no-such");
      assertThat(unknown.path("spanId").asText()).isEqualTo("d000000000000001");
      assertThat(unknown.path("label").asText()).isEqualTo("error");
      assertThat(unknown.has("value") && !unknown.path("value").isNull()).isFalse();
      assertThat(unknown.path("comment").asText()).isEqualTo("the project has no evaluator no-such");
      api.awaitTrace(skipped, t -> true);
      assertThat(api.getJson("/api/scores?source=evaluator&traceId=" + skipped).path("items")).isEmpty();
    }
  }

  @Test
  void remoteJudgesRunFromTheQueueAndFailuresAreErrorScores() throws Exception {
    try (FakeEndpoint judge = new FakeEndpoint(LlmJudgeTest.answer("{\"score\": 0.75, \"reason\": \"mostly\"}"));
        FakeEndpoint down = new FakeEndpoint(FakeEndpoint.Reply.status(500));
        TestServer server = TestServer.builder(data).withoutOtlpGrpc().start()) {
      ApiClient api = server.newProject();
      post(api, "/api/evaluators", "{\"name\": \"judge\", \"kind\": \"llm-judge\", \"target\": \"generation\", "
          + "\"config\": {\"baseUrl\": \"" + judge.url() + "/v1\", \"model\": \"m\", \"prompt\": \"Rate {{output}}\"}}");
      post(api, "/api/evaluators", "{\"name\": \"hook\", \"kind\": \"webhook\", \"target\": \"generation\", "
          + "\"config\": {\"url\": \"" + down.url() + "/score\", \"maxRetries\": 1, \"backoffMs\": 10}}");
      String trace = Batch.traceId();
      api.ingestOk(Batch.of().span("traceId", trace, "spanId", "e000000000000001", "type", "generation",
          "output", "Paris", "endTime", T + 4000));
      JsonNode scores = api.await("/api/scores?source=evaluator&traceId=" + trace, s -> s.path("items").size() == 2,
          Duration.ofSeconds(30));
      for (JsonNode s : scores.path("items")) {
        if (s.path("name").asText().equals("judge")) {
          assertThat(s.path("value").asDouble()).isEqualTo(0.75);
          assertThat(s.path("comment").asText()).isEqualTo("mostly");
        } else {
          assertThat(s.path("label").asText()).isEqualTo("error");
          assertThat(s.path("metadata").path("error").asBoolean()).isTrue();
          assertThat(s.path("comment").asText()).contains("500");
        }
      }
      assertThat(judge.requests().get(0).body()).contains("Rate Paris");
    }
  }

  @Test
  void aBackfillJudgesStoredSpansInItsRangeWithProgress() throws Exception {
    try (TestServer server = TestServer.builder(data).withoutOtlpGrpc().start()) {
      ApiClient api = server.newProject();
      Batch batch = Batch.of();
      for (int i = 0; i < 30; i++) {
        String trace = Batch.traceId();
        long start = T + (i < 20 ? 1_000_000 : 5_000_000) + i;
        batch.trace("traceId", trace, "startTime", start, "endTime", start + 10)
            .span("traceId", trace, "spanId", "f00000000000000" + Integer.toHexString(i % 16), "type", "generation",
                "output", i % 2 == 0 ? "short" : "a much longer answer", "startTime", start, "endTime", start + 10);
      }
      api.ingestOk(batch);
      api.await("/api/traces?limit=100", t -> t.path("items").size() == 30);
      post(api, "/api/evaluators", LENGTH.replace(", \"filter\": {\"feature\": \"chat\"}", "")
          .replace("}}", "}, \"enabled\": false}"));
      assertThat(api.getJson("/api/scores?source=evaluator").path("items")).as("disabled: not run on ingest").isEmpty();

      ApiResponse bad = post(api, "/api/evaluators/short-answer/run", "{\"to\": " + (T + 2_000_000) + "}");
      assertThat(bad.status()).isEqualTo(400);
      assertThat(bad.errorMessage()).startsWith("from: required");
      assertThat(post(api, "/api/evaluators/nope/run", "{\"from\": 0}").status()).isEqualTo(404);
      ApiResponse started = post(api, "/api/evaluators/short-answer/run", RANGE);
      assertThat(started.status()).isEqualTo(202);
      String run = started.json().path("runId").asText();
      JsonNode done = api.await("/api/evaluators/short-answer/runs/" + run, r -> !r.path("status").asText().equals("running"));
      assertThat(done.path("status").asText()).isEqualTo("done");
      assertThat(done.path("scanned").asInt()).isEqualTo(20);
      assertThat(done.path("judged").asInt()).isEqualTo(20);
      assertThat(done.path("errors").asInt()).isZero();
      JsonNode scores = api.await("/api/scores?source=evaluator&limit=100", s -> s.path("items").size() == 20);
      assertThat(scores.path("items")).filteredOn(s -> s.path("value").asDouble() == 1.0).hasSize(10);
      assertThat(api.getJson("/api/evaluators/short-answer/runs").path("items")).hasSize(1);

      // Again: the same version gives the same score ids, so nothing is added.
      String again = post(api, "/api/evaluators/short-answer/run", RANGE).json()
          .path("runId").asText();
      api.await("/api/evaluators/short-answer/runs/" + again, r -> r.path("status").asText().equals("done"));
      // A new version judges anew. Its scores are logged after the rerun's, so once they show, the rerun's have too.
      api.putJson("/api/evaluators/short-answer", LENGTH.replace(", \"filter\": {\"feature\": \"chat\"}", "")
          .replace("\"max\": 10", "\"max\": 12"));
      post(api, "/api/evaluators/short-answer/run", RANGE);
      JsonNode both = api.await("/api/scores?source=evaluator&limit=100", s -> s.path("items").size() >= 40);
      assertThat(both.path("items")).hasSize(40);
      assertThat(both.path("items")).filteredOn(s -> s.path("metadata").path("evaluatorVersion").asInt() == 2)
          .hasSize(20);
    }
  }

  @Test
  void aBackfillStaysWithinTheRetentionWindow() throws Exception {
    try (TestServer server = TestServer.builder(data).withoutOtlpGrpc().start()) {
      ApiClient api = server.newProject();
      long now = System.currentTimeMillis() * 1000;
      String old = Batch.traceId();
      String recent = Batch.traceId();
      api.ingestOk(Batch.of()
          .span("traceId", old, "spanId", "a100000000000001", "type", "generation", "output", "an old answer",
              "startTime", now - 20 * 86_400_000_000L, "endTime", now - 20 * 86_400_000_000L + 10)
          .span("traceId", recent, "spanId", "a200000000000001", "type", "generation", "output", "a new answer",
              "startTime", now - 86_400_000_000L, "endTime", now - 86_400_000_000L + 10));
      api.awaitTrace(recent, t -> true);
      api.putJson("/api/settings", "{\"retentionDays\": 10}");
      post(api, "/api/evaluators", LENGTH.replace(", \"filter\": {\"feature\": \"chat\"}", "")
          .replace("}}", "}, \"enabled\": false}"));
      String run = post(api, "/api/evaluators/short-answer/run", "{\"from\": 0}").json().path("runId").asText();
      JsonNode done = api.await("/api/evaluators/short-answer/runs/" + run, r -> r.path("status").asText().equals("done"));
      assertThat(done.path("scanned").asInt()).as("the trace past the window is not read").isEqualTo(1);
      JsonNode scores = api.await("/api/scores?source=evaluator", s -> s.path("items").size() == 1);
      assertThat(scores.path("items").get(0).path("traceId").asText()).isEqualTo(recent);
    }
  }

  private static JsonNode find(JsonNode scores, String spanId) {
    for (JsonNode s : scores.path("items")) {
      if (spanId == null ? s.path("spanId").isMissingNode() || s.path("spanId").isNull()
          : spanId.equals(s.path("spanId").asText())) {
        return s;
      }
    }
    throw new AssertionError("no score of span " + spanId + " in " + scores);
  }

  private static ApiResponse post(ApiClient api, String path, String json) {
    return api.post(path, json.getBytes(StandardCharsets.UTF_8), "content-type", "application/json");
  }

  private static String error(ApiClient api, String json) {
    ApiResponse r = post(api, "/api/evaluators", json.replace("short-answer", "other"));
    assertThat(r.status()).as(r.text()).isEqualTo(400);
    return r.errorMessage();
  }
}
