package dev.sightline.storage.tests;

import static dev.sightline.storage.tests.TestRows.SECOND;
import static dev.sightline.storage.tests.TestRows.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.sightline.core.model.Row;
import dev.sightline.core.model.Schema;
import dev.sightline.core.storage.Cursor;
import dev.sightline.core.storage.Filter;
import dev.sightline.core.storage.GroupQuery;
import dev.sightline.core.storage.GroupSummary;
import dev.sightline.core.storage.MetricPoint;
import dev.sightline.core.storage.MetricsQuery;
import dev.sightline.core.storage.Page;
import dev.sightline.core.storage.QuerySemantics;
import dev.sightline.core.storage.ScoreQuery;
import dev.sightline.core.storage.Sort;
import dev.sightline.core.storage.TraceQuery;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Paged listings and aggregates over a few thousand spans in a few hundred traces, written in many
 * batches with later updates (see {@link Workload}), against answers the test computes from the
 * rows it wrote.
 */
public interface WorkloadContract extends StorageTestSupport {
  int TRACES = 300;
  long HOUR = 3600 * SECOND;

  /**
   * Writes a workload to each project: the same trace ids, different content.
   *
   * @return the first project's workload
   */
  private Workload writeWorkloads() {
    Workload.generate(P2, TRACES / 3, 2).batches().forEach(this::write);
    Workload p1 = Workload.generate(P1, TRACES, 1);
    p1.batches().forEach(this::write);
    return p1;
  }

  @Test
  default void traceListingsMatchTheWorkload() {
    Workload w = writeWorkloads();
    Function<Row, String> id = r -> r.string(Schema.TRACE_ID);
    for (Sort sort : EnumSet.complementOf(EnumSet.of(Sort.SCORE))) {
      for (boolean ascending : List.of(true, false)) {
        assertThat(allTraces(P1, Filter.NONE, sort, ascending, 37)).extracting(id)
            .as("%s %s", sort, ascending ? "ascending" : "descending")
            .containsExactlyElementsOf(expected(w.traces(), r -> true, sort, ascending, id));
      }
    }
    Map<Filter, Predicate<Row>> filters = Map.of(
        where(f -> f.feature("support-chat").hasError(true)),
        t -> "support-chat".equals(t.string(Schema.FEATURE)) && isError(t),
        where(f -> f.environment("production").model("gpt-4o").minDuration(4 * SECOND)),
        t -> "production".equals(t.string(Schema.ENVIRONMENT)) && t.list(Schema.MODELS) != null
            && t.list(Schema.MODELS).contains("gpt-4o") && duration(t) != null && duration(t) >= 4 * SECOND,
        where(f -> f.q(Workload.RARE_WORD)),
        t -> w.spans().stream().anyMatch(s -> s.string(Schema.TRACE_ID).equals(id.apply(t))
            && s.string(Schema.OUTPUT).contains(Workload.RARE_WORD)),
        where(f -> f.from(T0 + HOUR).to(T0 + 2 * HOUR).userId("user-3")),
        t -> start(t) >= T0 + HOUR && start(t) < T0 + 2 * HOUR && "user-3".equals(t.string(Schema.USER_ID)));
    filters.forEach((filter, predicate) -> {
      List<String> expected = expected(w.traces(), predicate, Sort.START_TIME, false, id);
      assertThat(expected).as("the workload has traces for %s", filter).isNotEmpty();
      assertThat(allTraces(P1, filter, Sort.START_TIME, false, 25)).extracting(id).as(filter.toString())
          .containsExactlyElementsOf(expected);
    });
  }

  /**
   * {@code traceIds} pages exactly as {@code traces} does, page by page and cursor by cursor, for
   * every sort and direction and for filters of fields, of a rare word and of a common one.
   */
  @Test
  default void traceIdListingsAreTheTraceListingsIds() {
    writeWorkloads();
    List<TraceQuery> queries = new ArrayList<>();
    for (Sort sort : EnumSet.complementOf(EnumSet.of(Sort.SCORE))) {
      for (boolean ascending : List.of(true, false)) {
        queries.add(new TraceQuery(P1, Filter.NONE, sort, ascending, 37, null));
      }
    }
    for (Filter filter : List.of(where(f -> f.feature("support-chat").hasError(true)), where(f -> f.q(Workload.RARE_WORD)),
        where(f -> f.q("please")), where(f -> f.from(T0 + HOUR).to(T0 + 2 * HOUR)))) {
      queries.add(new TraceQuery(P1, filter, Sort.START_TIME, true, 25, null));
    }
    queries.add(new TraceQuery(P1, where(f -> f.scoreName("thumbs")), Sort.SCORE, false, 25, null));
    for (TraceQuery first : queries) {
      int pages = 0;
      for (TraceQuery q = first; q != null; pages++) {
        Page<Row> rows = storage().traces(q);
        Page<String> ids = storage().traceIds(q);
        assertThat(ids.items()).as("%s, page %d", first, pages)
            .containsExactlyElementsOf(rows.items().stream().map(r -> r.string(Schema.TRACE_ID)).toList());
        assertThat(ids.nextCursor()).as("%s, cursor of page %d", first, pages).isEqualTo(rows.nextCursor());
        q = rows.nextCursor() == null ? null : new TraceQuery(P1, q.filter(), q.sort(), q.ascending(), q.limit(),
            Cursor.decode(rows.nextCursor()));
      }
      assertThat(pages).as("pages of %s", first).isGreaterThan(first.filter() == Filter.NONE ? 2 : 0);
    }
  }

  @Test
  default void spanAndScoreListingsMatchTheWorkload() {
    Workload w = writeWorkloads();
    Function<Row, String> id = r -> r.string(Schema.TRACE_ID) + r.string(Schema.SPAN_ID);
    assertThat(w.spans()).hasSizeGreaterThan(2500);
    assertThat(allSpans(P1, Filter.NONE, "generation", Sort.COST, false, 100)).extracting(id)
        .containsExactlyElementsOf(expected(w.spans(), s -> "generation".equals(s.string(Schema.TYPE)),
            Sort.COST, false, id));
    Map<String, Row> traceById =
        w.traces().stream().collect(Collectors.toMap(t -> t.string(Schema.TRACE_ID), t -> t));
    assertThat(allSpans(P1, where(f -> f.userId("user-3").hasError(false)), null, Sort.DURATION, true, 13))
        .extracting(id).containsExactlyElementsOf(expected(w.spans(),
            s -> "user-3".equals(traceById.get(s.string(Schema.TRACE_ID)).string(Schema.USER_ID))
                && !"failure".equals(s.string(Schema.STATUS)), Sort.DURATION, true, id));
    assertThat(walk(50, after -> storage().scores(
        new ScoreQuery(P1, null, null, null, null, null, null, null, 50, after))))
        .containsExactlyElementsOf(w.scores().stream().sorted(Comparator
            .comparing((Row s) -> s.longValue(Schema.TIME)).thenComparing(s -> s.string(Schema.SCORE_ID))
            .reversed()).toList());
  }

  @Test
  default void sessionsAndMetricsMatchTheWorkload() {
    Workload w = writeWorkloads();
    Map<String, List<Row>> bySession = w.traces().stream().filter(t -> t.string(Schema.SESSION_ID) != null)
        .collect(Collectors.groupingBy(t -> t.string(Schema.SESSION_ID)));
    List<GroupSummary> sessions = walk(7, after ->
        storage().groups(new GroupQuery(P1, GroupQuery.GroupBy.SESSION, null, null, 7, after)));
    assertThat(sessions).extracting(GroupSummary::id).containsExactlyElementsOf(bySession.entrySet().stream()
        .sorted(Comparator.comparing((Map.Entry<String, List<Row>> e) -> lastStart(e.getValue()))
            .thenComparing(Map.Entry::getKey).reversed())
        .map(Map.Entry::getKey).toList());
    for (GroupSummary s : sessions) {
      List<Row> traces = bySession.get(s.id());
      assertThat(s.traceCount()).as(s.id()).isEqualTo(traces.size());
      assertThat(s.errorCount()).as(s.id()).isEqualTo(traces.stream().filter(WorkloadContract::isError).count());
      assertThat(s.totalTokens()).as(s.id()).isEqualTo(sum(traces, t -> t.longValue(Schema.TOTAL_TOKENS)));
      assertThat(s.cost()).as(s.id())
          .isCloseTo(traces.stream().mapToDouble(t -> t.doubleValue(Schema.COST)).sum(), within(1e-9));
    }

    Map<List<Object>, List<Row>> byHourAndFeature = new TreeMap<>(Comparator
        .comparing((List<Object> k) -> (Long) k.get(0)).thenComparing(k -> (String) k.get(1)));
    for (Row t : w.traces()) {
      long hour = Math.floorDiv(start(t), HOUR) * HOUR;
      byHourAndFeature.computeIfAbsent(List.of(hour, t.string(Schema.FEATURE)), k -> new ArrayList<>()).add(t);
    }
    List<MetricPoint> expected = new ArrayList<>();
    byHourAndFeature.forEach((key, traces) -> {
      long[] durations = traces.stream().map(WorkloadContract::duration).filter(Objects::nonNull)
          .mapToLong(Long::longValue).sorted().toArray();
      expected.add(new MetricPoint((Long) key.get(0), (String) key.get(1), traces.size(),
          traces.stream().filter(WorkloadContract::isError).count(),
          traces.stream().filter(t -> "success".equals(t.string(Schema.STATUS))).count(),
          StorageTestSupport.mean(durations),
          StorageTestSupport.percentile(durations, 0.5), StorageTestSupport.percentile(durations, 0.95),
          StorageTestSupport.percentile(durations, 0.99), null, null, null,
          sum(traces, t -> t.longValue(Schema.INPUT_TOKENS)), sum(traces, t -> t.longValue(Schema.OUTPUT_TOKENS)),
          sum(traces, t -> t.longValue(Schema.TOTAL_TOKENS)),
          traces.stream().mapToDouble(t -> t.doubleValue(Schema.COST)).sum()));
    });
    StorageTestSupport.assertSummaries(
        storage().metrics(new MetricsQuery(P1, false, null, T0, T0 + 7 * HOUR, HOUR, "feature")),
        expected.toArray(MetricPoint[]::new));
  }

  // The test's own reading of the contract, written without QuerySemantics.

  private static List<String> expected(List<Row> rows, Predicate<Row> filter, Sort sort, boolean ascending,
      Function<Row, String> id) {
    Comparator<Row> order = Comparator.comparingDouble((Row r) -> sortValue(r, sort)).thenComparing(id);
    return rows.stream().filter(filter).sorted(ascending ? order : order.reversed()).map(id).toList();
  }

  private static double sortValue(Row r, Sort sort) {
    Number value = switch (sort) {
      case START_TIME -> start(r);
      case DURATION -> duration(r);
      case COST -> r.doubleValue(Schema.COST);
      case TOTAL_TOKENS -> r.longValue(Schema.TOTAL_TOKENS);
      case SCORE -> throw new AssertionError("the workload has no scores");
    };
    return value == null ? 0 : value.doubleValue();
  }

  /** The start time, a trace's first span start if it has none (never absent in the workload). */
  private static long start(Row r) {
    Long start = r.longValue(Schema.START_TIME);
    return start != null ? start : r.longValue(Schema.FIRST_SPAN_START);
  }

  private static Long duration(Row r) {
    Long end = r.longValue(Schema.END_TIME);
    if (end == null && r.table().has(Schema.LAST_SPAN_END)) {
      end = r.longValue(Schema.LAST_SPAN_END);
    }
    return end == null ? null : end - start(r);
  }

  private static boolean isError(Row trace) {
    return "failure".equals(trace.string(Schema.STATUS)) || trace.longValue(Schema.ERROR_COUNT) > 0;
  }

  private static long lastStart(List<Row> traces) {
    return traces.stream().mapToLong(WorkloadContract::start).max().orElseThrow();
  }

  private static long sum(List<Row> rows, Function<Row, Long> value) {
    return rows.stream().map(value).mapToLong(Long::longValue).sum();
  }
}
