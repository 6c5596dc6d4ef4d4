package dev.sightline.storage.duckdb;

import dev.sightline.core.storage.ScoreMetricsQuery;
import dev.sightline.core.storage.ScorePoint;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Score metrics ({@link ScoreMetricsQuery}) in one statement: the CTE {@code m} reads each score's
 * bucket, group, value and label once (materialized, as two aggregates read it); {@code g}
 * aggregates the values per bucket and group and {@code lt} ranks the labels. Percentiles are
 * DuckDB's {@code quantile_cont}, an exact interpolation between the closest ranks as
 * {@link ScorePoint} defines it. Thread-safe.
 */
final class ScoreAggregates {
  /** The order of the reference store: bucket, then group with the absent one first. */
  private static final Comparator<ScorePoint> POINT_ORDER = Comparator
      .comparingLong(ScorePoint::bucketStart)
      .thenComparing(ScorePoint::group, Comparator.nullsFirst(Comparator.naturalOrder()));

  private final Database db;
  private final TextSearch search;

  ScoreAggregates(Database db, TextSearch search) {
    this.db = db;
    this.search = search;
  }

  List<ScorePoint> metrics(ScoreMetricsQuery q) {
    String bucket = "(s.time - ((s.time % ?) + ?) % ?)";
    SqlBuilder sql = new SqlBuilder().sql("WITH m AS MATERIALIZED (SELECT " + bucket + " AS bucket, " + group(q)
        + " AS grp, s.value AS v, s.label AS label FROM " + Verdicts.ALL_SCORES + " s", q.bucket(), q.bucket(), q.bucket());
    if (q.filtersTraces() || "feature".equals(q.groupBy())) {
      // An inner join when filtering: a score without a stored trace meets no trace condition.
      sql.sql((q.filtersTraces() ? " JOIN" : " LEFT JOIN") + " traces r ON r.project_id = s.project_id"
          + " AND r.trace_id = s.trace_id");
    }
    if ("model".equals(q.groupBy()) || "promptVersion".equals(q.groupBy())) {
      sql.sql(" LEFT JOIN spans j ON j.project_id = s.project_id AND j.trace_id = s.trace_id"
          + " AND j.span_id = s.span_id");
    }
    sql.sql(" WHERE s.project_id = ? AND s.time >= ? AND s.time < ?", q.projectId(), q.from(), q.to());
    // Implied by the time bounds; lets DuckDB skip row groups by the stored start's min/max.
    sql.sql(" AND s." + RowMapping.START + " >= ? AND s." + RowMapping.START + " < ?", q.from(), q.to());
    FilterSql.equal(sql, "s.name", q.name());
    FilterSql.equal(sql, "s.source", q.source());
    if (q.filtersTraces()) {
      String text = q.traceFilter().q();
      FilterSql.traces(sql, q.traceFilter(), text == null ? null : search.traceIds(q.projectId(), text));
    }
    sql.sql("), g AS (SELECT bucket, grp, count(*) AS n, count(v) AS valued, avg(v) AS a, min(v) AS lo,"
        + " max(v) AS hi, quantile_cont(v, [0.5, 0.9]) AS q FROM m GROUP BY bucket, grp),"
        + " l AS (SELECT bucket, grp, label, count(*) AS n FROM m WHERE label IS NOT NULL GROUP BY bucket, grp, label),"
        + " lt AS (SELECT bucket, grp, list(label ORDER BY n DESC, label)[1:" + ScorePoint.MAX_LABELS + "] AS labels,"
        + " list(n ORDER BY n DESC, label)[1:" + ScorePoint.MAX_LABELS + "] AS counts FROM l GROUP BY bucket, grp)"
        + " SELECT g.bucket, g.grp, g.n, g.valued, g.a, g.lo, g.hi, g.q[1], g.q[2], lt.labels, lt.counts"
        + " FROM g LEFT JOIN lt ON lt.bucket = g.bucket AND lt.grp IS NOT DISTINCT FROM g.grp");
    return db.read(c -> {
      List<ScorePoint> points = new ArrayList<>();
      try (ResultSet rs = c.query(sql)) {
        while (rs.next()) {
          points.add(new ScorePoint(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getLong(4),
              nullableDouble(rs, 5), nullableDouble(rs, 6), nullableDouble(rs, 7), nullableDouble(rs, 8),
              nullableDouble(rs, 9), labels(rs.getArray(10), rs.getArray(11))));
        }
      }
      points.sort(POINT_ORDER);
      return points;
    });
  }

  /** The group of a score as VARCHAR, through its trace ({@code r}) or judged span ({@code j}). */
  private static String group(ScoreMetricsQuery q) {
    if (q.groupBy() == null) {
      return "CAST(NULL AS VARCHAR)";
    }
    switch (q.groupBy()) {
      case "feature":
        return "r.feature";
      case "model":
        return "j.model";
      case "promptVersion":
        return MetricsSql.promptVersion("j");
      default: // name, source, label: the score's own
        return "s." + q.groupBy();
    }
  }

  private static Map<String, Long> labels(Array labels, Array counts) throws SQLException {
    Map<String, Long> out = new LinkedHashMap<>();
    if (labels != null) {
      Object[] names = (Object[]) labels.getArray();
      Object[] ns = (Object[]) counts.getArray();
      for (int i = 0; i < names.length; i++) {
        out.put((String) names[i], ((Number) ns[i]).longValue());
      }
    }
    return out;
  }

  private static Double nullableDouble(ResultSet rs, int index) throws SQLException {
    double v = rs.getDouble(index);
    return rs.wasNull() ? null : v;
  }
}
