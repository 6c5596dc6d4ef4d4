package dev.sightline.storage.tests;

import static dev.sightline.storage.tests.TestRows.SECOND;
import static dev.sightline.storage.tests.TestRows.T0;
import static dev.sightline.storage.tests.TestRows.score;
import static dev.sightline.storage.tests.TestRows.span;
import static dev.sightline.storage.tests.TestRows.spanId;
import static dev.sightline.storage.tests.TestRows.trace;
import static dev.sightline.storage.tests.TestRows.traceId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sightline.core.model.EvaluatorScores;
import dev.sightline.core.model.EvaluatorVerdict;
import dev.sightline.core.model.Row;
import dev.sightline.core.model.Schema;
import dev.sightline.core.storage.LogPosition;
import dev.sightline.core.storage.ScoreMetricsQuery;
import dev.sightline.core.storage.ScorePoint;
import dev.sightline.core.storage.ScoreQuery;
import dev.sightline.core.storage.SpanVerdicts;
import dev.sightline.core.storage.TraceData;
import dev.sightline.core.storage.TraceDeletion;
import dev.sightline.core.storage.WriteBatch;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Evaluator verdicts written with the batch that stores the span they judge ({@link SpanVerdicts}):
 * read back as the score rows they stand for by every read of scores, whatever form the store keeps
 * them in; replaced by a later score with the same key (a backfill), kept when the span
 * is updated, and deleted with their trace.
 */
public interface EvaluatorScoreContract extends StorageTestSupport {
  long END = T0 + 2 * SECOND;

  /** An evaluator's verdict as the server's evaluators give it. */
  private static EvaluatorVerdict verdict(int span, String evaluator, int version, Double value, String label,
      String comment) {
    return new EvaluatorVerdict(evaluator, version, value, label, comment, EvaluatorScores.METADATA_PREFIX + version
        + ",\"kind\":\"pii\",\"error\":false,\"email\":" + span + "}");
  }

  /** The score row of a verdict on span {@code span} of trace 1, dated as evaluators date it (the span's end). */
  private static Row verdict(String project, int span, String evaluator, int version, Double value, String label,
      String comment) {
    Row judged = span(project, traceId(1), spanId(span)).times(T0, END + span).build();
    return EvaluatorScores.row(judged, verdict(span, evaluator, version, value, label, comment));
  }

  /**
   * Trace 1 with spans 1 and 2 and their verdicts, written together as the loader writes them; a
   * feedback score in a batch of its own. Returns the scores.
   */
  private List<Row> writeJudgedTrace(String project) {
    List<Row> spans = List.of(
        span(project, traceId(1), spanId(1)).type("generation").times(T0, END + 1).build(),
        span(project, traceId(1), spanId(2)).type("generation").start(END + 2).build());
    List<SpanVerdicts> verdicts = List.of(
        new SpanVerdicts(spans.get(0), List.of(verdict(1, "pii", 3, 0.0, "none", "none found"),
            verdict(1, "no-refusal", 1, 1.0, "pass", "contains \"none\" — ok ✓"),
            verdict(1, "tone", 2, null, "neutral", null))),
        new SpanVerdicts(spans.get(1), List.of(verdict(2, "pii", 3, 2.0, "found", "email: 2"))));
    List<Row> rows = new ArrayList<>(spans);
    rows.add(TestRows.rollUp(trace(project, traceId(1)).start(T0).build(), spans));
    write(rows, verdicts);
    Row feedback = score(project, "feedback-1").traceOf(traceId(1)).spanOf(spanId(1)).name("thumbs").value(1.0)
        .source("feedback").time(END).build();
    write(feedback);
    List<Row> scores = new ArrayList<>(SpanVerdicts.scoreRows(verdicts));
    scores.add(feedback);
    return byTimeThenId(scores);
  }

  private static List<Row> byTimeThenId(List<Row> scores) {
    return scores.stream().sorted(Comparator.comparing((Row r) -> r.longValue(Schema.TIME))
        .thenComparing(r -> r.string(Schema.SCORE_ID))).toList();
  }

  private List<Row> traceScores(String project) {
    return storage().trace(project, traceId(1)).map(TraceData::scores).orElseThrow();
  }

  private List<Row> listed(String project, String traceId) {
    return storage().scores(new ScoreQuery(project, traceId, null, null, null, null, null, null, 100, null)).items();
  }

  /**
   * Every read of scores sees {@code expected} (by time then id; {@code scoresOfTraces} in any
   * order) for trace 1 of the project.
   */
  private void assertScores(String project, List<Row> expected) {
    assertThat(traceScores(project)).containsExactlyElementsOf(expected);
    assertThat(storage().traces(project, List.of(traceId(1))).get(0).scores()).containsExactlyElementsOf(expected);
    assertThat(storage().scoresOfTraces(project, List.of(traceId(1)))).containsExactlyInAnyOrderElementsOf(expected);
    List<Row> newestFirst = new ArrayList<>(expected);
    java.util.Collections.reverse(newestFirst);
    assertThat(listed(project, traceId(1))).containsExactlyElementsOf(newestFirst);
    assertThat(listed(project, null)).containsExactlyElementsOf(newestFirst);
  }

  @Test
  default void verdictsWrittenWithTheirSpanReadBackExactlyEverywhere() {
    List<Row> p1 = writeJudgedTrace(P1);
    assertScores(P1, p1);
    assertThat(listed(P2, traceId(1))).isEmpty();
    List<Row> p2 = writeJudgedTrace(P2);
    assertScores(P1, p1);
    assertScores(P2, p2);
    assertThat(storage().scores(new ScoreQuery(P1, null, spanId(2), null, "pii", EvaluatorScores.SOURCE, END,
        END + 3, 10, null)).items()).containsExactly(p1.stream().filter(r -> r.string(Schema.SPAN_ID).equals(spanId(2))
            && "pii".equals(r.string(Schema.NAME))).findFirst().orElseThrow());

    assertThat(traceIds(P1, where(f -> f.scoreName("pii").minScore(1.0)))).containsExactly(traceId(1));
    assertThat(spanIds(P1, where(f -> f.scoreName("pii").maxScore(0.5)), null)).containsExactly(spanId(1));
    List<ScorePoint> byName = storage().scoreMetrics(new ScoreMetricsQuery(P1, null, null, EvaluatorScores.SOURCE,
        T0, T0 + 60 * SECOND, 60 * SECOND, "name"));
    assertThat(byName).extracting(ScorePoint::group, ScorePoint::count, ScorePoint::valued, ScorePoint::avg)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("no-refusal", 1L, 1L, 1.0),
            org.assertj.core.groups.Tuple.tuple("pii", 2L, 2L, 1.0),
            org.assertj.core.groups.Tuple.tuple("tone", 1L, 0L, null));
  }

  @Test
  default void aLaterScoreWithTheKeyOfAVerdictReplacesItWhole() {
    List<Row> written = writeJudgedTrace(P1);
    Row backfilled = score(P1, EvaluatorScores.id("pii", 3, traceId(1), spanId(1))).traceOf(traceId(1))
        .spanOf(spanId(1)).name("pii").source(EvaluatorScores.SOURCE).time(END + 1).value(1.0).label("found")
        .metadata(EvaluatorScores.METADATA_PREFIX + "3,\"kind\":\"pii\",\"error\":false}").build();
    Row other = verdict(P1, 1, "length", 1, 1.0, "pass", "12 characters");
    write(backfilled, other);
    List<Row> expected = new ArrayList<>(written);
    expected.replaceAll(r -> r.key().equals(backfilled.key()) ? backfilled : r);
    expected.add(other);
    assertScores(P1, byTimeThenId(expected));
  }

  @Test
  default void updatingTheJudgedSpanKeepsItsVerdicts() {
    List<Row> written = writeJudgedTrace(P1);
    write(span(P1, traceId(1), spanId(1)).type("generation").times(T0, END + 1).name("renamed").build());
    assertScores(P1, written);
    Row again = verdict(P1, 1, "tone", 2, 0.5, "warm", "re-judged");
    write(again);
    List<Row> expected = new ArrayList<>(written);
    expected.replaceAll(r -> r.key().equals(again.key()) ? again : r);
    assertScores(P1, expected);
    if (keepsDataAcrossRestarts()) {
      reopen();
      assertScores(P1, expected);
    }
  }

  @Test
  default void verdictsGoWithTheirTrace() {
    writeJudgedTrace(P1);
    writeJudgedTrace(P2);
    LogPosition applied = storage().appliedPosition();
    storage().write(new WriteBatch(List.of(), Set.of(), List.of(new TraceDeletion(P1, Set.of(traceId(1)))),
        new LogPosition(applied.segment(), applied.offset() + 1)));
    assertThat(listed(P1, null)).isEmpty();
    assertThat(storage().scoresOfTraces(P1, List.of(traceId(1)))).isEmpty();
    assertThat(listed(P2, null)).hasSize(5);
  }
}
