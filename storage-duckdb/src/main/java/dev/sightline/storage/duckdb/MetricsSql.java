package dev.sightline.storage.duckdb;

import dev.sightline.core.model.Column;
import dev.sightline.core.model.Schema;
import dev.sightline.core.model.Table;
import dev.sightline.core.storage.MetricsQuery;
import dev.sightline.core.storage.QuerySemantics;
import java.util.Map;

/**
 * The per-row SQL expressions of a metrics query over {@code r} (and {@code t}, the span's trace,
 * when {@link #viaTrace}): its group and its time to first token. Stateless.
 */
final class MetricsSql {
  /** The columns of the groups that are one column. */
  private static final Map<String, Column> GROUP_COLUMNS = Map.of("feature", Schema.FEATURE,
      "name", Schema.NAME, "model", Schema.MODEL, "status", Schema.STATUS,
      "environment", Schema.ENVIRONMENT, "type", Schema.TYPE, "userId", Schema.USER_ID,
      "organization", Schema.ORGANIZATION_ID, "release", Schema.RELEASE);

  private MetricsSql() {}

  /** Whether the query groups spans by a field of their trace, which needs {@code t} joined. */
  static boolean viaTrace(MetricsQuery q) {
    return q.spans() && q.groupBy() != null && MetricsQuery.TRACE_GROUPS.contains(q.groupBy());
  }

  /**
   * The group of a row as VARCHAR. By tag, a set-returning {@code unnest}: one row per distinct tag,
   * or one NULL for a row without tags (unnest of an empty list would drop the row).
   */
  static String group(MetricsQuery q) {
    if (q.groupBy() == null) {
      return "CAST(NULL AS VARCHAR)";
    }
    if (q.groupBy().equals("tag")) {
      return "unnest(CASE WHEN len(coalesce(r.tags, [])) = 0 THEN [CAST(NULL AS VARCHAR)]"
          + " ELSE list_distinct(r.tags) END)";
    }
    if (q.groupBy().equals("promptVersion")) {
      return promptVersion("r");
    }
    return (viaTrace(q) ? "t." : "r.") + GROUP_COLUMNS.get(q.groupBy()).sqlName();
  }

  /**
   * {@link QuerySemantics#timeToFirstToken} as BIGINT. The completion start is one of the span's
   * {@link Extras}; the substring test skips parsing the JSON of spans without one (most), and
   * cannot miss one: inside a JSON string a quote is always escaped.
   */
  static String timeToFirstToken(Table table) {
    if (table != Table.SPANS) {
      return "CAST(NULL AS BIGINT)";
    }
    String key = Schema.COMPLETION_START_TIME.name();
    return "CASE WHEN contains(r." + Extras.COLUMN + ", '\"" + key + "\"') THEN CAST(json_extract_string(r."
        + Extras.COLUMN + ", '$." + key + "') AS BIGINT) - r.start_time END";
  }

  /**
   * {@link QuerySemantics#promptVersion}: the prompt's JSON text is a string in the span's
   * {@link Extras}. json_type tells a JSON string ('VARCHAR') from a number; a whole number is
   * 'BIGINT' when negative and 'UBIGINT' when not, which may exceed the signed range.
   *
   * @param span the alias of the span row
   */
  static String promptVersion(String span) {
    String key = Schema.PROMPT.name();
    String extras = span + "." + Extras.COLUMN;
    String prompt = "json_extract_string(" + extras + ", '$." + key + "')";
    String version = "CASE json_type(" + prompt + ", '$.version') WHEN 'VARCHAR' THEN json_extract_string("
        + prompt + ", '$.version') WHEN 'BIGINT' THEN json_extract_string(" + prompt + ", '$.version')"
        + " WHEN 'UBIGINT' THEN CAST(TRY_CAST(json_extract_string(" + prompt + ", '$.version') AS BIGINT)"
        + " AS VARCHAR) END";
    return "CASE WHEN contains(" + extras + ", '\"" + key + "\"') AND json_type(" + prompt
        + ", '$.slug') = 'VARCHAR' THEN json_extract_string(" + prompt + ", '$.slug') || coalesce('@' || "
        + version + ", '') END";
  }
}
