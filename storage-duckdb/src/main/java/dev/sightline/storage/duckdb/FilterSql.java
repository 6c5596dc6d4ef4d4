package dev.sightline.storage.duckdb;

import dev.sightline.core.model.Column;
import dev.sightline.core.model.Schema;
import dev.sightline.core.model.Table;
import dev.sightline.core.storage.Filter;
import dev.sightline.core.storage.QuerySemantics;
import dev.sightline.core.storage.Sort;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * The SQL forms of {@link QuerySemantics} and {@link Filter} over a trace, span or score row
 * aliased {@code r}. Every user value becomes a bind parameter of the {@link SqlBuilder}.
 * Stateless and thread-safe.
 */
final class FilterSql {
  private FilterSql() {}

  /** {@link QuerySemantics#start}: epoch microseconds or NULL. */
  static String start(Table table) {
    if (table == Table.SCORES) {
      return "r.time";
    }
    return table == Table.TRACES ? "coalesce(r.start_time, r.first_span_start)" : "r.start_time";
  }

  /** {@link QuerySemantics#end}. */
  static String end(Table table) {
    return table == Table.TRACES ? "coalesce(r.end_time, r.last_span_end)" : "r.end_time";
  }

  /** {@link QuerySemantics#duration}: NULL when either end is unknown. */
  static String duration(Table table) {
    return "(" + end(table) + " - " + start(table) + ")";
  }

  /** {@link QuerySemantics#isError}, never NULL. */
  static String isError(Table table) {
    String failed = "coalesce(r.status = '" + Schema.FAILURE + "', false)";
    return table == Table.TRACES ? "(" + failed + " OR coalesce(r.error_count, 0) > 0)" : failed;
  }

  /**
   * {@link QuerySemantics#sortValue}, absent values 0, the same as cursor values: the stored
   * {@link RowMapping#START} column for start times (BIGINT), else a DOUBLE expression; by score,
   * the mean {@link ScoreSql#join} joins.
   */
  static String sortValue(Table table, Sort sort) {
    String value;
    switch (sort) {
      case START_TIME:
        return "r." + RowMapping.START;
      case DURATION:
        value = duration(table);
        break;
      case COST:
        value = "r.cost";
        break;
      case TOTAL_TOKENS:
        value = "r.total_tokens";
        break;
      case SCORE:
        value = ScoreSql.MEAN;
        break;
      default:
        throw new AssertionError(sort);
    }
    return "CAST(coalesce(" + value + ", 0) AS DOUBLE)";
  }

  /**
   * Appends {@code AND …} for every condition of the filter on traces.
   *
   * @param textMatches ids of the traces matching the filter's {@code q}, or null if it has none
   */
  static void traces(SqlBuilder sql, Filter f, Collection<String> textMatches) {
    traceLevel(sql, f, "r");
    ownFields(sql, Table.TRACES, f);
    if (f.model() != null) {
      sql.sql(" AND list_contains(r.models, ?)", f.model());
    }
    if (textMatches != null) {
      sql.sql(" AND r.trace_id").inTraceIds(textMatches);
    }
  }

  /**
   * Appends {@code AND …} for every condition of the filter on spans: trace-level fields through
   * the span's trace (a span without a stored trace fails them), the rest on the span itself.
   *
   * @param textMatches sequence numbers of the spans matching {@code q}, or null
   */
  static void spans(SqlBuilder sql, String projectId, Filter f, Collection<Long> textMatches) {
    SqlBuilder traceLevel = new SqlBuilder();
    traceLevel(traceLevel, f, "t");
    if (!traceLevel.isEmpty()) {
      // A semi-join keeps the span scan free of a join when the trace conditions are selective.
      sql.sql(" AND r.trace_id IN (SELECT t.trace_id FROM traces t WHERE t.project_id = ?", projectId);
      sql.append(traceLevel).sql(")");
    }
    ownFields(sql, Table.SPANS, f);
    if (f.model() != null) {
      sql.sql(" AND r.model = ?", f.model());
    }
    if (textMatches != null) {
      sql.seqs("r", textMatches);
    }
  }

  /**
   * Appends the bounds of a half-open range of the row's {@link QuerySemantics#start start}, either
   * may be null; also on the stored {@link RowMapping#START} (implied for rows that have a start), so
   * that DuckDB skips the row groups outside the range.
   */
  static void timeRange(SqlBuilder sql, Table table, Long from, Long to) {
    range(sql, start(table), from, to);
    range(sql, "r." + RowMapping.START, from, to);
  }

  /** Appends {@code AND alias.column >= ?} style bounds of a half-open range, either may be null. */
  private static void range(SqlBuilder sql, String expression, Long from, Long to) {
    if (from != null) {
      sql.sql(" AND " + expression + " >= ?", from);
    }
    if (to != null) {
      sql.sql(" AND " + expression + " < ?", to);
    }
  }

  private static void traceLevel(SqlBuilder sql, Filter f, String alias) {
    equal(sql, alias + ".feature", f.feature());
    equal(sql, alias + ".session_id", f.sessionId());
    equal(sql, alias + ".user_id", f.userId());
    equal(sql, alias + ".organization_id", f.organizationId());
    equal(sql, alias + ".environment", f.environment());
    equal(sql, alias + ".release", f.release());
  }

  private static void ownFields(SqlBuilder sql, Table table, Filter f) {
    timeRange(sql, table, f.from(), f.to());
    equal(sql, "r.name", f.name());
    equal(sql, "r.status", f.status());
    equal(sql, "r.reference_id", f.referenceId());
    if (f.tag() != null) {
      sql.sql(" AND list_contains(r.tags, ?)", f.tag());
    }
    json(sql, "r.attributes", f.attributes());
    json(sql, "r.metadata", f.metadata());
    if (f.minDuration() != null) {
      sql.sql(" AND " + duration(table) + " >= ?", f.minDuration());
    }
    if (f.maxDuration() != null) {
      sql.sql(" AND " + duration(table) + " <= ?", f.maxDuration());
    }
    if (f.minCost() != null) {
      sql.sql(" AND r.cost >= ?", f.minCost());
    }
    if (f.hasError() != null) {
      sql.sql(f.hasError() ? " AND " + isError(table) : " AND NOT " + isError(table));
    }
  }

  /**
   * Top-level scalar values of a JSON object compared as text: strings decoded, numbers and
   * booleans as JSON text; a missing key, null, object or array never matches. Keys are addressed
   * by JSON Pointer, so no key can be read as path syntax. DuckDB renders a number in its
   * canonical form ({@code 1.50} as {@code 1.5}), where the reference compares the text as sent.
   */
  private static void json(SqlBuilder sql, String column, Map<String, String> wanted) {
    if (wanted.isEmpty()) {
      return;
    }
    sql.sql(" AND json_type(" + column + ") = 'OBJECT'");
    for (Map.Entry<String, String> e : new TreeMap<>(wanted).entrySet()) {
      String pointer = "/" + e.getKey().replace("~", "~0").replace("/", "~1");
      sql.sql(" AND json_type(" + column + ", ?) NOT IN ('OBJECT', 'ARRAY')", pointer);
      sql.sql(" AND json_extract_string(" + column + ", ?) = ?", pointer, e.getValue());
    }
  }

  /** Appends {@code AND column = ?} unless the value is null (no condition). */
  /**
   * {@code AND column = ?} for a binary trace or span id column ({@link Ids}) if the id is not
   * null; an id that is not one ({@link Ids#isTrace}, {@link Ids#isSpan}) matches no row.
   */
  static void equalId(SqlBuilder sql, String column, Column id, String value) {
    if (value == null) {
      return;
    }
    boolean trace = id == Schema.TRACE_ID;
    if (trace ? Ids.isTrace(value) : Ids.isSpan(value)) {
      sql.sql(" AND " + column + " = ?", trace ? Ids.trace(value) : (Object) Ids.span(value));
    } else {
      sql.sql(" AND false");
    }
  }

  static void equal(SqlBuilder sql, String column, String value) {
    if (value != null) {
      sql.sql(" AND " + column + " = ?", value);
    }
  }
}
