package dev.sightline.storage.tests;

import static dev.sightline.storage.tests.StorageTestSupport.assertSummaries;
import static dev.sightline.storage.tests.TestRows.MINUTE;
import static dev.sightline.storage.tests.TestRows.SECOND;
import static dev.sightline.storage.tests.TestRows.T0;
import static dev.sightline.storage.tests.TestRows.score;
import static dev.sightline.storage.tests.TestRows.span;
import static dev.sightline.storage.tests.TestRows.spanId;
import static dev.sightline.storage.tests.TestRows.trace;
import static dev.sightline.storage.tests.TestRows.traceId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sightline.core.model.Schema;
import dev.sightline.core.storage.Filter;
import dev.sightline.core.storage.ScoreMetricsQuery;
import dev.sightline.core.storage.ScorePoint;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Score metrics: buckets by the score's time, value statistics over the valued scores, label
 * counts most frequent first, every group (through the trace or the judged span where it says so),
 * and the name, source and trace filters. Means and percentiles are compared within 1e-9.
 */
public interface ScoreMetricsContract extends StorageTestSupport {

  /**
   * Trace 1 (chat, production, tag a) with spans 1 (gpt-4o, prompt qa@2) and 2 (claude), trace 2
   * (search, staging) with span 1 (gpt-4o, prompt qa@3); trace 3 is not stored. Scores c1 to c5 in
   * the first minute, c6 to c8 in the second, two outside the range, one in another project.
   */
  private void writeScores() {
    write(trace(P1, traceId(1)).start(T0).feature("chat").environment("production").tags("a").build(),
        trace(P1, traceId(2)).start(T0).feature("search").environment("staging").build(),
        span(P1, traceId(1), spanId(1)).start(T0).model("gpt-4o").set(Schema.PROMPT, "{\"slug\":\"qa\",\"version\":2}")
            .build(),
        span(P1, traceId(1), spanId(2)).start(T0).model("claude").build(),
        span(P1, traceId(2), spanId(1)).start(T0).model("gpt-4o").set(Schema.PROMPT, "{\"slug\":\"qa\",\"version\":\"3\"}")
            .build(),
        score(P1, "c1").traceOf(traceId(1)).name("quality").source("evaluator").value(1.0).time(T0 + SECOND).build(),
        score(P1, "c2").traceOf(traceId(1)).spanOf(spanId(1)).name("quality").source("evaluator").value(0.5)
            .label("pass").time(T0 + 2 * SECOND).build(),
        score(P1, "c3").traceOf(traceId(1)).spanOf(spanId(2)).name("quality").source("evaluator").label("error")
            .time(T0 + 3 * SECOND).build(),
        score(P1, "c4").traceOf(traceId(2)).spanOf(spanId(1)).name("quality").source("evaluator").value(0.0)
            .label("fail").time(T0 + 4 * SECOND).build(),
        score(P1, "c5").traceOf(traceId(2)).name("thumbs").source("feedback").value(1.0).label("up")
            .time(T0 + 5 * SECOND).build(),
        score(P1, "c6").traceOf(traceId(1)).name("thumbs").source("feedback").value(0.0).label("down")
            .time(T0 + MINUTE + SECOND).build(),
        score(P1, "c7").traceOf(traceId(3)).spanOf(spanId(1)).name("quality").source("api").value(0.25)
            .label("pass").time(T0 + MINUTE + 2 * SECOND).build(),
        score(P1, "c8").session("sess-1").name("thumbs").source("feedback").value(1.0).label("up")
            .time(T0 + MINUTE + 3 * SECOND).build(),
        score(P1, "c9").traceOf(traceId(1)).name("quality").value(0.9).build(),
        score(P1, "c10").traceOf(traceId(1)).name("quality").value(0.9).time(T0 - 1).build(),
        score(P2, "c1").traceOf(traceId(1)).name("quality").value(0.1).time(T0 + SECOND).build());
  }

  private List<ScorePoint> scoreMetrics(Filter traces, String name, String source, long bucket, String groupBy) {
    return storage().scoreMetrics(new ScoreMetricsQuery(P1, traces, name, source, T0, T0 + 2 * MINUTE, bucket,
        groupBy));
  }

  /** Each point as "group=count" (the absent group as null), in order. */
  private static List<String> counts(List<ScorePoint> points) {
    return points.stream().map(p -> p.group() + "=" + p.count()).toList();
  }

  private static Map<String, Long> labels(Object... labelsAndCounts) {
    Map<String, Long> out = new LinkedHashMap<>();
    for (int i = 0; i < labelsAndCounts.length; i += 2) {
      out.put((String) labelsAndCounts[i], ((Number) labelsAndCounts[i + 1]).longValue());
    }
    return out;
  }

  /**
   * Of 0, 0.5, 1 and 1 the median interpolates to 0.75 and p90 to 1; of 0, 0.25 and 1, to 0.25 and
   * 0.85. The label of every count-1 tie comes in string order.
   */
  @Test
  default void scoresPerBucketWithValueStatisticsAndLabels() {
    writeScores();
    List<ScorePoint> points = scoreMetrics(null, null, null, MINUTE, null);
    assertSummaries(points,
        new ScorePoint(T0, null, 5, 4, 0.625, 0.0, 1.0, 0.75, 1.0, labels("error", 1, "fail", 1, "pass", 1, "up", 1)),
        new ScorePoint(T0 + MINUTE, null, 3, 3, 1.25 / 3, 0.0, 1.0, 0.25, 0.85, labels("down", 1, "pass", 1, "up", 1)));
    assertThat(points.get(0).labels().keySet()).containsExactly("error", "fail", "pass", "up");
  }

  @Test
  default void scoresGroupByNameWithTheMostFrequentLabelsFirst() {
    writeScores();
    List<ScorePoint> points = scoreMetrics(null, null, null, 2 * MINUTE, "name");
    assertSummaries(points,
        new ScorePoint(T0, "quality", 5, 4, 0.4375, 0.0, 1.0, 0.375, 0.85, labels("pass", 2, "error", 1, "fail", 1)),
        new ScorePoint(T0, "thumbs", 3, 3, 2.0 / 3, 0.0, 1.0, 1.0, 1.0, labels("up", 2, "down", 1)));
    assertThat(points.get(0).labels().keySet()).containsExactly("pass", "error", "fail");
    assertThat(points.get(1).labels().keySet()).containsExactly("up", "down");
  }

  @Test
  default void scoresGroupByEveryGroup() {
    writeScores();
    assertThat(counts(scoreMetrics(null, null, null, 2 * MINUTE, "source")))
        .containsExactly("api=1", "evaluator=4", "feedback=3");
    assertThat(counts(scoreMetrics(null, null, null, 2 * MINUTE, "label")))
        .containsExactly("null=1", "down=1", "error=1", "fail=1", "pass=2", "up=2");
    assertThat(counts(scoreMetrics(null, null, null, 2 * MINUTE, "feature")))
        .containsExactly("null=2", "chat=4", "search=2");
    assertThat(counts(scoreMetrics(null, null, null, 2 * MINUTE, "model")))
        .containsExactly("null=5", "claude=1", "gpt-4o=2");
    assertThat(counts(scoreMetrics(null, null, null, 2 * MINUTE, "promptVersion")))
        .containsExactly("null=6", "qa@2=1", "qa@3=1");
    assertThat(counts(scoreMetrics(null, null, null, MINUTE, "feature")))
        .containsExactly("chat=3", "search=2", "null=2", "chat=1");
  }

  @Test
  default void scoresFilterByNameSourceAndTheirTrace() {
    writeScores();
    assertThat(counts(scoreMetrics(null, "thumbs", null, 2 * MINUTE, null))).containsExactly("null=3");
    assertThat(counts(scoreMetrics(null, "quality", "evaluator", MINUTE, "model")))
        .containsExactly("null=1", "claude=1", "gpt-4o=2");
    assertThat(counts(scoreMetrics(null, null, "feedback", MINUTE, "name")))
        .containsExactly("thumbs=1", "thumbs=2");
    assertThat(counts(scoreMetrics(where(f -> f.feature("chat")), null, null, 2 * MINUTE, "name")))
        .containsExactly("quality=3", "thumbs=1");
    assertThat(counts(scoreMetrics(where(f -> f.environment("staging")), null, null, 2 * MINUTE, null)))
        .containsExactly("null=2");
    assertThat(counts(scoreMetrics(where(f -> f.tag("a").release("none")), null, null, 2 * MINUTE, null))).isEmpty();
    assertThat(counts(scoreMetrics(where(f -> f.tag("a").hasError(false)), null, null, 2 * MINUTE, null)))
        .containsExactly("null=4");
    assertThat(scoreMetrics(null, "missing", null, MINUTE, null)).isEmpty();
  }

  @Test
  default void scoreMetricsRefuseScoreConditionsAndUnknownGroups() {
    assertThatThrownBy(() -> new ScoreMetricsQuery(P1, where(f -> f.scoreName("quality")), null, null, T0,
        T0 + MINUTE, MINUTE, null)).hasMessageStartingWith("scoreName:");
    assertThatThrownBy(() -> new ScoreMetricsQuery(P1, null, null, null, T0, T0 + MINUTE, MINUTE, "status"))
        .hasMessageStartingWith("groupBy: must be one of");
  }
}
