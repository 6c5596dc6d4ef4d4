package dev.sightline.storage.duckdb;

import static dev.sightline.storage.tests.TestRows.SECOND;
import static dev.sightline.storage.tests.TestRows.T0;
import static dev.sightline.storage.tests.TestRows.score;
import static dev.sightline.storage.tests.TestRows.span;
import static dev.sightline.storage.tests.TestRows.spanId;
import static dev.sightline.storage.tests.TestRows.trace;
import static dev.sightline.storage.tests.TestRows.traceId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sightline.core.model.EvaluatorScores;
import dev.sightline.core.model.Row;
import dev.sightline.core.model.RowKey;
import dev.sightline.core.storage.LogPosition;
import dev.sightline.core.storage.WriteBatch;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where DuckDB keeps evaluators' scores ({@link Verdicts}): in the row of a span stored in the same
 * batch, not as score rows; moved out to rows, once and with the batch's own version winning, when
 * the span is replaced or another evaluator score of it comes. What reads see is the storage
 * contract's ({@code EvaluatorScoreContract}); this checks the form.
 */
class VerdictPackingTest {
  private static final String P = "proj";

  @TempDir
  Path dir;

  @Test
  void verdictsOfASpanStoredInTheirBatchArePackedIntoItsRow() throws SQLException {
    try (DuckDbStorage s = open()) {
      write(s, judged(1), judged(2));
    }
    assertThat(count("SELECT count(*) FROM scores")).as("only the feedback scores are rows").isEqualTo(2);
    assertThat(count("SELECT count(*) FROM spans WHERE " + Verdicts.COLUMN + " IS NOT NULL")).isEqualTo(2);
    assertThat(count("SELECT count(*) FROM " + Verdicts.ALL_SCORES)).isEqualTo(8);
    assertThat(count("SELECT count(DISTINCT score_id) FROM " + Verdicts.ALL_SCORES)).isEqualTo(8);
  }

  @Test
  void aReplacedSpanOrAnotherVerdictOfItMovesItsVerdictsToRows() throws SQLException {
    try (DuckDbStorage s = open()) {
      write(s, judged(1), judged(2));
      write(s, List.of(span(P, traceId(1), spanId(1)).times(T0, T0 + SECOND).name("renamed").build()));
      write(s, List.of(verdictOf(2, "pii", 1.0)));
    }
    assertThat(count("SELECT count(*) FROM spans WHERE " + Verdicts.COLUMN + " IS NOT NULL")).isZero();
    assertThat(count("SELECT count(*) FROM scores")).isEqualTo(8);
    assertThat(count("SELECT count(DISTINCT score_id) FROM scores")).isEqualTo(8);
    assertThat(count("SELECT count(*) FROM scores WHERE name = 'pii' AND value = 1.0")).isEqualTo(1);
  }

  @Test
  void aVerdictThatAnEvaluatorWouldNotGiveStaysARow() throws SQLException {
    Row feedbackLike = score(P, EvaluatorScores.id("pii", 1, traceId(1), spanId(1))).traceOf(traceId(1))
        .spanOf(spanId(1)).name("pii").source(EvaluatorScores.SOURCE).time(T0 + 7).value(0.0)
        .metadata(EvaluatorScores.METADATA_PREFIX + "1}").build(); // not the span's end; no comma
    try (DuckDbStorage s = open()) {
      List<Row> rows = new ArrayList<>(judged(1).subList(0, 2));
      rows.add(feedbackLike);
      write(s, rows);
    }
    assertThat(count("SELECT count(*) FROM scores")).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM spans WHERE " + Verdicts.COLUMN + " IS NOT NULL")).isZero();
  }

  /** Trace n with span 1, three verdicts on it and a feedback score. */
  private static List<Row> judged(int n) {
    Row span = span(P, traceId(n), spanId(1)).times(T0, T0 + SECOND).build();
    return List.of(trace(P, traceId(n)).start(T0).build(), span, verdictOf(n, "pii", 0.0), verdictOf(n, "length", 1.0),
        verdictOf(n, "tone", 0.5),
        score(P, "feedback-" + n).traceOf(traceId(n)).spanOf(spanId(1)).name("thumbs").value(1.0).source("feedback")
            .time(T0 + SECOND).build());
  }

  private static Row verdictOf(int n, String evaluator, double value) {
    return score(P, EvaluatorScores.id(evaluator, 1, traceId(n), spanId(1))).traceOf(traceId(n)).spanOf(spanId(1))
        .name(evaluator).source(EvaluatorScores.SOURCE).time(T0 + SECOND).value(value).label("ok")
        .metadata(EvaluatorScores.METADATA_PREFIX + "1,\"kind\":\"x\"}").build();
  }

  private DuckDbStorage open() {
    return DuckDbStorage.open(dir, Map.of("memoryLimit", "256MB", "threads", "2"));
  }

  @SafeVarargs
  private static void write(DuckDbStorage s, List<Row>... batches) {
    List<Row> rows = new ArrayList<>();
    for (List<Row> b : batches) {
      rows.addAll(b);
    }
    Set<RowKey> replaced = s.fetch(rows.stream().map(Row::key).collect(Collectors.toSet())).keySet();
    LogPosition at = s.appliedPosition();
    s.write(new WriteBatch(rows, replaced, new LogPosition(at.segment(), at.offset() + 1)));
  }

  private long count(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve(DuckDbStore.DATABASE));
        Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
