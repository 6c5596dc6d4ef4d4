package dev.sightline.storage.clickhouse;

import dev.sightline.core.storage.Filter;
import dev.sightline.core.storage.QuerySemantics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@link Filter} as ClickHouse conditions over the layout's columns ({@link Layout}), with the
 * meaning {@code Filter}'s Javadoc gives: trace-level conditions of spans, and words through the
 * postings and the words of a trace's spans, as {@code IN} subqueries; attributes through the
 * parallel key and value arrays. Score conditions need a join and are left to {@link Listings}.
 * Stateless apart from the schema.
 */
final class Conditions {
  private static final long DAY_MICROS = 86_400_000_000L;
  private final SchemaDdl ddl;

  Conditions(SchemaDdl ddl) {
    this.ddl = ddl;
  }

  /** The project's live (not deleted) rows. */
  static String live(String projectId) {
    return "project_id = " + Sql.str(projectId) + " AND deleted = 0";
  }

  /** {@code FROM <table> FINAL}: reads see each key's latest version only. */
  String from(String table) {
    return " FROM " + ddl.table(table) + " FINAL ";
  }

  /** Every condition of the filter on the project's traces, but the score ones. */
  String traces(String projectId, Filter f) {
    return traces(projectId, f, null, true);
  }

  /**
   * The conditions of the filter on the project's traces that started at or after {@code since}
   * (epoch microseconds; null: any time), but the score ones. Each word is looked up in the
   * postings (from {@code since}'s day on); postings may hold the words of replaced texts, so
   * unless {@code checkWords} is false (the caller checks them: {@link WordSearch}) the traces are
   * also checked against their rows' own words.
   */
  String traces(String projectId, Filter f, Long since, boolean checkWords) {
    List<String> c = new ArrayList<>();
    c.add(live(projectId));
    traceLevel(f, c);
    own(f, c);
    since(since, c);
    if (f.model() != null) {
      c.add("has(models, " + Sql.str(f.model()) + ")");
    }
    for (String word : words(f)) {
      c.add("murmurHash3_32(trace_id) IN (" + postings(projectId, word, since) + ")");
      if (checkWords) {
        c.add(traceHolds(projectId, word, "trace_id IN (" + postedTraces(projectId, word) + ")"));
      }
    }
    return String.join(" AND ", c);
  }

  /**
   * The trace's own texts or one of its spans' hold the word: its spans are looked for among those
   * that meet {@code among}, a condition on the sorting key (e.g. their trace ids) that is read
   * first ({@code PREWHERE}, as {@link TraceReads#select(Layout, String, String)} says why).
   */
  String traceHolds(String projectId, String word, String among) {
    return "(has(words, " + Sql.str(word) + ") OR trace_id IN (SELECT trace_id" + from("spans") + "PREWHERE "
        + "project_id = " + Sql.str(projectId) + " AND " + among + " WHERE deleted = 0 AND has(words, "
        + Sql.str(word) + ")))";
  }

  /** The postings table, as queries name it. */
  String postingsTable() {
    return ddl.table(SchemaDdl.POSTINGS);
  }

  /** The hashes of the traces whose postings hold the word, from {@code since}'s day on (null: all). */
  private String postings(String projectId, String word, Long since) {
    return "SELECT arrayJoin(traces) FROM " + postingsTable() + " WHERE project_id = " + Sql.str(projectId)
        + " AND word = " + Sql.str(word) + (since == null ? "" : " AND day >= " + Postings.day(since));
  }

  /** The ids of the project's traces whose hashes the word's postings hold (a superset of its traces). */
  private String postedTraces(String projectId, String word) {
    return "SELECT trace_id FROM " + ddl.table("traces") + " WHERE project_id = " + Sql.str(projectId)
        + " AND murmurHash3_32(trace_id) IN (" + postings(projectId, word, null) + ")";
  }

  /** The ids of the project's traces that meet the filter (no score conditions), as a subquery. */
  String traceIds(String projectId, Filter f) {
    return "SELECT trace_id" + from("traces") + "WHERE " + traces(projectId, f);
  }

  /** Every condition of the filter on the project's spans of a type (null: any), but the score ones. */
  String spans(String projectId, Filter f, String type) {
    return spans(projectId, f, type, true, null);
  }

  /**
   * The conditions of the filter on the project's spans of a type (null: any) that started at or
   * after {@code since} (null: any time), but the score ones; with {@code checkWords} false, only
   * the postings of the words ({@link #traces(String, Filter, Long, boolean)}).
   */
  String spans(String projectId, Filter f, String type, boolean checkWords, Long since) {
    List<String> c = new ArrayList<>();
    c.add(live(projectId));
    since(since, c);
    List<String> trace = new ArrayList<>();
    traceLevel(f, trace);
    if (!trace.isEmpty()) {
      c.add("trace_id IN (SELECT trace_id" + from("traces") + "WHERE " + live(projectId) + " AND "
          + String.join(" AND ", trace) + ")");
    }
    own(f, c);
    if (type != null) {
      c.add("type = " + Sql.str(type));
    }
    if (f.model() != null) {
      c.add("model = " + Sql.str(f.model()));
    }
    Set<String> words = words(f);
    if (!words.isEmpty()) {
      for (String word : words) {
        c.add("trace_id IN (" + postedTraces(projectId, word) + ")");
      }
      if (checkWords) {
        c.add("hasAll(words, " + Sql.strArray(words) + ")");
      }
    }
    return String.join(" AND ", c);
  }

  /**
   * The filter's score conditions as an {@code IN} subquery (for a query that has no room for the
   * join listings use to sort by the score): {@code AND} the row's mean score of the name is in
   * bounds; empty without a score name.
   */
  String scored(String projectId, Filter f, boolean spans) {
    if (f.scoreName() == null) {
      return "";
    }
    String keys = spans ? "trace_id, span_id" : "trace_id";
    return " AND (" + keys + ") IN (SELECT " + keys + " FROM (" + scoreMeans(projectId, f.scoreName(), spans)
        + ") WHERE 1" + scoreBounds(f) + ")";
  }

  /**
   * The mean of the valued scores of a name per trace (or per span: the scores given to the span
   * itself) as {@code score_mean}, with {@code score_found = 1}.
   */
  String scoreMeans(String projectId, String name, boolean spans) {
    String keys = spans ? "assumeNotNull(trace_id) AS trace_id, assumeNotNull(span_id) AS span_id"
        : "assumeNotNull(trace_id) AS trace_id";
    return "SELECT " + keys + ", avg(value) AS score_mean, 1 AS score_found" + from("scores")
        + "WHERE " + live(projectId) + " AND name = " + Sql.str(name)
        + " AND value IS NOT NULL AND trace_id IS NOT NULL" + (spans ? " AND span_id IS NOT NULL" : "")
        + " GROUP BY " + (spans ? "trace_id, span_id" : "trace_id");
  }

  /** {@code AND} the bounds of the filter's score on {@code score_mean}, if any. */
  static String scoreBounds(Filter f) {
    return (f.minScore() == null ? "" : " AND score_mean >= " + Sql.dbl(f.minScore()))
        + (f.maxScore() == null ? "" : " AND score_mean <= " + Sql.dbl(f.maxScore()));
  }

  private static Set<String> words(Filter f) {
    return f.q() == null ? Set.of() : QuerySemantics.words(f.q());
  }

  /**
   * Rows that started at or after {@code since} (null: no condition), in the partitions they can be
   * in: a row's partition time is its start when first stored, which can be later than its start now
   * (an earlier span came) or, by a clock skew between pieces, earlier, allowed a day.
   */
  private static void since(Long since, List<String> c) {
    if (since != null) {
      c.add("start_us >= " + since + " AND part_us >= " + (since - DAY_MICROS));
    }
  }

  private static void traceLevel(Filter f, List<String> c) {
    eq(c, "feature", f.feature());
    eq(c, "session_id", f.sessionId());
    eq(c, "user_id", f.userId());
    eq(c, "organization_id", f.organizationId());
    eq(c, "environment", f.environment());
    eq(c, "release", f.release());
  }

  private static void own(Filter f, List<String> c) {
    if (f.from() != null) {
      c.add("start_us >= " + f.from());
    }
    if (f.to() != null) {
      c.add("start_us < " + f.to());
    }
    eq(c, "name", f.name());
    eq(c, "status", f.status());
    eq(c, "reference_id", f.referenceId());
    if (f.tag() != null) {
      c.add("has(tags, " + Sql.str(f.tag()) + ")");
    }
    scalars(c, "attr", f.attributes());
    scalars(c, "meta", f.metadata());
    if (f.minDuration() != null) {
      c.add("duration_us >= " + f.minDuration());
    }
    if (f.maxDuration() != null) {
      c.add("duration_us <= " + f.maxDuration());
    }
    if (f.minCost() != null) {
      c.add("cost >= " + Sql.dbl(f.minCost()));
    }
    if (f.hasError() != null) {
      c.add("is_error = " + (f.hasError() ? 1 : 0));
    }
  }

  private static void scalars(List<String> c, String prefix, Map<String, String> wanted) {
    wanted.forEach((k, v) -> c.add("has(" + prefix + "_keys, " + Sql.str(k) + ") AND " + prefix + "_values[indexOf("
        + prefix + "_keys, " + Sql.str(k) + ")] = " + Sql.str(v)));
  }

  /** Nullable columns compare as NULL, which a WHERE treats as false: absent values never match. */
  static void eq(List<String> c, String column, String value) {
    if (value != null) {
      c.add(column + " = " + Sql.str(value));
    }
  }
}
