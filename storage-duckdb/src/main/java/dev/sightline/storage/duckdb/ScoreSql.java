package dev.sightline.storage.duckdb;

import dev.sightline.core.model.Table;
import dev.sightline.core.storage.Filter;

/**
 * The score conditions of a {@link Filter} ({@link Filter#scoreName}) in SQL: the scores of the
 * name aggregated once per query, one mean per trace (or span), joined to the listed rows
 * {@code r} as {@code sc}. Scores keep their trace and span ids as text, so the aggregate turns
 * them into the binary ids of the trace and span tables ({@link Ids}); an id that is not one
 * matches no row. Stateless.
 */
final class ScoreSql {
  /** The joined mean, DOUBLE, as the alias of the join names it. */
  static final String MEAN = "sc.score";

  private ScoreSql() {}

  /**
   * Appends {@code JOIN (…) sc ON …} to a {@code FROM} of traces or spans aliased {@code r} if the
   * filter has a score name: an inner join, so it also keeps only the rows with a valued score of
   * the name whose mean is within the filter's bounds.
   */
  static void join(SqlBuilder sql, Table table, String projectId, Filter f) {
    if (f.scoreName() == null) {
      return;
    }
    boolean spans = table == Table.SPANS;
    String keys = spans ? traceId("trace_id") + " AS tid, " + spanId("span_id") + " AS sid" : traceId("trace_id") + " AS tid";
    sql.sql(" JOIN (SELECT " + keys + ", avg(value) AS score FROM scores WHERE project_id = ? AND name = ?"
        + " AND value IS NOT NULL" + (spans ? " AND span_id IS NOT NULL" : "") + " GROUP BY ALL HAVING true",
        projectId, f.scoreName());
    if (f.minScore() != null) {
      sql.sql(" AND avg(value) >= ?", f.minScore());
    }
    if (f.maxScore() != null) {
      sql.sql(" AND avg(value) <= ?", f.maxScore());
    }
    sql.sql(") sc ON sc.tid = r.trace_id" + (spans ? " AND sc.sid = r.span_id" : ""));
  }

  /** A score's text trace id column as the UUID of the trace table, NULL if it is not one. */
  static String traceId(String column) {
    return "TRY_CAST(" + column + " AS UUID)";
  }

  /**
   * A score's text span id column as the span table's BIGINT (the unsigned value minus 2^63,
   * which is flipping its top bit), NULL if it is not 16 hex digits.
   */
  static String spanId(String column) {
    return "CAST(CAST(TRY_CAST('0x' || " + column + " AS UBIGINT) AS HUGEINT) - 9223372036854775808 AS BIGINT)";
  }
}
