package dev.sightline.storage.clickhouse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sightline.core.storage.Cursor;
import dev.sightline.core.storage.Filter;
import dev.sightline.core.storage.Page;
import dev.sightline.core.storage.QuerySemantics;
import dev.sightline.core.storage.Sort;
import dev.sightline.core.storage.SpanQuery;
import dev.sightline.core.storage.TraceQuery;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Pages of listings with a full-text query. The postings ({@link SchemaDdl#POSTINGS}) give the
 * candidates: the rows of the traces holding every word, which meet every other condition, in the
 * page's order, read a chunk at a time; each chunk's candidates are then checked against their
 * rows' own words (postings keep the words of replaced texts), reading only those rows, until the
 * page and one row more are found or the candidates run out. So a common word costs one sorted
 * read of the candidates' keys, not a read of every row's words.
 *
 * <p>Newest-first searches by a common word ({@value #MANY_POSTINGS} postings or more) look at the
 * candidates of the last day first, then of the last week, then of the last 49 days, counted back
 * from the newest day holding the words (or the cursor, or the filter's end): a window that gives a
 * whole page and one row more gives the same page as no window. Thread-safe.
 */
final class WordSearch {
  static final long MANY_POSTINGS = 5_000;
  private static final long[] WINDOW_DAYS = {1, 7, 49};
  private static final long DAY_MICROS = 86_400_000_000L;

  private final ClickHouseHttp http;
  private final Conditions where;

  WordSearch(ClickHouseHttp http, Conditions where) {
    this.http = http;
    this.where = where;
  }

  /**
   * A page of trace keys.
   *
   * @param candidates the candidates' query for the traces started at or after a time (epoch
   *     microseconds; null: any), selecting {@code trace_id}, {@code sort_v} and {@code sort_id}
   */
  Page<JsonNode> traces(TraceQuery q, Keyset keyset, Function<Long, String> candidates) {
    Set<String> words = QuerySemantics.words(q.filter().q());
    return windowed(q.projectId(), words, q.filter(), q.sort(), q.ascending(), q.after(), q.limit(),
        2 * (q.limit() + 1), keyset, candidates, chunk -> checkTraces(q.projectId(), words, chunk, q.sort()));
  }

  /**
   * A page of span keys.
   *
   * @param candidates the candidates' query for the spans started at or after a time (null: any),
   *     selecting {@code trace_id}, {@code span_id}, {@code sort_v} and {@code sort_id}
   */
  Page<JsonNode> spans(SpanQuery q, Keyset keyset, Function<Long, String> candidates) {
    Set<String> words = QuerySemantics.words(q.filter().q());
    // A trace's postings make all its spans candidates, and often only one holds the word.
    return windowed(q.projectId(), words, q.filter(), q.sort(), q.ascending(), q.after(), q.limit(),
        4 * (q.limit() + 1), keyset, candidates, chunk -> checkSpans(q.projectId(), words, chunk, q.sort()));
  }

  /**
   * The page, newest days first when it is sorted by start descending and a word is common. Any
   * window is correct, since it only leaves out what starts before it: where it starts only decides
   * how soon a full page is found. Spans start no earlier than their trace, whose postings' newest
   * day bounds where the newest matches start, but for traces that last longer than a day.
   */
  private Page<JsonNode> windowed(String projectId, Set<String> words, Filter f, Sort sort, boolean ascending,
      Cursor after, int limit, int chunk, Keyset keyset, Function<Long, String> candidates,
      Function<List<JsonNode>, Set<String>> check) {
    if (sort == Sort.START_TIME && !ascending) {
      Postings postings = postings(projectId, words);
      if (postings.fewest() >= MANY_POSTINGS) {
        long top = Math.min((postings.newestDay() + 1) * DAY_MICROS,
            after != null ? (long) after.value() : f.to() != null ? f.to() : Long.MAX_VALUE);
        for (long days : WINDOW_DAYS) {
          long since = top - days * DAY_MICROS;
          if (f.from() != null && since <= f.from()) {
            break;
          }
          Page<JsonNode> page = checked(keyset, candidates.apply(since), after, limit, chunk, check);
          if (page.nextCursor() != null) {
            return page;
          }
        }
      }
    }
    return checked(keyset, candidates.apply(null), after, limit, chunk, check);
  }

  private Page<JsonNode> checked(Keyset keyset, String candidates, Cursor after, int limit, int chunk,
      Function<List<JsonNode>, Set<String>> check) {
    List<JsonNode> found = new ArrayList<>(limit + 1);
    Cursor from = after;
    while (true) {
      List<JsonNode> read = http.query(keyset.sql(candidates, from, chunk));
      Set<String> held = read.isEmpty() ? Set.of() : check.apply(read);
      for (JsonNode candidate : read) {
        if (held.contains(candidate.get("sort_id").asText())) {
          found.add(candidate);
          if (found.size() > limit) {
            return Keyset.page(found, limit, r -> r);
          }
        }
      }
      if (read.size() < chunk) {
        return Keyset.page(found, limit, r -> r);
      }
      from = Keyset.after(read.get(read.size() - 1));
    }
  }

  /** The candidate traces whose own texts or spans' texts hold every word. */
  private Set<String> checkTraces(String projectId, Set<String> words, List<JsonNode> candidates, Sort sort) {
    String among = "trace_id IN " + Sql.strList(ids(candidates, "trace_id"))
        + (sort == Sort.START_TIME ? Listings.partitionsFrom(candidates) : "");
    StringBuilder sql = new StringBuilder("SELECT trace_id").append(where.from("traces")).append("PREWHERE project_id = ")
        .append(Sql.str(projectId)).append(" AND ").append(among).append(" WHERE deleted = 0");
    for (String word : words) {
      sql.append(" AND ").append(where.traceHolds(projectId, word, among));
    }
    Set<String> held = new HashSet<>();
    http.query(sql.toString()).forEach(r -> held.add(r.get("trace_id").asText()));
    return held;
  }

  /** The candidate spans whose own texts hold every word, as {@code sort_id}s. */
  private Set<String> checkSpans(String projectId, Set<String> words, List<JsonNode> candidates, Sort sort) {
    Set<String> held = new HashSet<>();
    http.query("SELECT concat(trace_id, span_id) AS id" + where.from("spans") + "PREWHERE project_id = "
        + Sql.str(projectId) + " AND trace_id IN " + Sql.strList(ids(candidates, "trace_id")) + " AND span_id IN "
        + Sql.strList(ids(candidates, "span_id")) + (sort == Sort.START_TIME ? Listings.partitionsFrom(candidates) : "")
        + " WHERE deleted = 0 AND hasAll(words, " + Sql.strArray(words) + ")")
        .forEach(r -> held.add(r.get("id").asText()));
    return held;
  }

  /**
   * What the postings say of a query's words: how many the rarest word has (0 if a word has none),
   * and the newest day on or before which every word has postings (a trace holding them all
   * started before that day ended).
   */
  private record Postings(long fewest, long newestDay) {}

  private Postings postings(String projectId, Set<String> words) {
    JsonNode found = http.query("SELECT min(n) AS n, min(day) AS day, count() AS words FROM (SELECT sum(n) AS n,"
        + " max(day) AS day FROM " + where.postingsTable() + " WHERE project_id = " + Sql.str(projectId)
        + " AND word IN " + Sql.strList(words) + " GROUP BY word)").get(0);
    return new Postings(found.get("words").asInt() == words.size() ? found.get("n").asLong() : 0,
        found.get("day").asLong());
  }

  private static Set<String> ids(List<JsonNode> rows, String column) {
    Set<String> ids = new LinkedHashSet<>();
    rows.forEach(r -> ids.add(r.get(column).asText()));
    return ids;
  }
}
