package dev.sightline.storage.tests;

import static dev.sightline.storage.tests.TestRows.MINUTE;
import static dev.sightline.storage.tests.TestRows.SECOND;
import static dev.sightline.storage.tests.TestRows.T0;
import static dev.sightline.storage.tests.TestRows.chat;
import static dev.sightline.storage.tests.TestRows.score;
import static dev.sightline.storage.tests.TestRows.span;
import static dev.sightline.storage.tests.TestRows.spanId;
import static dev.sightline.storage.tests.TestRows.trace;
import static dev.sightline.storage.tests.TestRows.traceId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sightline.core.model.Column;
import dev.sightline.core.model.Row;
import dev.sightline.core.model.Schema;
import dev.sightline.core.storage.Filter;
import dev.sightline.core.storage.GroupQuery;
import dev.sightline.core.storage.GroupSummary;
import dev.sightline.core.storage.MetricPoint;
import dev.sightline.core.storage.MetricsQuery;
import dev.sightline.core.storage.ScoreQuery;
import dev.sightline.core.storage.Sort;
import dev.sightline.core.storage.TraceData;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading one trace, finding a trace by reference id, and keeping every read inside its project. */
public interface TraceReadContract extends StorageTestSupport {

  @Test
  default void traceHasItsSpansInStartOrderAndItsScoresInTimeOrder() {
    Row trace = trace(P1, traceId(1)).name("plan trip").times(T0, T0 + 3 * SECOND).build();
    Row late = span(P1, traceId(1), spanId(1)).name("answer").times(T0 + 2 * SECOND, T0 + 3 * SECOND).build();
    Row tieB = span(P1, traceId(1), "b000000000000002").name("search").times(T0 + SECOND, T0 + 2 * SECOND).build();
    Row tieA = span(P1, traceId(1), "a000000000000009").name("weather").times(T0 + SECOND, T0 + SECOND + 5).build();
    Row noStart = span(P1, traceId(1), spanId(4)).name("update before create").build();
    Row otherTraceSpan = span(P1, traceId(2), spanId(5)).times(T0, T0 + 1).build();
    Row otherProjectSpan = span(P2, traceId(1), spanId(6)).times(T0, T0 + 1).build();

    Row onTrace = score(P1, "s-trace").traceOf(traceId(1)).name("thumbs").value(1.0)
        .time(T0 + 9 * SECOND).build();
    Row onSpanB = score(P1, "s-span-b").traceOf(traceId(1)).spanOf(spanId(1)).name("relevance")
        .value(0.8).time(T0 + 5 * SECOND).build();
    Row onSpanA = score(P1, "s-span-a").traceOf(traceId(1)).spanOf(spanId(1)).name("toxicity")
        .value(0.0).time(T0 + 5 * SECOND).build();
    Row otherTrace = score(P1, "s-other").traceOf(traceId(2)).value(1.0).time(T0).build();
    Row sessionOnly = score(P1, "s-session").session("sess-1").value(1.0).time(T0).build();
    Row otherProject = score(P2, "s-trace").traceOf(traceId(1)).value(0.5).time(T0).build();
    write(trace, late, tieB, tieA, noStart, otherTraceSpan, otherProjectSpan, onTrace, onSpanB,
        onSpanA, otherTrace, sessionOnly, otherProject, trace(P1, traceId(2)).build(),
        trace(P2, traceId(1)).build());

    assertThat(storage().trace(P1, traceId(1))).hasValueSatisfying(data -> {
      assertThat(data.trace()).isEqualTo(trace);
      assertThat(data.spans()).containsExactly(noStart, tieA, tieB, late);
      assertThat(data.scores()).containsExactly(onSpanA, onSpanB, onTrace);
    });
  }

  @Test
  default void manyTracesReadTogetherAreTheTracesReadOneByOne() {
    List<Row> rows = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (int t = 1; t <= 40; t++) {
      ids.add(traceId(t));
      rows.add(TestRows.fullTrace(P1, traceId(t), T0 + t * MINUTE));
      rows.add(trace(P2, traceId(t)).name("other project").build());
      for (int s = 1; s <= 3; s++) {
        rows.add(TestRows.fullSpan(P1, traceId(t), spanId(t * 10 + s), T0 + t * MINUTE + (4 - s) * SECOND));
      }
      rows.add(score(P1, "s-" + t).traceOf(traceId(t)).name("thumbs").value(t % 2.0).time(T0 + t * MINUTE).build());
    }
    write(rows);
    // A later batch: a span more for trace 7, a score for trace 8's span.
    write(TestRows.fullSpan(P1, traceId(7), spanId(999), T0), score(P1, "s-late").traceOf(traceId(8))
        .spanOf(spanId(81)).name("relevance").value(0.5).time(T0).build());

    List<String> asked = new ArrayList<>(List.of(traceId(9), traceId(41), traceId(9)));
    asked.addAll(ids);
    List<TraceData> expected = new ArrayList<>();
    expected.add(storage().trace(P1, traceId(9)).orElseThrow()); // first asked; 41 has no trace
    for (String id : ids) {
      if (!id.equals(traceId(9))) {
        expected.add(storage().trace(P1, id).orElseThrow());
      }
    }
    assertThat(storage().traces(P1, asked)).containsExactlyElementsOf(expected);
    assertThat(storage().traces(P1, List.of(traceId(7))).get(0).spans()).hasSize(4);
    assertThat(storage().traces(P1, List.of(traceId(8))).get(0).scores()).hasSize(2);
    // Without scores: the same traces and spans, no scores.
    List<TraceData> bare = storage().traces(P1, asked, false);
    assertThat(bare).extracting(TraceData::trace).containsExactlyElementsOf(expected.stream().map(TraceData::trace).toList());
    assertThat(bare).extracting(TraceData::spans).containsExactlyElementsOf(expected.stream().map(TraceData::spans).toList());
    assertThat(bare).allSatisfy(t -> assertThat(t.scores()).isEmpty());
    assertThat(storage().traces("proj-none", ids)).isEmpty();
    assertThat(storage().traces(P1, List.of())).isEmpty();
  }

  @Test
  default void traceWithoutSpanPayloadsHasEverythingElse() {
    Row trace = TestRows.fullTrace(P1, traceId(1), T0);
    Row generation = TestRows.fullSpan(P1, traceId(1), spanId(1), T0 + 100 * TestRows.MILLI);
    write(trace, generation);

    assertThat(storage().trace(P1, traceId(1), false)).hasValueSatisfying(data -> {
      assertThat(data.trace()).as("the trace row keeps its payloads").isEqualTo(trace);
      assertThat(data.spans()).hasSize(1);
      Row read = data.spans().get(0);
      for (Column c : read.table().columns()) {
        if (Schema.SPAN_PAYLOADS.contains(c)) {
          assertThat(read.get(c)).as(c.name()).isIn(null, generation.get(c));
        } else {
          assertThat(read.get(c)).as(c.name()).isEqualTo(generation.get(c));
        }
      }
    });
  }

  @Test
  default void spanIsReadByItsKeyWithEverything() {
    Row trace = TestRows.fullTrace(P1, traceId(1), T0);
    Row generation = TestRows.fullSpan(P1, traceId(1), spanId(1), T0 + 100 * TestRows.MILLI);
    Row sibling = span(P1, traceId(1), spanId(2)).name("search").times(T0, T0 + SECOND).build();
    Row otherProject = span(P2, traceId(1), spanId(1)).name("elsewhere").times(T0, T0 + 1).build();
    Row orphan = span(P1, traceId(3), spanId(1)).times(T0, T0 + 1).build();
    write(trace, generation, sibling, otherProject, trace(P2, traceId(1)).build(), orphan);

    assertThat(storage().span(P1, traceId(1), spanId(1))).contains(generation);
    assertThat(storage().span(P1, traceId(1), spanId(2))).contains(sibling);
    assertThat(storage().span(P2, traceId(1), spanId(1))).contains(otherProject);
    assertThat(storage().span(P1, traceId(1), spanId(9))).isEmpty();
    assertThat(storage().span(P1, traceId(3), spanId(1))).as("no trace row").isEmpty();
    assertThat(storage().span(P2, traceId(9), spanId(1))).isEmpty();
  }

  @Test
  default void traceIsEmptyWithoutATraceRowInTheProject() {
    write(trace(P2, traceId(1)).build(), span(P1, traceId(3), spanId(1)).times(T0, T0 + 1).build());
    assertThat(storage().trace(P1, traceId(1))).isEmpty();
    assertThat(storage().trace(P1, traceId(3))).as("spans without their trace row").isEmpty();
    assertThat(storage().trace(P1, traceId(9))).isEmpty();
  }

  /** The most recent trace is the one with the latest start, its first span's if it has none. */
  @Test
  default void traceIdByReferenceFindsTheMostRecentTraceOfTheProject() {
    write(
        trace(P1, traceId(1)).reference("order-1").start(T0).build(),
        trace(P1, traceId(2)).reference("order-1").firstSpanStart(T0 + 5 * SECOND).build(),
        trace(P1, traceId(3)).reference("order-1").start(T0 + 2 * SECOND).build(),
        trace(P1, traceId(4)).reference("order-2").start(T0 + 9 * SECOND).build(),
        trace(P2, traceId(5)).reference("order-1").start(T0 + MINUTE).build(),
        trace(P1, traceId(6)).reference("order-4").start(T0).build(),
        trace(P1, traceId(7)).reference("order-4").start(T0).build(),
        span(P1, traceId(1), spanId(1)).reference("order-3").start(T0).build());

    assertThat(storage().traceIdByReference(P1, "order-1")).hasValue(traceId(2));
    assertThat(storage().traceIdByReference(P1, "order-2")).hasValue(traceId(4));
    assertThat(storage().traceIdByReference(P2, "order-1")).hasValue(traceId(5));
    assertThat(storage().traceIdByReference(P1, "order-4")).as("tie on start: greatest trace id")
        .hasValue(traceId(6).compareTo(traceId(7)) > 0 ? traceId(6) : traceId(7));
    assertThat(storage().traceIdByReference(P1, "order-3")).as("span reference ids do not count").isEmpty();
    assertThat(storage().traceIdByReference(P2, "order-2")).isEmpty();
  }

  /**
   * Both projects hold the same trace, span, score, session and user ids; project 2 has one more
   * trace. Every read of one project sees its own rows only.
   */
  @Test
  default void noReadCrossesProjects() {
    List<Row> rows = new ArrayList<>();
    for (String p : List.of(P1, P2)) {
      int traces = p.equals(P1) ? 1 : 2;
      for (int t = 1; t <= traces; t++) {
        long start = T0 + t * SECOND;
        rows.add(trace(p, traceId(t)).feature("chat").reference("ref-" + t).session("sess-1")
            .user("user-1", "Ada").times(start, start + 100).input(chat("user", "hello there")).build());
        rows.add(span(p, traceId(t), spanId(1)).type("generation").model("gpt-4o")
            .times(start, start + 50).input(chat("user", "hello there")).build());
        rows.add(score(p, "score-" + t).traceOf(traceId(t)).session("sess-1").name("thumbs")
            .value(1.0).time(start).build());
      }
    }
    write(rows);

    for (String p : List.of(P1, P2)) {
      int traces = p.equals(P1) ? 1 : 2;
      assertThat(storage().trace(p, traceId(1))).hasValueSatisfying(data -> {
        assertThat(data.trace().string(Schema.PROJECT_ID)).isEqualTo(p);
        assertThat(data.spans()).singleElement().extracting(s -> s.string(Schema.PROJECT_ID)).isEqualTo(p);
        assertThat(data.scores()).singleElement().extracting(s -> s.string(Schema.PROJECT_ID)).isEqualTo(p);
      });
      assertThat(storage().traceIdByReference(p, "ref-2").isPresent()).isEqualTo(traces == 2);
      assertOnlyProject(p, traces, allTraces(p, Filter.NONE, Sort.START_TIME, false, 10));
      assertOnlyProject(p, traces, allTraces(p, where(f -> f.feature("chat").q("hello")),
          Sort.COST, true, 10));
      assertOnlyProject(p, traces, allSpans(p, where(f -> f.sessionId("sess-1").model("gpt-4o")),
          "generation", Sort.START_TIME, false, 10));
      assertOnlyProject(p, traces, storage().scores(
          new ScoreQuery(p, null, null, "sess-1", null, null, null, null, 10, null)).items());
      assertOnlyProject(p, traces, storage().scoresOfTraces(p, List.of(traceId(1), traceId(2))));
      for (GroupQuery.GroupBy by : GroupQuery.GroupBy.values()) {
        assertThat(storage().groups(new GroupQuery(p, by, null, null, 10, null)).items())
            .singleElement().extracting(GroupSummary::traceCount).isEqualTo((long) traces);
      }
      for (boolean spans : List.of(false, true)) {
        assertThat(storage().metrics(new MetricsQuery(p, spans, null, T0, T0 + MINUTE, MINUTE, null)))
            .singleElement().extracting(MetricPoint::count).isEqualTo((long) traces);
      }
    }
    assertThat(storage().trace(P1, traceId(2))).isEmpty();
  }

  private static void assertOnlyProject(String projectId, int count, List<Row> rows) {
    assertThat(rows).hasSize(count)
        .allSatisfy(r -> assertThat(r.string(Schema.PROJECT_ID)).isEqualTo(projectId));
  }
}
