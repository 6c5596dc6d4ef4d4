package dev.sightline.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sightline.server.testing.ApiClient;
import dev.sightline.server.testing.Batch;
import dev.sightline.server.testing.TestServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scores in queries over HTTP: the trace and span lists filtered and sorted by a score, score
 * metrics ({@code entity=scores}) as JSON and CSV, and the 400s naming the parameter.
 */
class ScoreQueryApiTest {
  private static final long S = 1_000_000;

  @TempDir static Path data;
  static TestServer server;
  static ApiClient api;
  static final long T0 = (Batch.nowMicros() - 600 * S) / S * S;
  /** One bucket holding every score. */
  static final String RANGE = "from=" + (T0 - 60 * S) + "&to=" + (T0 + 3600 * S) + "&bucket=" + (T0 + 3600 * S) + "us";
  static final String[] TRACES = {Batch.traceId(), Batch.traceId(), Batch.traceId()};
  static final String SPAN = Batch.spanId();

  /**
   * "quality" means: trace 0 is 0.25 (on it), trace 1 0.75 (1.0 on it, 0.5 on its span), trace 2
   * has only a failed evaluation (no value); "thumbs" on trace 2.
   */
  @BeforeAll
  static void start() {
    server = TestServer.start(data);
    api = server.newProject();
    api.ingestOk(Batch.of()
        .trace("traceId", TRACES[0], "feature", "chat", "startTime", T0)
        .trace("traceId", TRACES[1], "feature", "search", "startTime", T0 + S)
        .trace("traceId", TRACES[2], "feature", "chat", "startTime", T0 + 2 * S)
        .span("traceId", TRACES[1], "spanId", SPAN, "type", "generation", "model", "gpt-4o", "startTime", T0 + S)
        .score("scoreId", "s1", "traceId", TRACES[0], "name", "quality", "value", 0.25, "label", "poor",
            "source", "evaluator", "time", T0 + 10 * S)
        .score("scoreId", "s2", "traceId", TRACES[1], "name", "quality", "value", 1.0, "label", "good",
            "source", "evaluator", "time", T0 + 11 * S)
        .score("scoreId", "s3", "traceId", TRACES[1], "spanId", SPAN, "name", "quality", "value", 0.5,
            "label", "good", "source", "evaluator", "time", T0 + 12 * S)
        .score("scoreId", "s4", "traceId", TRACES[2], "name", "quality", "label", "error", "source", "evaluator",
            "time", T0 + 13 * S)
        .score("scoreId", "s5", "traceId", TRACES[2], "name", "thumbs", "value", 1, "source", "feedback",
            "time", T0 + 14 * S));
    api.await("/api/scores", s -> s.path("items").size() == 5);
    api.await("/api/spans", s -> s.path("items").size() == 1);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void traceListFiltersByTheMeanScore() {
    assertThat(traceIds("scoreName=quality")).containsExactly(TRACES[1], TRACES[0]);
    assertThat(traceIds("scoreName=quality&minScore=0.5")).containsExactly(TRACES[1]);
    assertThat(traceIds("scoreName=quality&maxScore=0.25")).containsExactly(TRACES[0]);
    assertThat(traceIds("scoreName=quality&minScore=0.75&maxScore=0.75&feature=search")).containsExactly(TRACES[1]);
    assertThat(traceIds("scoreName=thumbs")).containsExactly(TRACES[2]);
    assertThat(api.getJson("/api/spans?scoreName=quality&minScore=0.5").path("items"))
        .extracting(s -> s.path("spanId").asText()).containsExactly(SPAN);
  }

  @Test
  void traceListSortsByScoreAcrossPages() {
    List<String> ids = new ArrayList<>();
    String cursor = null;
    do {
      JsonNode page = api.getJson("/api/traces?scoreName=quality&sort=score&order=asc&limit=1"
          + (cursor == null ? "" : "&cursor=" + cursor));
      page.path("items").forEach(t -> ids.add(t.path("traceId").asText()));
      cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asText();
    } while (cursor != null);
    assertThat(ids).containsExactly(TRACES[0], TRACES[1]);
    assertThat(traceIds("scoreName=quality&sort=score")).containsExactly(TRACES[1], TRACES[0]);
  }

  @Test
  void scoreMetricsGroupByNameWithValueStatisticsAndLabels() {
    JsonNode points = api.getJson("/api/metrics?" + RANGE + "&entity=scores&groupBy=name").path("points");
    assertThat(points).hasSize(2);
    JsonNode quality = points.get(0);
    assertThat(quality.path("group").asText()).isEqualTo("quality");
    assertThat(quality.path("count").asLong()).isEqualTo(4);
    assertThat(quality.path("valued").asLong()).isEqualTo(3);
    assertThat(quality.path("avg").asDouble()).isCloseTo(1.75 / 3, Offset.offset(1e-9));
    assertThat(quality.path("min").asDouble()).isEqualTo(0.25);
    assertThat(quality.path("max").asDouble()).isEqualTo(1.0);
    assertThat(quality.path("p50").asDouble()).isEqualTo(0.5);
    assertThat(quality.path("p90").asDouble()).isCloseTo(0.9, Offset.offset(1e-9));
    assertThat(quality.path("labels").toString()).isEqualTo("{\"good\":2,\"error\":1,\"poor\":1}");
    assertThat(points.get(1).path("group").asText()).isEqualTo("thumbs");
    assertThat(points.get(1).path("labels").size()).isZero();

    JsonNode chat = api.getJson("/api/metrics?" + RANGE + "&entity=scores&name=quality&feature=chat&groupBy=model")
        .path("points");
    assertThat(chat).hasSize(1);
    assertThat(chat.get(0).path("group").isNull()).isTrue();
    assertThat(chat.get(0).path("count").asLong()).as("s1 and s4, on chat traces").isEqualTo(2);
    JsonNode models = api.getJson("/api/metrics?" + RANGE + "&entity=scores&source=evaluator&groupBy=model")
        .path("points");
    assertThat(models).extracting(p -> p.path("group").asText() + "=" + p.path("count").asLong())
        .containsExactly("null=3", "gpt-4o=1");
  }

  @Test
  void scoreMetricsAsCsv() {
    String[] lines = api.get("/api/metrics?" + RANGE + "&entity=scores&name=thumbs&format=csv").text().split("\r\n", -1);
    assertThat(lines).containsExactly("bucketStart,group,count,valued,avg,min,max,p50,p90,labels",
        "0,,1,1,1,1,1,1,1,{}", "");
  }

  @Test
  void badScoreParametersAreRefusedNamingThem() {
    assertThat(api.get("/api/traces?minScore=0.5").errorMessage()).isEqualTo("minScore: needs scoreName");
    assertThat(api.get("/api/traces?scoreName=quality&maxScore=high").errorMessage())
        .isEqualTo("maxScore: must be a number");
    assertThat(api.get("/api/traces?sort=score").errorMessage()).isEqualTo("sort: score needs scoreName");
    assertThat(api.get("/api/metrics?entity=scores&groupBy=status").errorMessage())
        .startsWith("groupBy: must be one of");
    assertThat(api.get("/api/metrics?entity=scores&scoreName=quality").errorMessage()).startsWith("scoreName:");
    assertThat(api.get("/api/metrics?entity=score").errorMessage())
        .isEqualTo("entity: must be traces, spans or scores");
  }

  private static List<String> traceIds(String query) {
    List<String> ids = new ArrayList<>();
    api.getJson("/api/traces?" + query).path("items").forEach(t -> ids.add(t.path("traceId").asText()));
    return ids;
  }
}
