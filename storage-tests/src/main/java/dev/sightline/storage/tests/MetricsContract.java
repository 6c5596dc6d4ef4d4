package dev.sightline.storage.tests;

import static dev.sightline.storage.tests.StorageTestSupport.assertSummaries;
import static dev.sightline.storage.tests.TestRows.MILLI;
import static dev.sightline.storage.tests.TestRows.MINUTE;
import static dev.sightline.storage.tests.TestRows.SECOND;
import static dev.sightline.storage.tests.TestRows.T0;
import static dev.sightline.storage.tests.TestRows.span;
import static dev.sightline.storage.tests.TestRows.spanId;
import static dev.sightline.storage.tests.TestRows.trace;
import static dev.sightline.storage.tests.TestRows.traceId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sightline.core.model.Row;
import dev.sightline.core.storage.Filter;
import dev.sightline.core.storage.MetricPoint;
import dev.sightline.core.storage.MetricsQuery;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Metrics over traces and spans: buckets aligned on the epoch, groups (span groups by feature,
 * environment and user resolved through the trace), counts, errors, interpolated percentiles, token and
 * cost sums, ordered by bucket then group with the absent group first.
 */
public interface MetricsContract extends StorageTestSupport {

  private List<MetricPoint> metrics(boolean spans, Filter filter, long from, long to, String groupBy) {
    return storage().metrics(new MetricsQuery(P1, spans, filter, from, to, MINUTE, groupBy));
  }

  /** Traces in two one-minute buckets, some outside the range, one starting with its first span. */
  private void writeTraces() {
    write(
        trace(P1, traceId(1)).start(T0 + 10 * SECOND).end(T0 + 10 * SECOND + 100 * MILLI)
            .feature("chat").status("success").tokens(100, 10).cost(0.001).build(),
        trace(P1, traceId(2)).start(T0 + 50 * SECOND).end(T0 + 50 * SECOND + 300 * MILLI)
            .feature("chat").status("failure").tokens(200, 20).cost(0.002).build(),
        trace(P1, traceId(3)).start(T0 + 30 * SECOND).end(T0 + 30 * SECOND + 200 * MILLI)
            .status("success").errorCount(1L).build(),
        trace(P1, traceId(4)).start(T0 + 40 * SECOND).lastSpanEnd(T0 + 40 * SECOND + 250 * MILLI)
            .feature("chat").build(),
        trace(P1, traceId(5)).firstSpanStart(T0 + 70 * SECOND)
            .lastSpanEnd(T0 + 70 * SECOND + 400 * MILLI).feature("search").build(),
        trace(P1, traceId(6)).start(T0 + 80 * SECOND).feature("search").build(),
        trace(P1, traceId(7)).start(T0 + 3 * MINUTE).feature("chat").build(),
        trace(P1, traceId(8)).start(T0 - 1).feature("chat").build(),
        trace(P1, traceId(9)).feature("chat").build());
  }

  /**
   * Percentiles interpolate between the closest ranks of the n sorted durations: for 100, 200, 250
   * and 300 ms, p50 is 225 ms, p95 292.5 ms and p99 298.5 ms.
   */
  @Test
  default void traceMetricsPerBucket() {
    writeTraces();
    MetricPoint first = point(T0, null, 4, 2, 2, 212_500L, 225 * MILLI, 292_500L, 298_500L,
        300, 30, 0.003);
    MetricPoint second = point(T0 + MINUTE, null, 2, 0, 0, 400 * MILLI, 400 * MILLI, 400 * MILLI,
        400 * MILLI, 0, 0, 0);
    assertSummaries(metrics(false, Filter.NONE, T0, T0 + 3 * MINUTE, null), first, second);
    assertThat(metrics(false, Filter.NONE, T0 + 2 * MINUTE, T0 + 3 * MINUTE, null))
        .as("buckets without rows are left out").isEmpty();
  }

  /** The query's range replaces the filter's; a range not on a bucket edge keeps epoch buckets. */
  @Test
  default void metricsUseTheQueryRangeAndEpochAlignedBuckets() {
    writeTraces();
    List<MetricPoint> unfiltered = metrics(false, Filter.NONE, T0, T0 + 3 * MINUTE, null);
    assertSummaries(metrics(false, where(f -> f.from(T0 + MINUTE).to(T0 + 30 * SECOND)), T0,
        T0 + 3 * MINUTE, null), unfiltered.toArray(MetricPoint[]::new));

    assertSummaries(metrics(false, Filter.NONE, T0 + 35 * SECOND, T0 + 75 * SECOND, null),
        point(T0, null, 2, 1, 0, 275 * MILLI, 275 * MILLI, 297_500L, 299_500L, 200, 20, 0.002),
        point(T0 + MINUTE, null, 1, 0, 0, 400 * MILLI, 400 * MILLI, 400 * MILLI, 400 * MILLI, 0, 0, 0));
  }

  @Test
  default void traceMetricsByGroupPutTheAbsentGroupFirst() {
    writeTraces();
    assertSummaries(metrics(false, Filter.NONE, T0, T0 + 3 * MINUTE, "feature"),
        point(T0, null, 1, 1, 1, 200 * MILLI, 200 * MILLI, 200 * MILLI, 200 * MILLI, 0, 0, 0),
        point(T0, "chat", 3, 1, 1, 216_667L, 250 * MILLI, 295 * MILLI, 299 * MILLI, 300, 30, 0.003),
        point(T0 + MINUTE, "search", 2, 0, 0, 400 * MILLI, 400 * MILLI, 400 * MILLI, 400 * MILLI, 0, 0, 0));
    assertSummaries(metrics(false, where(f -> f.feature("chat").hasError(false)), T0, T0 + 3 * MINUTE, "status"),
        point(T0, null, 1, 0, 0, 250 * MILLI, 250 * MILLI, 250 * MILLI, 250 * MILLI, 0, 0, 0),
        point(T0, "success", 1, 0, 1, 100 * MILLI, 100 * MILLI, 100 * MILLI, 100 * MILLI, 100, 10, 0.001));
  }

  /** 201 spans lasting 1 to 201 µs (whole ranks) and one without an end; a bucket where none has an end. */
  @Test
  default void spanPercentilesOfWholeRanksAreValues() {
    List<Row> rows = new ArrayList<>();
    rows.add(trace(P1, traceId(1)).start(T0).build());
    List<Integer> durations = new ArrayList<>();
    for (int d = 1; d <= 201; d++) {
      durations.add(d);
    }
    Collections.shuffle(durations, new Random(7));
    for (int i = 0; i < durations.size(); i++) {
      long start = T0 + i * SECOND / 10;
      rows.add(span(P1, traceId(1), spanId(i)).times(start, start + durations.get(i)).build());
    }
    rows.add(span(P1, traceId(1), spanId(1000)).start(T0 + 30 * SECOND).build());
    rows.add(span(P1, traceId(1), spanId(1001)).start(T0 + MINUTE).tokens(5, 5).build());
    write(rows);

    assertSummaries(metrics(true, Filter.NONE, T0, T0 + 2 * MINUTE, null),
        point(T0, null, 202, 0, 0, 101L, 101L, 191L, 199L, 0, 0, 0),
        point(T0 + MINUTE, null, 1, 0, 0, null, null, null, null, 5, 5, 0));
  }

  /**
   * Span groups: type, model, name and status are the span's own; feature, environment and user are
   * its trace's, absent when the trace row is.
   */
  @Test
  default void spanMetricsGroupByOwnAndTraceFields() {
    write(
        trace(P1, traceId(1)).feature("chat").user("user-1", "Ada").environment("production")
            .name("trace name").status("failure").start(T0).build(),
        trace(P1, traceId(2)).feature("search").user("user-2", null).environment("staging").start(T0).build(),
        span(P1, traceId(1), spanId(1)).type("generation").model("gpt-4o").name("draft")
            .status("success").times(T0 + SECOND, T0 + SECOND + 10).tokens(10, 1).cost(0.001).build(),
        span(P1, traceId(1), spanId(2)).type("tool").name("lookup").status("failure")
            .times(T0 + 2 * SECOND, T0 + 2 * SECOND + 20).build(),
        span(P1, traceId(2), spanId(3)).type("generation").model("claude-3-5-sonnet").name("draft")
            .times(T0 + 3 * SECOND, T0 + 3 * SECOND + 30).tokens(20, 2).cost(0.002).build(),
        span(P1, traceId(3), spanId(4)).type("generation").model("gpt-4o").name("late")
            .start(T0 + 4 * SECOND).tokens(40, 4).cost(0.004).build());

    // Of 10 and 30 µs: p50 20, p95 29, p99 29.8 → 30. Of 10 and 20 µs: 15, 19.5 → 20, 19.9 → 20.
    MetricPoint tenAndThirty = point(T0, "generation", 3, 0, 1, 20L, 20L, 29L, 30L, 70, 7, 0.007);
    assertGroups("type", tenAndThirty, group("tool", 1, 1, 0, 20L, 0, 0, 0));
    assertGroups("model", group(null, 1, 1, 0, 20L, 0, 0, 0), group("claude-3-5-sonnet", 1, 0, 0, 30L, 20, 2, 0.002),
        group("gpt-4o", 2, 0, 1, 10L, 50, 5, 0.005));
    assertGroups("name", point(T0, "draft", 2, 0, 1, 20L, 20L, 29L, 30L, 30, 3, 0.003),
        group("late", 1, 0, 0, null, 40, 4, 0.004), group("lookup", 1, 1, 0, 20L, 0, 0, 0));
    assertGroups("status", group(null, 2, 0, 0, 30L, 60, 6, 0.006), group("failure", 1, 1, 0, 20L, 0, 0, 0),
        group("success", 1, 0, 1, 10L, 10, 1, 0.001));
    MetricPoint orphan = group(null, 1, 0, 0, null, 40, 4, 0.004);
    MetricPoint first = point(T0, "chat", 2, 1, 1, 15L, 15L, 20L, 20L, 10, 1, 0.001);
    MetricPoint second = group("search", 1, 0, 0, 30L, 20, 2, 0.002);
    assertGroups("feature", orphan, first, second);
    assertGroups("userId", orphan, withGroup(first, "user-1"), withGroup(second, "user-2"));
    assertGroups("environment", orphan, withGroup(first, "production"), withGroup(second, "staging"));
    assertSummaries(metrics(true, where(f -> f.feature("chat")), T0, T0 + MINUTE, "type"),
        group("generation", 1, 0, 1, 10L, 10, 1, 0.001), group("tool", 1, 1, 0, 20L, 0, 0, 0));
  }

  /**
   * Percentiles of 1, 2, 3 and then random counts of random durations, one bucket per sample,
   * against the definition computed here: interpolation between the closest ranks, rounded.
   */
  @Test
  default void percentilesInterpolateBetweenClosestRanks() {
    Random random = new Random(11);
    List<long[]> samples = new ArrayList<>(List.of(new long[] {12_700}, new long[] {12_700, 51_600},
        new long[] {10_000, 52_000, 20_000}));
    for (int i = 0; i < 20; i++) {
      long[] sample = new long[1 + random.nextInt(40)];
      for (int j = 0; j < sample.length; j++) {
        sample[j] = random.nextInt(random.nextBoolean() ? 1_000 : 10_000_000);
      }
      samples.add(sample);
    }
    List<Row> rows = new ArrayList<>();
    List<MetricPoint> expected = new ArrayList<>();
    for (int b = 0; b < samples.size(); b++) {
      long bucket = T0 + b * MINUTE;
      long[] sample = samples.get(b);
      for (int j = 0; j < sample.length; j++) {
        String id = traceId(b * 100 + j);
        rows.add(trace(P1, id).start(bucket + j).end(bucket + j + sample[j]).build());
      }
      long[] sorted = sample.clone();
      Arrays.sort(sorted);
      expected.add(point(bucket, null, sample.length, 0, 0, StorageTestSupport.mean(sorted),
          StorageTestSupport.percentile(sorted, 0.5), StorageTestSupport.percentile(sorted, 0.95),
          StorageTestSupport.percentile(sorted, 0.99), 0, 0, 0));
    }
    write(rows);
    assertSummaries(metrics(false, Filter.NONE, T0, T0 + samples.size() * MINUTE, null),
        expected.toArray(MetricPoint[]::new));
    // The example: two traces of 12.7 and 51.6 ms have p95 49.655 ms, not the minimum.
    assertThat(expected.get(1).p95()).isEqualTo(49_655L);
    assertThat(expected.get(2).p95()).isEqualTo(48_800L);
  }

  private void assertGroups(String groupBy, MetricPoint... expected) {
    assertSummaries(metrics(true, Filter.NONE, T0, T0 + MINUTE, groupBy), expected);
  }

  /**
   * A point without times to first token (always so for traces; here, spans have none either),
   * whose total tokens are input plus output.
   */
  private static MetricPoint point(long bucket, String group, long count, long errors, long successes,
      Long avg, Long p50, Long p95, Long p99, long input, long output, double cost) {
    return new MetricPoint(bucket, group, count, errors, successes, avg, p50, p95, p99, null, null, null,
        input, output, input + output, cost);
  }

  /** A point of the first bucket of one duration (or none), which is then the mean and every percentile. */
  private static MetricPoint group(String group, long count, long errors, long successes, Long duration,
      long input, long output, double cost) {
    return point(T0, group, count, errors, successes, duration, duration, duration, duration, input, output,
        cost);
  }

  private static MetricPoint withGroup(MetricPoint p, String group) {
    return new MetricPoint(p.bucketStart(), group, p.count(), p.errors(), p.successes(), p.avg(), p.p50(),
        p.p95(), p.p99(), p.ttftP50(), p.ttftP95(), p.ttftP99(), p.inputTokens(), p.outputTokens(),
        p.totalTokens(), p.cost());
  }
}
