package dev.sightline.core.storage.memory;

import dev.sightline.core.model.Row;
import dev.sightline.core.model.Schema;
import dev.sightline.core.storage.QuerySemantics;
import dev.sightline.core.storage.ScoreMetricsQuery;
import dev.sightline.core.storage.ScorePoint;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Groups scores into the buckets and groups of a {@link ScoreMetricsQuery} and aggregates each. Stateless. */
final class ScoreAggregator {
  private ScoreAggregator() {}

  /**
   * The points of the scores, which all have a time in the query's range.
   *
   * @param traceOf a score's stored trace, or null
   * @param spanOf a score's stored span (the one it judges), or null
   */
  static List<ScorePoint> points(ScoreMetricsQuery q, List<Row> scores, Function<Row, Row> traceOf,
      Function<Row, Row> spanOf) {
    Map<List<Object>, List<Row>> buckets = new TreeMap<>(MetricsAggregator.KEY_ORDER);
    for (Row s : scores) {
      long bucket = Math.floorDiv(s.longValue(Schema.TIME), q.bucket()) * q.bucket();
      String group = q.groupBy() == null ? null : group(s, q.groupBy(), traceOf, spanOf);
      buckets.computeIfAbsent(Arrays.asList(bucket, group), k -> new ArrayList<>()).add(s);
    }
    List<ScorePoint> points = new ArrayList<>(buckets.size());
    buckets.forEach((key, rows) -> points.add(point((Long) key.get(0), (String) key.get(1), rows)));
    return points;
  }

  private static ScorePoint point(long bucketStart, String group, List<Row> rows) {
    double[] values = rows.stream().map(r -> r.doubleValue(Schema.VALUE)).filter(Objects::nonNull)
        .mapToDouble(Double::doubleValue).sorted().toArray();
    Map<String, Long> counts = new HashMap<>();
    rows.stream().map(r -> r.string(Schema.LABEL)).filter(Objects::nonNull)
        .forEach(label -> counts.merge(label, 1L, Long::sum));
    Map<String, Long> labels = counts.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
            .thenComparing(Map.Entry.comparingByKey()))
        .limit(ScorePoint.MAX_LABELS)
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
    boolean none = values.length == 0;
    return new ScorePoint(bucketStart, group, rows.size(), values.length,
        none ? null : Arrays.stream(values).sum() / values.length,
        none ? null : values[0], none ? null : values[values.length - 1],
        MetricsAggregator.quantile(values, 0.5), MetricsAggregator.quantile(values, 0.9), labels);
  }

  private static String group(Row score, String groupBy, Function<Row, Row> traceOf, Function<Row, Row> spanOf) {
    switch (groupBy) {
      case "name":
        return score.string(Schema.NAME);
      case "source":
        return score.string(Schema.SOURCE);
      case "label":
        return score.string(Schema.LABEL);
      case "feature":
        Row trace = traceOf.apply(score);
        return trace == null ? null : trace.string(Schema.FEATURE);
      case "model":
        Row span = spanOf.apply(score);
        return span == null ? null : span.string(Schema.MODEL);
      case "promptVersion":
        Row judged = spanOf.apply(score);
        return judged == null ? null : QuerySemantics.promptVersion(judged);
      default:
        throw new AssertionError(groupBy);
    }
  }
}
