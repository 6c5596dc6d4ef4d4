package dev.sightline.storage.duckdb;

import dev.sightline.server.model.Row;
import dev.sightline.server.model.Table;
import dev.sightline.server.storage.Cursor;
import dev.sightline.server.storage.Filter;
import dev.sightline.server.storage.Page;
import dev.sightline.server.storage.ScoreQuery;
import dev.sightline.server.storage.Sort;
import dev.sightline.server.storage.SpanQuery;
import dev.sightline.server.storage.TraceQuery;
import java.sql.ResultSet;
import java.util.List;
import java.util.Set;

/**
 * Paged listings of traces, spans and scores: SQL filters, a full-text pre-selection from the
 * {@link TextSearch}, keyset pagination. Thread-safe.
 */
final class Listings {
  private final Database db;
  private final TextSearch search;
  private final PayloadStore payloads;

  Listings(Database db, TextSearch search, PayloadStore payloads) {
    this.db = db;
    this.search = search;
    this.payloads = payloads;
  }

  Page<Row> traces(TraceQuery q) {
    Set<String> matches = q.filter().q() == null ? null : search.traceIds(q.projectId(), q.filter().q());
    if (matches != null && matches.isEmpty()) {
      return new Page<>(List.of(), null);
    }
    Listing listing = new Listing(Table.TRACES, q.sort(), "r.trace_id", q.projectId());
    FilterSql.traces(listing.sql, q.filter(), matches);
    return listing.page(q.ascending(), q.limit(), q.after());
  }

  Page<Row> spans(SpanQuery q) {
    Filter f = q.filter();
    Set<String> matches = f.q() == null ? null : search.spanKeys(q.projectId(), f.q());
    if (matches != null && matches.isEmpty()) {
      return new Page<>(List.of(), null);
    }
    // The same id as InMemoryStorage.spanCursorId: trace id and span id, concatenated.
    Listing listing = new Listing(Table.SPANS, q.sort(), "(r.trace_id || r.span_id)", q.projectId());
    FilterSql.equal(listing.sql, "r.type", q.type());
    FilterSql.spans(listing.sql, q.projectId(), f, matches);
    return listing.page(q.ascending(), q.limit(), q.after());
  }

  Page<Row> scores(ScoreQuery q) {
    Listing listing = new Listing(Table.SCORES, Sort.START_TIME, "r.score_id", q.projectId());
    FilterSql.equal(listing.sql, "r.trace_id", q.traceId());
    FilterSql.equal(listing.sql, "r.span_id", q.spanId());
    FilterSql.equal(listing.sql, "r.session_id", q.sessionId());
    FilterSql.equal(listing.sql, "r.name", q.name());
    FilterSql.equal(listing.sql, "r.source", q.source());
    FilterSql.range(listing.sql, "r.time", q.from(), q.to());
    return listing.page(false, q.limit(), q.after());
  }

  /** One listing query being built: rows of a table with their sort value and id. */
  private final class Listing {
    final SqlBuilder sql = new SqlBuilder();
    final Table table;
    final String value;
    final String id;

    Listing(Table table, Sort sort, String id, String projectId) {
      this.table = table;
      this.value = FilterSql.sortValue(table, sort);
      this.id = id;
      sql.sql("SELECT " + RowCodec.selectList(table, "r") + ", " + value + ", " + id + " FROM "
          + table.sqlName() + " r WHERE r.project_id = ?", projectId);
    }

    Page<Row> page(boolean ascending, int limit, Cursor after) {
      Paging.orderAndLimit(sql, " AND ", value, id, ascending, limit, after);
      return db.read(c -> {
        try (ResultSet rs = c.query(sql)) {
          return Paging.read(rs, limit, r -> RowCodec.read(table, r, 1, payloads));
        }
      });
    }
  }
}
