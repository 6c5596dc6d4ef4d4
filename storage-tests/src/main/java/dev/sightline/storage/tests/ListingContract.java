package dev.sightline.storage.tests;

import static dev.sightline.storage.tests.TestRows.T0;
import static dev.sightline.storage.tests.TestRows.score;
import static dev.sightline.storage.tests.TestRows.span;
import static dev.sightline.storage.tests.TestRows.spanId;
import static dev.sightline.storage.tests.TestRows.trace;
import static dev.sightline.storage.tests.TestRows.traceId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sightline.core.model.Row;
import dev.sightline.core.model.Schema;
import dev.sightline.core.storage.Filter;
import dev.sightline.core.storage.Page;
import dev.sightline.core.storage.ScoreQuery;
import dev.sightline.core.storage.Sort;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Listing order and paging: every {@link Sort} both ways with ties broken by id and absent values
 * counted as 0, cursors across tie groups, and score listings.
 */
public interface ListingContract extends StorageTestSupport {

  /** Page sizes that end pages inside tie groups as well as past the end. */
  List<Integer> PAGE_SIZES = List.of(1, 2, 4, 1000);

  @Test
  default void tracesFollowEverySortBothWaysWithTiesBrokenById() {
    Row t1 = trace(P1, traceId(1)).times(T0 + 30, T0 + 130).cost(0.02).tokens(400, 100).build();
    Row t2 = trace(P1, traceId(2)).times(T0 + 10, T0 + 310).build();
    Row t3 = trace(P1, traceId(3)).times(T0 + 30, T0 + 330).cost(0.02).tokens(450, 50).build();
    Row t4 = trace(P1, traceId(4)).firstSpanStart(T0 + 20).lastSpanEnd(T0 + 70).cost(0.0).tokens(0, 0).build();
    Row t5 = trace(P1, traceId(5)).end(T0 + 900).cost(0.5).tokens(1000, 200).build();
    Row t6 = trace(P1, traceId(6)).start(T0 + 40).cost(0.001).tokens(700, 100).build();
    write(t1, t2, t3, t4, t5, t6);
    Function<Row, String> id = r -> r.string(Schema.TRACE_ID);

    Map<Sort, List<Row>> ascending = Map.of(
        Sort.START_TIME, concat(List.of(t5, t2, t4), byId(id, t1, t3), List.of(t6)),
        Sort.DURATION, concat(byId(id, t5, t6), List.of(t4, t1), byId(id, t2, t3)),
        Sort.COST, concat(byId(id, t2, t4), List.of(t6), byId(id, t1, t3), List.of(t5)),
        Sort.TOTAL_TOKENS, concat(byId(id, t2, t4), byId(id, t1, t3), List.of(t6, t5)));
    assertOrders(ascending, (sort, asc, limit) -> allTraces(P1, Filter.NONE, sort, asc, limit));
  }

  /** Span ids repeat across traces: a span's id for ordering is its trace id, then its span id. */
  @Test
  default void spansFollowEverySortBothWaysWithTiesBrokenByTraceThenSpanId() {
    String traceA = traceId(1);
    String traceB = traceId(2);
    Row a = span(P1, traceA, spanId(1)).times(T0 + 10, T0 + 20).cost(0.01).tokens(80, 20).build();
    Row b = span(P1, traceB, spanId(1)).times(T0 + 10, T0 + 40).build();
    Row c = span(P1, traceA, spanId(2)).times(T0 + 10, T0 + 20).cost(0.01).tokens(90, 10).build();
    Row d = span(P1, traceB, spanId(3)).cost(0.0).tokens(0, 0).build();
    Row e = span(P1, traceA, spanId(4)).times(T0 + 5, T0 + 105).cost(0.2).tokens(40, 10).build();
    write(trace(P1, traceA).start(T0).build(), trace(P1, traceB).start(T0).build(), a, b, c, d, e);
    Function<Row, String> id = r -> r.string(Schema.TRACE_ID) + r.string(Schema.SPAN_ID);

    Map<Sort, List<Row>> ascending = Map.of(
        Sort.START_TIME, concat(List.of(d, e), byId(id, a, b, c)),
        Sort.DURATION, concat(List.of(d), byId(id, a, c), List.of(b, e)),
        Sort.COST, concat(byId(id, b, d), byId(id, a, c), List.of(e)),
        Sort.TOTAL_TOKENS, concat(byId(id, b, d), List.of(e), byId(id, a, c)));
    assertOrders(ascending, (sort, asc, limit) -> allSpans(P1, Filter.NONE, null, sort, asc, limit));
  }

  /** Six scores of traces, spans and a session; the same ids in every project. */
  private static List<Row> scoresOf(String p) {
    return List.of(
        score(p, "sc1").traceOf(traceId(1)).session("sess-1").name("thumbs").source("feedback")
            .value(1.0).time(T0 + 10).build(),
        score(p, "sc2").traceOf(traceId(1)).spanOf(spanId(1)).name("relevance").source("evaluator")
            .value(0.7).time(T0 + 20).build(),
        score(p, "sc3").traceOf(traceId(2)).name("thumbs").source("feedback").value(0.0)
            .time(T0 + 20).build(),
        score(p, "sc4").session("sess-1").name("csat").source("api").label("great").time(T0 + 30).build(),
        score(p, "sc5").traceOf(traceId(2)).spanOf(spanId(1)).name("relevance").source("annotation")
            .value(0.2).time(T0 + 5).build(),
        score(p, "sc6").traceOf(traceId(3)).name("thumbs").source("feedback").value(1.0).build());
  }

  /** Scores come newest first, ties by score id (descending too); a score without time counts as 0. */
  @Test
  default void scoresComeNewestFirstAndFilterByEveryField() {
    write(scoresOf(P2));
    write(scoresOf(P1));
    List<Row> p1 = scoresOf(P1);
    Row sc1 = p1.get(0);
    Row sc2 = p1.get(1);
    Row sc3 = p1.get(2);
    Row sc4 = p1.get(3);
    Row sc5 = p1.get(4);
    Row sc6 = p1.get(5);

    for (int limit : PAGE_SIZES) {
      assertThat(walk(limit, after -> storage().scores(
          new ScoreQuery(P1, null, null, null, null, null, null, null, limit, after))))
          .as("limit %d", limit).containsExactly(sc4, sc3, sc2, sc1, sc5, sc6);
    }
    assertScores(new ScoreQuery(P1, traceId(1), null, null, null, null, null, null, 2, null), sc2, sc1);
    assertScores(new ScoreQuery(P1, null, spanId(1), null, null, null, null, null, 2, null), sc2, sc5);
    assertScores(new ScoreQuery(P1, null, null, "sess-1", null, null, null, null, 2, null), sc4, sc1);
    assertScores(new ScoreQuery(P1, null, null, null, "thumbs", null, null, null, 2, null), sc3, sc1, sc6);
    assertScores(new ScoreQuery(P1, null, null, null, null, "evaluator", null, null, 2, null), sc2);
    assertScores(new ScoreQuery(P1, null, null, null, null, null, T0 + 10, T0 + 30, 2, null), sc3, sc2, sc1);
    assertScores(new ScoreQuery(P1, null, null, null, null, null, T0, null, 2, null), sc4, sc3, sc2, sc1, sc5);
    assertScores(new ScoreQuery(P1, traceId(1), null, null, "thumbs", "feedback", null, null, 2, null), sc1);
    assertScores(new ScoreQuery(P1, traceId(9), null, null, null, null, null, null, 2, null));

    assertThat(storage().scoresOfTraces(P1, List.of(traceId(1), traceId(2))))
        .containsExactlyInAnyOrder(sc1, sc2, sc3, sc5);
    assertThat(storage().scoresOfTraces(P1, List.of(traceId(3), traceId(9)))).containsExactly(sc6);
    assertThat(storage().scoresOfTraces(P1, List.of())).isEmpty();
  }

  private void assertScores(ScoreQuery query, Row... expected) {
    assertThat(walk(query.limit(), after -> storage().scores(new ScoreQuery(query.projectId(),
        query.traceId(), query.spanId(), query.sessionId(), query.name(), query.source(), query.from(),
        query.to(), query.limit(), after)))).as(query.toString()).containsExactly(expected);
  }

  /** A listing as a function of sort, direction and page size, walked through every page. */
  interface Listing {
    List<Row> list(Sort sort, boolean ascending, int limit);
  }

  /** Checks every sort both ways at every page size; descending is exactly the reverse. */
  private static void assertOrders(Map<Sort, List<Row>> ascending, Listing listing) {
    // Sort.SCORE needs a score name: ScoreFilterContract checks it.
    assertThat(ascending).containsOnlyKeys(EnumSet.complementOf(EnumSet.of(Sort.SCORE)));
    ascending.forEach((sort, expected) -> {
      List<Row> descending = new ArrayList<>(expected);
      Collections.reverse(descending);
      for (int limit : PAGE_SIZES) {
        assertThat(listing.list(sort, true, limit)).as("%s ascending, limit %d", sort, limit)
            .containsExactlyElementsOf(expected);
        assertThat(listing.list(sort, false, limit)).as("%s descending, limit %d", sort, limit)
            .containsExactlyElementsOf(descending);
      }
    });
  }

  /** Rows that tie on the sort value, in ascending id order. */
  private static List<Row> byId(Function<Row, String> id, Row... tied) {
    return Stream.of(tied).sorted(Comparator.comparing(id)).toList();
  }

  @SafeVarargs
  private static List<Row> concat(List<Row>... parts) {
    return Stream.of(parts).flatMap(List::stream).toList();
  }
}
