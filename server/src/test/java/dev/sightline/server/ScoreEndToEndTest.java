package dev.sightline.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sightline.server.auth.Role;
import dev.sightline.server.testing.ApiClient;
import dev.sightline.server.testing.ApiResponse;
import dev.sightline.server.testing.Batch;
import dev.sightline.server.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Score configs through {@code /api/score-configs} (and their file), the scores of {@code
 * /api/ingest} held to them item by item, and {@code POST /api/scores}, which stores all of its
 * scores or none, over real HTTP.
 */
class ScoreEndToEndTest {
  private static final String RANGE = "{\"dataType\": \"numeric\", \"min\": 1, \"max\": 5, \"description\": \"1-5\"}";
  private static final String TONE = "{\"dataType\": \"categorical\", \"categories\": "
      + "[{\"label\": \"polite\", \"value\": 1}, {\"label\": \"rude\", \"value\": 0}]}";
  @TempDir Path data;

  @Test
  void configsAreCreatedListedReplacedAndDeleted() throws Exception {
    try (TestServer server = TestServer.builder(data).withoutOtlpGrpc().start()) {
      ApiClient api = server.newProject();
      assertThat(api.putJson("/api/score-configs/helpfulness", RANGE).status()).isEqualTo(201);
      ApiResponse replaced = api.putJson("/api/score-configs/helpfulness", RANGE.replace("\"max\": 5", "\"max\": 10"));
      assertThat(replaced.status()).isEqualTo(200);
      assertThat(replaced.json().path("max").asDouble()).isEqualTo(10);
      assertThat(api.putJson("/api/score-configs/tone", TONE).status()).isEqualTo(201);

      JsonNode list = api.getJson("/api/score-configs");
      assertThat(list.path("items")).extracting(c -> c.path("name").asText()).containsExactly("helpfulness", "tone");
      JsonNode tone = api.getJson("/api/score-configs/tone");
      assertThat(tone.path("dataType").asText()).isEqualTo("categorical");
      assertThat(tone.path("categories").get(1).path("label").asText()).isEqualTo("rude");
      assertThat(server.newProject().getJson("/api/score-configs").path("items")).isEmpty();

      ApiResponse bad = api.putJson("/api/score-configs/tone", "{\"dataType\": \"categorical\", \"categories\": []}");
      assertThat(bad.status()).isEqualTo(400);
      assertThat(bad.errorMessage()).startsWith("categories: must be an array of 1 to 100");
      assertThat(api.putJson("/api/score-configs/x", "{\"dataType\": ").errorMessage()).startsWith("malformed JSON");
      String project = server.server().keys().projectOf(api.key()).orElseThrow();
      ApiClient reader = api.withKey(server.server().keys().createKey(project, "dash", Role.READ));
      assertThat(reader.putJson("/api/score-configs/x", RANGE).status()).isEqualTo(403);
      assertThat(reader.getJson("/api/score-configs").path("items")).hasSize(2);

      assertThat(api.delete("/api/score-configs/tone").status()).isEqualTo(204);
      assertThat(api.delete("/api/score-configs/tone").status()).isEqualTo(404);
      assertThat(api.get("/api/score-configs/tone").status()).isEqualTo(404);
      assertThat(Files.readString(data.resolve("audit.jsonl"))).contains("score-config.put", "score-config.delete");

      // An operator's edit of the file is picked up by the running server.
      String file = Files.readString(data.resolve("score-configs.json"));
      Files.writeString(data.resolve("score-configs.json"), file.replace("helpfulness", "clarity"),
          StandardCharsets.UTF_8);
      api.await("/api/score-configs", l -> l.path("items").get(0).path("name").asText().equals("clarity"));
    }
  }

  @Test
  void ingestRejectsTheScoresThatMissTheirConfigAndCompletesTheOthers() {
    try (TestServer server = TestServer.builder(data).withoutOtlpGrpc().start()) {
      ApiClient api = server.newProject();
      api.putJson("/api/score-configs/helpfulness", RANGE);
      api.putJson("/api/score-configs/tone", TONE);
      String trace = Batch.traceId();
      ApiResponse r = api.ingest(Batch.of()
          .trace("traceId", trace, "name", "chat")
          .score("traceId", trace, "name", "helpfulness", "value", 4)
          .score("traceId", trace, "name", "helpfulness", "value", 6, "source", "evaluator")
          .score("traceId", trace, "name", "tone", "label", "rude")
          .score("traceId", trace, "name", "tone", "value", 1)
          .score("traceId", trace, "name", "tone", "label", "snarky")
          .score("traceId", trace, "name", "unconfigured", "value", 42));
      assertThat(r.status()).as(r.toString()).isEqualTo(207);
      assertThat(r.json().path("accepted").asInt()).isEqualTo(5);
      assertThat(r.json().path("errors").toString()).isEqualTo("[{\"index\":2,\"message\":"
          + "\"body.value: score 'helpfulness' must be between 1 and 5\"},{\"index\":5,\"message\":"
          + "\"body.label: score 'tone' must be one of [polite, rude]\"}]");
      server.awaitApplied();
      JsonNode tones = api.getJson("/api/scores?traceId=" + trace + "&name=tone").path("items");
      assertThat(tones).extracting(s -> s.path("label").asText() + "=" + s.path("value").asDouble())
          .containsExactlyInAnyOrder("rude=0.0", "polite=1.0");
      assertThat(api.getJson("/api/scores?traceId=" + trace).path("items")).hasSize(4);
    }
  }

  @Test
  void postScoresStoresAllOrNoneAndAnswersTheirIds() throws Exception {
    try (TestServer server = TestServer.builder(data).withoutOtlpGrpc().start()) {
      ApiClient api = server.newProject();
      api.putJson("/api/score-configs/helpfulness", RANGE);
      String trace = Batch.traceId(); // never sent: feedback may come before its trace
      ApiResponse one = post(api, "{\"traceId\": \"" + trace + "\", \"name\": \"thumbs\", \"value\": 1}");
      assertThat(one.status()).as(one.toString()).isEqualTo(201);
      String derived = one.json().path("scores").get(0).path("scoreId").asText();
      assertThat(derived).matches("[0-9a-f]{32}");

      String span = Batch.spanId();
      ApiResponse two = post(api, "{\"scores\": [{\"traceId\": \"" + trace + "\", \"spanId\": \"" + span
          + "\", \"name\": \"helpfulness\", \"value\": 5, \"comment\": \"clear\", \"source\": \"annotation\","
          + " \"scoreId\": \"mine\"}, {\"traceId\": \"" + trace + "\", \"name\": \"helpfulness\", \"value\": 2}]}");
      assertThat(two.status()).as(two.toString()).isEqualTo(201);
      assertThat(two.json().path("scores")).extracting(s -> s.path("scoreId").asText()).hasSize(2).startsWith("mine");

      ApiResponse misfit = post(api, "{\"scores\": [{\"traceId\": \"" + trace + "\", \"name\": \"helpfulness\", "
          + "\"value\": 3}, {\"traceId\": \"" + trace + "\", \"name\": \"helpfulness\", \"value\": 9}]}");
      assertThat(misfit.status()).isEqualTo(400);
      assertThat(misfit.errorMessage()).isEqualTo("scores[1].value: score 'helpfulness' must be between 1 and 5");
      ApiResponse bad = post(api, "{\"traceId\": \"" + trace + "\", \"value\": 3}");
      assertThat(bad.errorMessage()).isEqualTo("name: required");
      assertThat(post(api, "{\"scores\": []}").errorMessage()).startsWith("scores: must be an array of 1 or more");
      assertThat(post(api, "[1]").errorMessage()).startsWith("body: must be a score object");
      assertThat(post(api, "{").errorMessage()).startsWith("malformed JSON");
      String project = server.server().keys().projectOf(api.key()).orElseThrow();
      ApiClient reader = api.withKey(server.server().keys().createKey(project, "dash", Role.READ));
      assertThat(post(reader, "{\"traceId\": \"" + trace + "\", \"name\": \"thumbs\", \"value\": 1}").status())
          .isEqualTo(403);

      server.awaitApplied();
      JsonNode scores = api.getJson("/api/scores?traceId=" + trace).path("items");
      assertThat(scores).extracting(s -> s.path("scoreId").asText() + " " + s.path("source").asText()
          + " " + s.path("value").asDouble()).containsExactlyInAnyOrder(derived + " api 1.0", "mine annotation 5.0",
          two.json().path("scores").get(1).path("scoreId").asText() + " api 2.0");
      assertThat(api.getJson("/api/scores?spanId=" + span).path("items").get(0).path("comment").asText())
          .isEqualTo("clear");
    }
  }

  private static ApiResponse post(ApiClient api, String json) {
    return api.post("/api/scores", json.getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json");
  }
}
