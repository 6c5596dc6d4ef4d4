package dev.sightline.storage.clickhouse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sightline.core.model.Row;
import dev.sightline.core.storage.Cursor;
import dev.sightline.core.storage.Filter;
import dev.sightline.core.storage.GroupQuery;
import dev.sightline.core.storage.GroupSummary;
import dev.sightline.core.storage.Page;
import dev.sightline.core.storage.ScoreQuery;
import dev.sightline.core.storage.Sort;
import dev.sightline.core.storage.SpanQuery;
import dev.sightline.core.storage.TraceQuery;
import dev.sightline.core.model.Schema;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Keyset-paged listings: traces, spans, scores, sessions and users. Each page is one query that
 * sorts on (sort value, id) and reads one row more than the limit to know whether a page follows.
 * Sorting or filtering by a score joins the mean of the scores of that name per trace (or span).
 * Trace and span pages select their keys first and then the page's rows by key: sorting whole rows
 * (texts included) of a ten-million-span store took more than ClickHouse's 9 GB per query. Pages
 * with a full-text query come from {@link WordSearch}. Thread-safe.
 */
final class Listings {
  private static final long DAY_MICROS = 86_400_000_000L;
  private final ClickHouseHttp http;
  private final Conditions where;
  private final TraceReads reads;
  private final WordSearch search;

  Listings(ClickHouseHttp http, Conditions where, TraceReads reads) {
    this.http = http;
    this.where = where;
    this.reads = reads;
    this.search = new WordSearch(http, where);
  }

  Page<Row> traces(TraceQuery q) {
    return rows(traceKeys(q), Layout.TRACES, q.projectId(), null, q.sort());
  }

  /** The ids of {@link #traces}, from its keys without reading the rows. */
  Page<String> traceIds(TraceQuery q) {
    Page<JsonNode> keys = traceKeys(q);
    return new Page<>(keys.items().stream().map(k -> k.get("trace_id").asText()).toList(), keys.nextCursor());
  }

  private Page<JsonNode> traceKeys(TraceQuery q) {
    Keyset keyset = new Keyset(q.sort() == Sort.COST || q.sort() == Sort.SCORE, q.ascending());
    Function<String, String> keys = conditions -> "SELECT trace_id, " + sortExpr(q.sort())
        + " AS sort_v, trace_id AS sort_id" + where.from("traces") + scoreJoin(q.projectId(), q.filter(), false)
        + "WHERE " + conditions + scoreConditions(q.filter());
    return q.filter().q() == null
        ? page(keys.apply(where.traces(q.projectId(), q.filter())), keyset, q.limit(), q.after())
        : search.traces(q, keyset, since -> keys.apply(where.traces(q.projectId(), q.filter(), since, false)));
  }

  Page<Row> spans(SpanQuery q) {
    Keyset keyset = new Keyset(q.sort() == Sort.COST || q.sort() == Sort.SCORE, q.ascending());
    boolean search = q.filter().q() != null;
    Function<Long, String> keys = since -> "SELECT trace_id, span_id, " + sortExpr(q.sort())
        + " AS sort_v, concat(trace_id, span_id) AS sort_id" + where.from("spans")
        + scoreJoin(q.projectId(), q.filter(), true)
        + "WHERE " + where.spans(q.projectId(), q.filter(), q.type(), !search, since) + scoreConditions(q.filter());
    Page<JsonNode> page = search ? this.search.spans(q, keyset, keys)
        : page(keys.apply(null), keyset, q.limit(), q.after());
    return rows(page, Layout.SPANS, q.projectId(), "span_id", q.sort());
  }

  /**
   * The rows of a page of keys, in the page's order: read by trace id (the sorting key's prefix)
   * and, for spans, their span ids, in the partitions the page's starts allow when it is sorted by
   * start ({@link #partitionsFrom}). A row deleted since its key was listed is left out.
   */
  private Page<Row> rows(Page<JsonNode> keys, Layout layout, String projectId, String idColumn, Sort sort) {
    if (keys.items().isEmpty()) {
      return new Page<>(List.of(), keys.nextCursor());
    }
    Set<String> traceIds = new LinkedHashSet<>();
    Set<String> ids = new LinkedHashSet<>();
    keys.items().forEach(k -> {
      traceIds.add(k.get("trace_id").asText());
      if (idColumn != null) {
        ids.add(k.get(idColumn).asText());
      }
    });
    String keyCondition = "project_id = " + Sql.str(projectId) + " AND trace_id IN " + Sql.strList(traceIds)
        + (idColumn == null ? "" : " AND " + idColumn + " IN " + Sql.strList(ids))
        + (sort == Sort.START_TIME ? partitionsFrom(keys.items()) : "");
    Map<String, Row> byKey = new HashMap<>();
    for (Row row : reads.select(layout, keyCondition, "deleted = 0")) {
      byKey.put(row.string(Schema.TRACE_ID) + (idColumn == null ? "" : row.string(Schema.SPAN_ID)), row);
    }
    List<Row> items = new ArrayList<>(keys.items().size());
    keys.items().forEach(k -> {
      Row row = byKey.get(k.get("sort_id").asText());
      if (row != null) {
        items.add(row);
      }
    });
    return new Page<>(items, keys.nextCursor());
  }

  /**
   * {@code AND} a bound on {@code part_us} that keeps every partition holding rows of these keys,
   * which were selected with their start as {@code sort_v}: a row's partition time is its start
   * when first stored, and its start since then can only have moved earlier, or later by a clock
   * skew between a trace's pieces, allowed a day. The partition key is the same for every version of
   * a row, so the bound may be read first ({@link TraceReads#select(Layout, String, String)}).
   */
  static String partitionsFrom(List<JsonNode> keys) {
    long first = Long.MAX_VALUE;
    for (JsonNode k : keys) {
      first = Math.min(first, (long) Double.parseDouble(k.get("sort_v").asText()));
    }
    return first <= DAY_MICROS ? "" : " AND part_us >= " + (first - DAY_MICROS);
  }

  Page<Row> scores(ScoreQuery q) {
    List<String> c = new ArrayList<>();
    c.add(Conditions.live(q.projectId()));
    Conditions.eq(c, "trace_id", q.traceId());
    Conditions.eq(c, "span_id", q.spanId());
    Conditions.eq(c, "session_id", q.sessionId());
    Conditions.eq(c, "name", q.name());
    Conditions.eq(c, "source", q.source());
    if (q.from() != null) {
      c.add("time >= " + q.from());
    }
    if (q.to() != null) {
      c.add("time < " + q.to());
    }
    String sql = "SELECT " + Layout.SCORES.modelColumns() + ", ifNull(time, 0) AS sort_v, score_id AS sort_id"
        + where.from("scores") + "WHERE " + String.join(" AND ", c);
    return page(sql, new Keyset(false, false), q.limit(), q.after(), Layout.SCORES::decode);
  }

  Page<GroupSummary> groups(GroupQuery q) {
    boolean users = q.by() == GroupQuery.GroupBy.USER;
    String column = users ? "user_id" : "session_id";
    List<String> c = new ArrayList<>();
    c.add(Conditions.live(q.projectId()));
    c.add(column + " IS NOT NULL");
    if (q.from() != null) {
      c.add("start_us >= " + q.from());
    }
    if (q.to() != null) {
      c.add("start_us < " + q.to());
    }
    // The user name of the latest-starting trace that has one (ties: the greatest trace id).
    String sql = "SELECT assumeNotNull(" + column + ") AS sort_id, count() AS n, sum(is_error) AS errors,"
        + " ifNull(min(start_us), 0) AS first, ifNull(max(start_us), 0) AS sort_v,"
        + " " + Aggregates.tokenSums() + ", sum(ifNull(cost, 0)) AS cost_sum,"
        + " countIf(user_name IS NOT NULL) AS named,"
        + " argMaxIf(assumeNotNull(user_name), tuple(ifNull(start_us, 0), trace_id), user_name IS NOT NULL) AS uname"
        + where.from("traces") + "WHERE " + String.join(" AND ", c) + " GROUP BY sort_id";
    return page(sql, new Keyset(false, false), q.limit(), q.after(), r -> new GroupSummary(r.get("sort_id").asText(),
        users && r.get("named").asLong() > 0 ? r.get("uname").asText() : null,
        r.get("n").asLong(), r.get("errors").asLong(), r.get("first").asLong(), r.get("sort_v").asLong(),
        Aggregates.saturated(r, "input_sum"), Aggregates.saturated(r, "output_sum"),
        Aggregates.saturated(r, "total_sum"), r.get("cost_sum").asDouble()));
  }

  private Page<JsonNode> page(String sql, Keyset keyset, int limit, Cursor after) {
    return page(sql, keyset, limit, after, r -> r);
  }

  private <T> Page<T> page(String sql, Keyset keyset, int limit, Cursor after, Function<JsonNode, T> item) {
    return Keyset.page(http.query(keyset.sql(sql, after, limit + 1)), limit, item);
  }

  private static String sortExpr(Sort sort) {
    switch (sort) {
      case START_TIME:
        return "ifNull(start_us, 0)";
      case DURATION:
        return "ifNull(duration_us, 0)";
      case COST:
        return "ifNull(cost, toFloat64(0))";
      case TOTAL_TOKENS:
        return "ifNull(total_tokens, 0)";
      case SCORE:
        return "score_mean";
      default:
        throw new AssertionError(sort);
    }
  }

  /** The mean score of the filter's name joined as {@code score_mean}; nothing without a score name. */
  private String scoreJoin(String projectId, Filter f, boolean spans) {
    return f.scoreName() == null ? "" : "ANY LEFT JOIN (" + where.scoreMeans(projectId, f.scoreName(), spans) + ") USING "
        + (spans ? "trace_id, span_id " : "trace_id ");
  }

  private static String scoreConditions(Filter f) {
    return f.scoreName() == null ? "" : " AND score_found = 1" + Conditions.scoreBounds(f);
  }
}
