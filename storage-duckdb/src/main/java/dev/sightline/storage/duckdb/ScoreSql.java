package dev.sightline.storage.duckdb;

import dev.sightline.core.model.Table;
import dev.sightline.core.storage.Filter;

/**
 * The score conditions of a {@link Filter} ({@link Filter#scoreName}) in SQL: the scores of the
 * name aggregated once per query, one mean per trace (or span), joined to the listed rows
 * {@code r} as {@code sc}, by the binary trace and span ids that every table stores ({@link Ids}).
 * Stateless.
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
    String keys = spans ? "trace_id AS tid, span_id AS sid" : "trace_id AS tid";
    sql.sql(" JOIN (SELECT " + keys + ", avg(value) AS score FROM " + Verdicts.ALL_SCORES + " WHERE project_id = ? AND name = ?"
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
}
