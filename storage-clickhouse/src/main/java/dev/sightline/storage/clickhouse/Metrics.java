package dev.sightline.storage.clickhouse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sightline.core.storage.MetricPoint;
import dev.sightline.core.storage.MetricsQuery;
import dev.sightline.core.storage.QuerySemantics;
import dev.sightline.core.storage.ScoreMetricsQuery;
import dev.sightline.core.storage.ScorePoint;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Metrics and score metrics: one aggregate query per call (plus one for score labels), grouped by
 * bucket and group in ClickHouse; percentiles from the sorted values of each group
 * ({@link Aggregates#percentile}), means from exact sums. Points are ordered in Java, by bucket then
 * group with the absent group first, comparing groups as Java strings do. Thread-safe.
 */
final class Metrics {
  /** Orders points by bucket start, then group (absent first). */
  private static final Comparator<JsonNode> ORDER = Comparator.comparingLong((JsonNode r) -> r.get("bucket").asLong())
      .thenComparing(r -> group(r), Comparator.nullsFirst(Comparator.naturalOrder()));
  private final ClickHouseHttp http;
  private final Conditions where;

  Metrics(ClickHouseHttp http, Conditions where) {
    this.http = http;
    this.where = where;
  }

  List<MetricPoint> metrics(MetricsQuery q) {
    String table = q.spans() ? "spans" : "traces";
    String conditions = (q.spans() ? where.spans(q.projectId(), q.filter(), null) : where.traces(q.projectId(), q.filter()))
        + where.scored(q.projectId(), q.filter(), q.spans());
    String group = "CAST(NULL AS Nullable(String))";
    String join = "";
    if (q.groupBy() != null) {
      String column = column(q.groupBy());
      if (q.groupBy().equals("tag")) {
        group = "arrayJoin(if(empty(tags), [CAST(NULL AS Nullable(String))], "
            + "CAST(arrayReduce('groupUniqArray', tags) AS Array(Nullable(String)))))";
      } else if (q.spans() && MetricsQuery.TRACE_GROUPS.contains(q.groupBy())) {
        join = "ANY LEFT JOIN (SELECT trace_id, " + column + " AS trace_group" + where.from("traces") + "WHERE "
            + Conditions.live(q.projectId()) + ") USING trace_id ";
        group = "trace_group";
      } else {
        group = column;
      }
    }
    String rows = "SELECT " + bucket("assumeNotNull(start_us)", q.bucket()) + " AS bucket, " + group + " AS grp, "
        + "is_error, is_success, duration_us, " + (q.spans() ? "ttft_us" : "CAST(NULL AS Nullable(Int64)) AS ttft_us")
        + ", input_tokens, output_tokens, total_tokens, cost" + where.from(table) + join + "WHERE " + conditions;
    String groups = "SELECT bucket, grp, count() AS n, sum(is_error) AS errors, sum(is_success) AS successes,"
        + " " + Aggregates.exactSum("duration_us") + " AS duration_sum, count(duration_us) AS durations,"
        + " arraySort(groupArray(duration_us)) AS d, arraySort(groupArray(ttft_us)) AS t, "
        + Aggregates.tokenSums() + ", sum(ifNull(cost, toFloat64(0))) AS cost_sum"
        + " FROM (" + rows + ") GROUP BY bucket, grp";
    StringBuilder sql = new StringBuilder("SELECT bucket, grp, n, errors, successes, duration_sum, durations, "
        + "input_sum, output_sum, total_sum, cost_sum");
    for (String a : List.of("d", "t")) {
      for (double p : new double[] {0.5, 0.95, 0.99}) {
        sql.append(", ").append(Aggregates.percentile(a, p)).append(" AS ").append(a).append((int) Math.round(p * 100));
      }
    }
    sql.append(" FROM (").append(groups).append(")");
    List<JsonNode> result = new ArrayList<>(http.query(sql.toString()));
    result.sort(ORDER);
    List<MetricPoint> points = new ArrayList<>(result.size());
    for (JsonNode r : result) {
      points.add(new MetricPoint(r.get("bucket").asLong(), group(r), r.get("n").asLong(), r.get("errors").asLong(),
          r.get("successes").asLong(),
          QuerySemantics.mean(new BigInteger(r.get("duration_sum").asText()), r.get("durations").asLong()),
          rounded(r, "d50"), rounded(r, "d95"), rounded(r, "d99"), rounded(r, "t50"), rounded(r, "t95"),
          rounded(r, "t99"), Aggregates.saturated(r, "input_sum"), Aggregates.saturated(r, "output_sum"),
          Aggregates.saturated(r, "total_sum"), r.get("cost_sum").asDouble()));
    }
    return points;
  }

  List<ScorePoint> scoreMetrics(ScoreMetricsQuery q) {
    List<String> c = new ArrayList<>();
    c.add(Conditions.live(q.projectId()));
    Conditions.eq(c, "name", q.name());
    Conditions.eq(c, "source", q.source());
    c.add("time >= " + q.from());
    c.add("time < " + q.to());
    if (q.filtersTraces()) {
      c.add("trace_id IN (" + where.traceIds(q.projectId(), q.traceFilter()) + ")");
    }
    String group = "CAST(NULL AS Nullable(String))";
    String join = "";
    if (q.groupBy() != null) {
      switch (q.groupBy()) {
        case "feature":
          join = "ANY LEFT JOIN (SELECT trace_id AS jt, feature AS judged" + where.from("traces") + "WHERE "
              + Conditions.live(q.projectId()) + ") USING jt ";
          group = "judged";
          break;
        case "model":
        case "promptVersion":
          join = "ANY LEFT JOIN (SELECT trace_id AS jt, span_id AS js, "
              + (q.groupBy().equals("model") ? "model" : "prompt_version") + " AS judged" + where.from("spans")
              + "WHERE " + Conditions.live(q.projectId()) + ") USING jt, js ";
          group = "judged";
          break;
        default:
          group = q.groupBy();
      }
    }
    String rows = "SELECT " + bucket("assumeNotNull(time)", q.bucket()) + " AS bucket, " + group + " AS grp, value, label, "
        + "ifNull(trace_id, '') AS jt, ifNull(span_id, '') AS js" + where.from("scores") + join
        + "WHERE " + String.join(" AND ", c);
    String groups = "SELECT bucket, grp, count() AS n, count(value) AS valued, avg(value) AS mean, min(value) AS lowest,"
        + " max(value) AS highest, arraySort(groupArray(value)) AS v FROM (" + rows + ") GROUP BY bucket, grp";
    String sql = "SELECT bucket, grp, n, valued, mean, lowest, highest, " + Aggregates.percentile("v", 0.5) + " AS p50, "
        + Aggregates.percentile("v", 0.9) + " AS p90 FROM (" + groups + ")";
    Map<List<Object>, Map<String, Long>> labels = labels(rows);
    List<JsonNode> result = new ArrayList<>(http.query(sql));
    result.sort(ORDER);
    List<ScorePoint> points = new ArrayList<>(result.size());
    for (JsonNode r : result) {
      boolean none = r.get("valued").asLong() == 0;
      points.add(new ScorePoint(r.get("bucket").asLong(), group(r), r.get("n").asLong(), r.get("valued").asLong(),
          none ? null : r.get("mean").asDouble(), none ? null : r.get("lowest").asDouble(),
          none ? null : r.get("highest").asDouble(), number(r, "p50"), number(r, "p90"),
          labels.getOrDefault(Arrays.asList(r.get("bucket").asLong(), group(r)), Map.of())));
    }
    return points;
  }

  /** The most frequent labels per (bucket, group), at most {@link ScorePoint#MAX_LABELS} each. */
  private Map<List<Object>, Map<String, Long>> labels(String rows) {
    List<JsonNode> counts = new ArrayList<>(http.query("SELECT bucket, grp, label, count() AS n FROM (" + rows
        + ") WHERE label IS NOT NULL GROUP BY bucket, grp, label"));
    counts.sort(Comparator.comparingLong((JsonNode r) -> -r.get("n").asLong()).thenComparing(r -> r.get("label").asText()));
    Map<List<Object>, Map<String, Long>> out = new HashMap<>();
    for (JsonNode r : counts) {
      Map<String, Long> of = out.computeIfAbsent(Arrays.asList(r.get("bucket").asLong(), group(r)), k -> new LinkedHashMap<>());
      if (of.size() < ScorePoint.MAX_LABELS) {
        of.put(r.get("label").asText(), r.get("n").asLong());
      }
    }
    return out;
  }

  /** The start of a value's bucket: floor division, also below the epoch. */
  private static String bucket(String value, long width) {
    String w = "toInt64(" + width + ")"; // a plain literal would be UInt32 and wrap
    return "(" + value + " - ((" + value + " % " + w + ") + " + w + ") % " + w + ")";
  }

  private static String column(String groupBy) {
    switch (groupBy) {
      case "userId":
        return "user_id";
      case "organization":
        return "organization_id";
      case "promptVersion":
        return "prompt_version";
      default:
        return groupBy; // feature, name, model, status, environment, type, release, tag
    }
  }

  private static String group(JsonNode r) {
    JsonNode g = r.get("grp");
    return g == null || g.isNull() ? null : g.asText();
  }

  private static Long rounded(JsonNode r, String field) {
    Double d = number(r, field);
    return d == null ? null : Math.round(d);
  }

  private static Double number(JsonNode r, String field) {
    JsonNode v = r.get(field);
    return v == null || v.isNull() ? null : Double.parseDouble(v.asText());
  }
}
