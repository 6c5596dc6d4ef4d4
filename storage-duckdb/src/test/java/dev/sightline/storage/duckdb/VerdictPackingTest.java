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
import dev.sightline.core.model.EvaluatorVerdict;
import dev.sightline.core.model.Row;
import dev.sightline.core.model.RowKey;
import dev.sightline.core.storage.LogPosition;
import dev.sightline.core.storage.SpanVerdicts;
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
 * Where DuckDB keeps evaluators' verdicts ({@link Verdicts}): in the row of the span stored in the
 * same batch, not as score rows; moved out to rows, once and with the batch's own version winning,
 * when the span is replaced or an evaluator score row of it comes. What reads see is the storage
 * contract's ({@code EvaluatorScoreContract}); this checks the form.
 */
class VerdictPackingTest {
  private static final String P = "proj";

  @TempDir
  Path dir;

  @Test
  void verdictsOfASpanStoredInTheirBatchArePackedIntoItsRow() throws SQLException {
    try (DuckDbStorage s = open()) {
      write(s, List.of(judged(1), judged(2)));
    }
    assertThat(count("SELECT count(*) FROM scores")).as("only the feedback scores are rows").isEqualTo(2);
    assertThat(count("SELECT count(*) FROM spans WHERE " + Verdicts.COLUMN + " IS NOT NULL")).isEqualTo(2);
    assertThat(count("SELECT count(*) FROM " + Verdicts.ALL_SCORES)).isEqualTo(8);
    assertThat(count("SELECT count(DISTINCT score_id) FROM " + Verdicts.ALL_SCORES)).isEqualTo(8);
  }

  @Test
  void aReplacedSpanOrAnEvaluatorScoreRowOfItMovesItsVerdictsToRows() throws SQLException {
    Row again = EvaluatorScores.row(judgedSpan(2), new EvaluatorVerdict("pii", 1, 1.0, "found", null, METADATA));
    try (DuckDbStorage s = open()) {
      write(s, List.of(judged(1), judged(2)));
      write(s, List.of(new Judged(List.of(span(P, traceId(1), spanId(1)).times(T0, T0 + SECOND).name("renamed")
          .build()), List.of())));
      write(s, List.of(new Judged(List.of(again), List.of())));
    }
    assertThat(count("SELECT count(*) FROM spans WHERE " + Verdicts.COLUMN + " IS NOT NULL")).isZero();
    assertThat(count("SELECT count(*) FROM scores")).isEqualTo(8);
    assertThat(count("SELECT count(DISTINCT score_id) FROM scores")).isEqualTo(8);
    assertThat(count("SELECT count(*) FROM scores WHERE name = 'pii' AND value = 1.0")).isEqualTo(1);
  }

  @Test
  void anEvaluatorScoreRowIsNeverPacked() throws SQLException {
    Row row = EvaluatorScores.row(judgedSpan(1), new EvaluatorVerdict("pii", 1, 0.0, "ok", null, METADATA));
    try (DuckDbStorage s = open()) {
      write(s, List.of(new Judged(List.of(trace(P, traceId(1)).start(T0).build(), judgedSpan(1), row), List.of())));
    }
    assertThat(count("SELECT count(*) FROM scores")).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM spans WHERE " + Verdicts.COLUMN + " IS NOT NULL")).isZero();
  }

  private static final String METADATA = EvaluatorScores.METADATA_PREFIX + "1,\"kind\":\"x\"}";

  /** Rows of a batch and the verdicts on its spans. */
  private record Judged(List<Row> rows, List<SpanVerdicts> verdicts) {}

  private static Row judgedSpan(int trace) {
    return span(P, traceId(trace), spanId(1)).times(T0, T0 + SECOND).build();
  }

  /** Trace n with span 1, three verdicts on it and a feedback score. */
  private static Judged judged(int n) {
    Row span = judgedSpan(n);
    List<EvaluatorVerdict> verdicts = new ArrayList<>();
    for (String evaluator : List.of("pii", "length", "tone")) {
      verdicts.add(new EvaluatorVerdict(evaluator, 1, evaluator.length() / 10.0, "ok", "because", METADATA));
    }
    return new Judged(List.of(trace(P, traceId(n)).start(T0).build(), span,
        score(P, "feedback-" + n).traceOf(traceId(n)).spanOf(spanId(1)).name("thumbs").value(1.0).source("feedback")
            .time(T0 + SECOND).build()), List.of(new SpanVerdicts(span, verdicts)));
  }

  private DuckDbStorage open() {
    return DuckDbStorage.open(dir, Map.of("memoryLimit", "256MB", "threads", "2"));
  }

  private static void write(DuckDbStorage s, List<Judged> batches) {
    List<Row> rows = new ArrayList<>();
    List<SpanVerdicts> verdicts = new ArrayList<>();
    for (Judged b : batches) {
      rows.addAll(b.rows());
      verdicts.addAll(b.verdicts());
    }
    Set<RowKey> replaced = s.fetch(rows.stream().map(Row::key).collect(Collectors.toSet())).keySet();
    LogPosition at = s.appliedPosition();
    s.write(new WriteBatch(rows, replaced, List.of(), new LogPosition(at.segment(), at.offset() + 1), verdicts));
  }

  private long count(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve(DuckDbStore.DATABASE));
        Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
