package dev.sightline.core.storage.memory;

import dev.sightline.core.model.Row;
import dev.sightline.core.model.Schema;
import dev.sightline.core.storage.MetricPoint;
import dev.sightline.core.storage.MetricsQuery;
import dev.sightline.core.storage.QuerySemantics;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/** Groups rows into metric buckets and computes each bucket's {@link MetricPoint}. Stateless. */
final class MetricsAggregator {
  /** Orders bucket keys by bucket start, then group (absent group first). */
  static final Comparator<List<Object>> KEY_ORDER = Comparator
      .comparing((List<Object> k) -> (Long) k.get(0))
      .thenComparing(k -> (String) k.get(1), Comparator.nullsFirst(Comparator.naturalOrder()));

  /**
   * The (bucket start, group) keys of a row with a start time: one, except by {@code tag}, where a
   * row has one per distinct tag.
   */
  static List<List<Object>> keys(Row r, MetricsQuery q, Function<Row, Row> traceOfSpan) {
    long start = QuerySemantics.start(r);
    long bucket = Math.floorDiv(start, q.bucket()) * q.bucket();
    List<List<Object>> keys = new ArrayList<>();
    for (String group : groups(r, q, traceOfSpan)) {
      keys.add(Arrays.asList(bucket, group));
    }
    return keys;
  }

  static MetricPoint point(Map.Entry<List<Object>, List<Row>> e) {
    List<Row> rows = e.getValue();
    long[] durations = sorted(rows, QuerySemantics::duration);
    long[] ttfts = sorted(rows, QuerySemantics::timeToFirstToken);
    BigInteger durationSum = Arrays.stream(durations).mapToObj(BigInteger::valueOf)
        .reduce(BigInteger.ZERO, BigInteger::add);
    return new MetricPoint((Long) e.getKey().get(0), (String) e.getKey().get(1), rows.size(),
        rows.stream().filter(QuerySemantics::isError).count(),
        rows.stream().filter(QuerySemantics::isSuccess).count(),
        QuerySemantics.mean(durationSum, durations.length),
        quantile(durations, 0.50), quantile(durations, 0.95), quantile(durations, 0.99),
        quantile(ttfts, 0.50), quantile(ttfts, 0.95), quantile(ttfts, 0.99),
        InMemoryStorage.sum(rows, r -> r.longValue(Schema.INPUT_TOKENS)),
        InMemoryStorage.sum(rows, r -> r.longValue(Schema.OUTPUT_TOKENS)),
        InMemoryStorage.sum(rows, r -> r.longValue(Schema.TOTAL_TOKENS)),
        rows.stream().map(r -> r.doubleValue(Schema.COST)).filter(Objects::nonNull)
            .mapToDouble(Double::doubleValue).sum());
  }

  /**
   * The percentile {@link MetricPoint} defines: interpolated between the closest ranks of the
   * sorted values, rounded to the nearest microsecond (halves up); null if there are none.
   */
  static Long quantile(long[] sorted, double p) {
    return sorted.length == 0 ? null : Math.round(quantile(Arrays.stream(sorted).asDoubleStream().toArray(), p));
  }

  /** The interpolated percentile of sorted values, unrounded; null if there are none. */
  static Double quantile(double[] sorted, double p) {
    if (sorted.length == 0) {
      return null;
    }
    double rank = (sorted.length - 1) * p;
    int lo = (int) Math.floor(rank);
    int hi = (int) Math.ceil(rank);
    double f = rank - lo;
    // Weighted, as DuckDB's quantile_cont computes it, so both stores round the same double.
    return sorted[lo] * (1 - f) + sorted[hi] * f;
  }

  private static long[] sorted(List<Row> rows, Function<Row, Long> value) {
    return rows.stream().map(value).filter(Objects::nonNull).mapToLong(Long::longValue).sorted().toArray();
  }

  /** The row's groups: a list holding null when not grouping or when the row has no value. */
  private static List<String> groups(Row r, MetricsQuery q, Function<Row, Row> traceOfSpan) {
    if (q.groupBy() == null) {
      return Collections.singletonList(null);
    }
    Row source = q.spans() && MetricsQuery.TRACE_GROUPS.contains(q.groupBy()) ? traceOfSpan.apply(r) : r;
    if (source == null) {
      return Collections.singletonList(null);
    }
    if (q.groupBy().equals("tag")) {
      List<String> tags = source.list(Schema.TAGS);
      return tags == null || tags.isEmpty() ? Collections.singletonList(null)
          : new ArrayList<>(new LinkedHashSet<>(tags));
    }
    return Collections.singletonList(group(source, q.groupBy()));
  }

  private static String group(Row source, String groupBy) {
    switch (groupBy) {
      case "userId":
        return source.string(Schema.USER_ID);
      case "organization":
        return source.string(Schema.ORGANIZATION_ID);
      case "feature":
        return source.string(Schema.FEATURE);
      case "environment":
        return source.string(Schema.ENVIRONMENT);
      case "release":
        return source.string(Schema.RELEASE);
      case "name":
        return source.string(Schema.NAME);
      case "status":
        return source.string(Schema.STATUS);
      case "type":
        return source.string(Schema.TYPE);
      case "model":
        return source.string(Schema.MODEL);
      case "promptVersion":
        return QuerySemantics.promptVersion(source);
      default:
        throw new AssertionError(groupBy);
    }
  }

  private MetricsAggregator() {}
}
