package dev.sightline.core.storage.memory;

import dev.sightline.core.model.Row;
import dev.sightline.core.model.Schema;
import dev.sightline.core.storage.MetricPoint;
import dev.sightline.core.storage.MetricsQuery;
import dev.sightline.core.storage.QuerySemantics;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/** Groups rows into metric buckets and computes each bucket's {@link MetricPoint}. */
final class MetricsAggregator {
  /** Orders bucket keys by bucket start, then group (absent group first). */
  static final Comparator<List<Object>> KEY_ORDER = Comparator
      .comparing((List<Object> k) -> (Long) k.get(0))
      .thenComparing(k -> (String) k.get(1), Comparator.nullsFirst(Comparator.naturalOrder()));

  /** The (bucket start, group) key of a row with a start time. */
  static List<Object> key(Row r, MetricsQuery q, Function<Row, Row> traceOfSpan) {
    long start = QuerySemantics.start(r);
    long bucket = Math.floorDiv(start, q.bucket()) * q.bucket();
    return Arrays.asList(bucket, group(r, q, traceOfSpan));
  }

  static MetricPoint point(Map.Entry<List<Object>, List<Row>> e) {
    List<Row> rows = e.getValue();
    long[] durations = rows.stream().map(QuerySemantics::duration).filter(Objects::nonNull)
        .mapToLong(Long::longValue).sorted().toArray();
    return new MetricPoint((Long) e.getKey().get(0), (String) e.getKey().get(1), rows.size(),
        rows.stream().filter(QuerySemantics::isError).count(),
        quantile(durations, 0.50), quantile(durations, 0.95), quantile(durations, 0.99),
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
    if (sorted.length == 0) {
      return null;
    }
    double rank = (sorted.length - 1) * p;
    int lo = (int) Math.floor(rank);
    int hi = (int) Math.ceil(rank);
    double f = rank - lo;
    // Weighted, as DuckDB's quantile_cont computes it, so both stores round the same double.
    return Math.round(sorted[lo] * (1 - f) + sorted[hi] * f);
  }

  private static String group(Row r, MetricsQuery q, Function<Row, Row> traceOfSpan) {
    if (q.groupBy() == null) {
      return null;
    }
    boolean traceField = List.of("feature", "environment", "userId").contains(q.groupBy());
    Row source = q.spans() && traceField ? traceOfSpan.apply(r) : r;
    if (source == null) {
      return null;
    }
    switch (q.groupBy()) {
      case "userId":
        return source.string(Schema.USER_ID);
      case "feature":
        return source.string(Schema.FEATURE);
      case "environment":
        return source.string(Schema.ENVIRONMENT);
      case "name":
        return source.string(Schema.NAME);
      case "status":
        return source.string(Schema.STATUS);
      case "type":
        return source.string(Schema.TYPE);
      case "model":
        return source.string(Schema.MODEL);
      default:
        throw new AssertionError(q.groupBy());
    }
  }

  private MetricsAggregator() {}
}
