package dev.sightline.storage.tests;

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

import dev.sightline.core.model.Row;
import dev.sightline.core.model.Schema;
import dev.sightline.core.storage.Filter;
import dev.sightline.core.storage.MetricsQuery;
import dev.sightline.core.storage.Sort;
import dev.sightline.core.storage.TraceQuery;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The score conditions of a {@link Filter} and {@link Sort#SCORE}: a trace's mean of the valued
 * scores of a name given to it or its spans, a span's of those given to itself; nulls ignored,
 * bounds inclusive, paging by the mean with ties broken by id.
 */
public interface ScoreFilterContract extends StorageTestSupport {
  String QUALITY = "quality";

  /**
   * Means of "quality": trace 1 0.5; 2 0.75 (1.0 on it, 0.5 on its span 1); 3 0.25 (on its spans
   * only: 0.25 on span 1, 0.0 and 0.5 on span 2, and an error without value); 4 none (errors only);
   * 5 none (another name); 6 no score; 7 1.0; 8 0.5 (0.25 and 0.75). Project 2 has the same ids
   * with other scores.
   */
  private void writeScoredTraces() {
    List<Row> rows = new ArrayList<>();
    for (int i = 1; i <= 8; i++) {
      rows.add(trace(P1, traceId(i)).start(T0 + i * SECOND).feature(i % 2 == 0 ? "chat" : "search").build());
      rows.add(trace(P2, traceId(i)).start(T0 + i * SECOND).build());
    }
    rows.add(span(P1, traceId(2), spanId(1)).start(T0 + 2 * SECOND).build());
    rows.add(span(P1, traceId(3), spanId(1)).start(T0 + 3 * SECOND).build());
    rows.add(span(P1, traceId(3), spanId(2)).start(T0 + 3 * SECOND).build());
    rows.add(quality("a1", 1, null, 0.5));
    rows.add(quality("a2", 2, null, 1.0));
    rows.add(quality("a3", 2, 1, 0.5));
    rows.add(quality("a4", 3, 1, 0.25));
    rows.add(quality("a5", 3, 2, 0.0));
    rows.add(quality("a6", 3, 2, 0.5));
    rows.add(quality("a7", 3, 1, null));
    rows.add(quality("a8", 4, null, null));
    rows.add(score(P1, "a9").traceOf(traceId(5)).name("relevance").value(0.9).build());
    rows.add(quality("b1", 7, null, 1.0));
    rows.add(quality("b2", 8, null, 0.25));
    rows.add(quality("b3", 8, null, 0.75));
    rows.add(quality("b4", 9, null, 0.5)); // of a trace not stored
    rows.add(score(P2, "a1").traceOf(traceId(6)).name(QUALITY).value(0.1).build());
    rows.add(score(P2, "a2").traceOf(traceId(1)).name(QUALITY).value(0.9).build());
    write(rows);
  }

  private static Row quality(String id, int trace, Integer span, Double value) {
    TestRows.RowSpec s = score(P1, id).traceOf(traceId(trace)).name(QUALITY).source("evaluator")
        .time(T0 + trace * SECOND).value(value);
    if (value == null) {
      s.label("error");
    }
    return (span == null ? s : s.spanOf(spanId(span))).build();
  }

  @Test
  default void tracesFilterByTheMeanOfTheirAndTheirSpansValuedScores() {
    writeScoredTraces();
    assertThat(traceIds(where(f -> f.scoreName(QUALITY))))
        .containsExactly(traceId(8), traceId(7), traceId(3), traceId(2), traceId(1));
    assertThat(traceIds(where(f -> f.scoreName(QUALITY).minScore(0.5))))
        .containsExactly(traceId(8), traceId(7), traceId(2), traceId(1));
    assertThat(traceIds(where(f -> f.scoreName(QUALITY).maxScore(0.5))))
        .containsExactly(traceId(8), traceId(3), traceId(1));
    assertThat(traceIds(where(f -> f.scoreName(QUALITY).minScore(0.5).maxScore(0.75))))
        .containsExactly(traceId(8), traceId(2), traceId(1));
    assertThat(traceIds(where(f -> f.scoreName(QUALITY).minScore(0.3).maxScore(0.4)))).isEmpty();
    assertThat(traceIds(where(f -> f.scoreName(QUALITY).feature("chat"))))
        .containsExactly(traceId(8), traceId(2));
    assertThat(traceIds(where(f -> f.scoreName("relevance")))).containsExactly(traceId(5));
    assertThat(traceIds(where(f -> f.scoreName("missing")))).isEmpty();
    assertThat(traceIds(P2, where(f -> f.scoreName(QUALITY)))).containsExactly(traceId(6), traceId(1));
    assertThat(traceIds(P2, where(f -> f.scoreName(QUALITY).minScore(0.5)))).containsExactly(traceId(1));
  }

  @Test
  default void tracesSortByTheirMeanScoreBothWaysAcrossPages() {
    writeScoredTraces();
    List<String> ascending = List.of(traceId(3), first(traceId(1), traceId(8)), last(traceId(1), traceId(8)),
        traceId(2), traceId(7));
    List<String> descending = new ArrayList<>(ascending);
    Collections.reverse(descending);
    Filter quality = where(f -> f.scoreName(QUALITY));
    for (int limit : ListingContract.PAGE_SIZES) {
      assertThat(StorageTestSupport.ids(allTraces(P1, quality, Sort.SCORE, true, limit), Schema.TRACE_ID))
          .as("ascending, limit %d", limit).containsExactlyElementsOf(ascending);
      assertThat(StorageTestSupport.ids(allTraces(P1, quality, Sort.SCORE, false, limit), Schema.TRACE_ID))
          .as("descending, limit %d", limit).containsExactlyElementsOf(descending);
    }
    assertThat(StorageTestSupport.ids(allTraces(P1, where(f -> f.scoreName(QUALITY).maxScore(0.5)), Sort.SCORE,
        false, 1), Schema.TRACE_ID)).containsExactly(last(traceId(1), traceId(8)), first(traceId(1), traceId(8)),
        traceId(3));
  }

  @Test
  default void spansFilterAndSortByTheirOwnScores() {
    writeScoredTraces();
    Filter quality = where(f -> f.scoreName(QUALITY));
    for (int limit : ListingContract.PAGE_SIZES) {
      assertThat(allSpans(P1, quality, null, Sort.SCORE, true, limit))
          .extracting(s -> s.string(Schema.TRACE_ID) + "/" + s.string(Schema.SPAN_ID)).as("limit %d", limit)
          .containsExactly(traceId(3) + "/" + first(spanId(1), spanId(2)),
              traceId(3) + "/" + last(spanId(1), spanId(2)), traceId(2) + "/" + spanId(1));
    }
    assertThat(allSpans(P1, where(f -> f.scoreName(QUALITY).minScore(0.3)), null, Sort.START_TIME, false, 10))
        .extracting(s -> s.string(Schema.TRACE_ID)).containsExactly(traceId(2));
  }

  @Test
  default void traceMetricsTakeTheScoreConditions() {
    writeScoredTraces();
    assertThat(storage().metrics(new MetricsQuery(P1, false, where(f -> f.scoreName(QUALITY).minScore(0.5)),
        T0, T0 + MINUTE, MINUTE, null))).singleElement().satisfies(p -> assertThat(p.count()).isEqualTo(4));
  }

  /** Of two ids that tie on the sort value, the one an ascending listing gives first. */
  private static String first(String a, String b) {
    return a.compareTo(b) < 0 ? a : b;
  }

  private static String last(String a, String b) {
    return a.compareTo(b) < 0 ? b : a;
  }

  @Test
  default void scoreConditionsNeedAName() {
    assertThatThrownBy(() -> where(f -> f.minScore(0.5))).hasMessage("minScore: needs scoreName");
    assertThatThrownBy(() -> where(f -> f.maxScore(0.5))).hasMessage("maxScore: needs scoreName");
    assertThatThrownBy(() -> new TraceQuery(P1, Filter.NONE, Sort.SCORE, true, 10, null))
        .hasMessage("sort: score needs scoreName");
  }
}
