package dev.sightline.storage.duckdb;

import dev.sightline.core.model.Column;
import dev.sightline.core.model.Schema;
import dev.sightline.core.model.Table;
import dev.sightline.core.storage.GroupQuery;
import dev.sightline.core.storage.GroupSummary;
import dev.sightline.core.storage.MetricPoint;
import dev.sightline.core.storage.MetricsQuery;
import dev.sightline.core.storage.Page;
import dev.sightline.core.storage.QuerySemantics;
import dev.sightline.core.storage.Sort;
import dev.sightline.core.storage.Sums;
import java.math.BigInteger;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Sessions and users (groups of traces) and time-bucketed metrics, aggregated by DuckDB. Thread-safe. */
final class Aggregates {
  /** The order InMemoryStorage returns points in: bucket, then group with the absent one first. */
  private static final Comparator<MetricPoint> POINT_ORDER = Comparator
      .comparingLong(MetricPoint::bucketStart)
      .thenComparing(MetricPoint::group, Comparator.nullsFirst(Comparator.naturalOrder()));

  private final Database db;
  private final TextSearch search;

  Aggregates(Database db, TextSearch search) {
    this.db = db;
    this.search = search;
  }

  Page<GroupSummary> groups(GroupQuery q) {
    boolean users = q.by() == GroupQuery.GroupBy.USER;
    String key = users ? "r.user_id" : "r.session_id";
    String start = FilterSql.start(Table.TRACES);
    // The latest non-null name, "latest" meaning the greatest (start, trace id) as in the reference.
    String name = users ? "arg_max(r.user_name, (" + FilterSql.sortValue(Table.TRACES, Sort.START_TIME)
        + ", r.trace_id)) FILTER (WHERE r.user_name IS NOT NULL)" : "NULL";
    String lastTime = "CAST(coalesce(max(" + start + "), 0) AS DOUBLE)";
    SqlBuilder sql = new SqlBuilder().sql("SELECT " + key + ", " + name + ", count(*), count(*) FILTER"
        + " (WHERE " + FilterSql.isError(Table.TRACES) + "), coalesce(min(" + start + "), 0), "
        + "coalesce(max(" + start + "), 0), " + sums("r.") + ", " + lastTime + ", " + key
        + " FROM traces r WHERE r.project_id = ? AND " + key + " IS NOT NULL", q.projectId());
    FilterSql.timeRange(sql, Table.TRACES, q.from(), q.to());
    sql.sql(" GROUP BY " + key);
    Paging.orderAndLimit(sql, " HAVING ", lastTime, KeysetId.text(key), false, q.limit(), q.after());
    return db.read(c -> {
      try (ResultSet rs = c.query(sql)) {
        return Paging.read(rs, q.limit(), KeysetId.text(key), r -> new GroupSummary(r.getString(1), r.getString(2),
            r.getLong(3), r.getLong(4), r.getLong(5), r.getLong(6), r.getLong(7), r.getLong(8),
            r.getLong(9), r.getDouble(10)));
      }
    });
  }

  /**
   * One pass over the rows: the CTE {@code m} computes each row's bucket, group and values, one
   * GROUP BY aggregates them. The duration sum is read exactly (HUGEINT as text) for the mean.
   */
  List<MetricPoint> metrics(MetricsQuery q) {
    Table table = q.spans() ? Table.SPANS : Table.TRACES;
    String start = FilterSql.start(table);
    String bucket = "(" + start + " - ((" + start + " % ?) + ?) % ?)";
    SqlBuilder sql = new SqlBuilder().sql("WITH m AS (SELECT " + bucket + " AS bucket, " + MetricsSql.group(q)
        + " AS grp, " + FilterSql.isError(table) + " AS err, coalesce(r.status = '" + QuerySemantics.SUCCESS
        + "', false) AS ok, " + FilterSql.duration(table) + " AS dur, " + MetricsSql.timeToFirstToken(table)
        + " AS ttft, r.input_tokens, r.output_tokens, r.total_tokens, r.cost FROM " + table.sqlName() + " r",
        q.bucket(), q.bucket(), q.bucket());
    if (MetricsSql.viaTrace(q)) {
      sql.sql(" LEFT JOIN traces t ON t.project_id = r.project_id AND t.trace_id = r.trace_id");
    }
    ScoreSql.join(sql, table, q.projectId(), q.filter());
    sql.sql(" WHERE r.project_id = ?", q.projectId());
    String text = q.filter().q();
    if (q.spans()) {
      FilterSql.spans(sql, q.projectId(), q.filter(), text == null ? null : search.spanSeqs(q.projectId(), text));
    } else {
      FilterSql.traces(sql, q.filter(), text == null ? null : search.traceIds(q.projectId(), text));
    }
    sql.sql("), g AS (SELECT bucket, grp, count(*) AS n, count(*) FILTER (WHERE err) AS errors,"
        + " count(*) FILTER (WHERE ok) AS successes, CAST(coalesce(sum(dur), 0) AS VARCHAR) AS dur_sum,"
        + " count(dur) AS durs, quantile_cont(dur, [0.5, 0.95, 0.99]) AS q,"
        + " quantile_cont(ttft, [0.5, 0.95, 0.99]) AS tq, " + sums("")
        + " FROM m GROUP BY bucket, grp) SELECT bucket, grp, n, errors, successes, dur_sum, durs, "
        + percentile("q", 1) + ", " + percentile("q", 2) + ", " + percentile("q", 3) + ", " + percentile("tq", 1)
        + ", " + percentile("tq", 2) + ", " + percentile("tq", 3)
        + ", input_tokens, output_tokens, total_tokens, cost FROM g");
    return db.read(c -> {
      List<MetricPoint> points = new ArrayList<>();
      try (ResultSet rs = c.query(sql)) {
        while (rs.next()) {
          points.add(new MetricPoint(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getLong(4),
              rs.getLong(5), QuerySemantics.mean(new BigInteger(rs.getString(6)), rs.getLong(7)),
              nullableLong(rs, 8), nullableLong(rs, 9), nullableLong(rs, 10), nullableLong(rs, 11),
              nullableLong(rs, 12), nullableLong(rs, 13), rs.getLong(14), rs.getLong(15), rs.getLong(16),
              rs.getDouble(17)));
        }
      }
      points.sort(POINT_ORDER);
      return points;
    });
  }

  /**
   * Token sums and the cost sum (compensated, as Java's DoubleStream.sum), 0 if none, named after
   * their columns. DuckDB sums BIGINT exactly as HUGEINT; the sum is clamped to BIGINT's maximum,
   * which is what the saturating sums of {@link Sums} give for non-negative values, rather than
   * cast (a cast of a sum past 2^63 − 1 fails the whole query).
   *
   * @param prefix {@code "r."} or empty, before each column name
   */
  private static String sums(String prefix) {
    StringBuilder out = new StringBuilder();
    for (Column c : List.of(Schema.INPUT_TOKENS, Schema.OUTPUT_TOKENS, Schema.TOTAL_TOKENS)) {
      out.append("CAST(least(coalesce(sum(").append(prefix).append(c.sqlName()).append("), 0), ")
          .append(Sums.SATURATED).append(") AS BIGINT) AS ").append(c.sqlName()).append(", ");
    }
    return out.append("coalesce(fsum(").append(prefix).append("cost), 0) AS cost").toString();
  }

  /**
   * The {@code i}th (1-based) of a list of percentiles, rounded to a microsecond: DuckDB's
   * quantile_cont interpolates as MetricPoint defines (the same weighted double arithmetic), and round
   * takes halves away from zero, which for durations (never negative) is up, as Java's Math.round.
   */
  private static String percentile(String list, int i) {
    return "CAST(round(" + list + "[" + i + "]) AS BIGINT)";
  }

  private static Long nullableLong(ResultSet rs, int index) throws SQLException {
    long v = rs.getLong(index);
    return rs.wasNull() ? null : v;
  }
}
