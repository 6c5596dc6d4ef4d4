package dev.sightline.storage.duckdb;

import dev.sightline.server.model.Row;
import dev.sightline.server.model.Schema;
import dev.sightline.server.model.Table;
import dev.sightline.server.storage.Cursor;
import dev.sightline.server.storage.Page;
import dev.sightline.server.storage.QuerySemantics;
import dev.sightline.server.storage.Sort;
import dev.sightline.server.storage.SpanQuery;
import dev.sightline.server.storage.TraceQuery;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Listings with a full-text condition whose words are common. Collecting every match first would
 * hand DuckDB hundreds of thousands of ids for a page of 50, so these walk the candidates in
 * listing order in growing chunks and keep the matching ones until the page is full:
 * <ul>
 *   <li>traces: DuckDB lists the next candidates meeting the other conditions, the search index
 *       tells which of them match the words;
 *   <li>spans, by start time: the search index lists the next matching spans by start time, DuckDB
 *       applies the other conditions and the exact order within the chunk.
 * </ul>
 * Both give up after {@value #MAX_SCAN} candidates (the words are common, but rarely together),
 * and so does any other span order; the caller then collects every match. Thread-safe.
 */
final class TextListings {
  private static final int FIRST_CHUNK = 256;
  private static final int MAX_CHUNK = 16_384;
  private static final int MAX_SCAN = 50_000;

  private final Database db;
  private final TextSearch text;
  private final PayloadStore payloads;

  TextListings(Database db, TextSearch text, PayloadStore payloads) {
    this.db = db;
    this.text = text;
    this.payloads = payloads;
  }

  /** The page of traces, or null if the walk gave up. */
  Page<Row> traces(TraceQuery q, Set<String> words) {
    List<String> matches = new ArrayList<>();
    Cursor after = q.after();
    int chunk = FIRST_CHUNK;
    for (int scanned = 0; matches.size() <= q.limit(); scanned += chunk, chunk = Math.min(chunk * 4, MAX_CHUNK)) {
      if (scanned >= MAX_SCAN) {
        return null;
      }
      Listing candidates = traceListing(q);
      FilterSql.traces(candidates.sql, q.filter(), null);
      List<Cursor> keys = candidates.keys(db, q.ascending(), chunk, after);
      Set<String> ids = new LinkedHashSet<>();
      keys.forEach(k -> ids.add(k.id()));
      Set<String> found = ids.isEmpty() ? Set.of() : text.tracesAmong(q.projectId(), words, ids);
      ids.stream().filter(found::contains).forEach(matches::add);
      if (keys.size() < chunk) {
        break;
      }
      after = keys.get(keys.size() - 1);
    }
    if (matches.isEmpty()) {
      return new Page<>(List.of(), null);
    }
    Listing page = traceListing(q);
    FilterSql.traces(page.sql, q.filter(), matches.subList(0, Math.min(matches.size(), q.limit() + 1)));
    return page.page(db, payloads, q.ascending(), q.limit(), q.after());
  }

  /** The page of spans, or null if the walk gave up or the listing is not in start order. */
  Page<Row> spans(SpanQuery q, Set<String> words) {
    if (q.sort() != Sort.START_TIME) {
      return null;
    }
    List<Row> rows = new ArrayList<>();
    Long from = q.after() == null ? null : (long) q.after().value();
    boolean inclusive = true;
    int chunk = FIRST_CHUNK;
    for (int scanned = 0; rows.size() <= q.limit(); scanned += chunk, chunk = Math.min(chunk * 4, MAX_CHUNK)) {
      if (scanned >= MAX_SCAN) {
        return null;
      }
      TextSearch.SpanChunk spans = text.spansByStart(q.projectId(), words, q.ascending(), from, inclusive, chunk);
      if (!spans.keys().isEmpty()) {
        Listing listing = Listings.spanListing(q);
        FilterSql.spans(listing.sql, q.projectId(), q.filter(), spans.keys());
        // Only the row groups of the chunk's time range hold its spans.
        listing.sql.sql(" AND r." + RowCodec.START + " BETWEEN ? AND ?", spans.earliest(), spans.latest());
        rows.addAll(listing.page(db, payloads, q.ascending(), q.limit() + 1 - rows.size(), q.after()).items());
      }
      if (spans.exhausted()) {
        break;
      }
      from = spans.last(q.ascending());
      inclusive = false;
    }
    if (rows.size() <= q.limit()) {
      return new Page<>(rows, null);
    }
    Row last = rows.get(q.limit() - 1);
    Cursor next = new Cursor(QuerySemantics.sortValue(last, Sort.START_TIME),
        last.string(Schema.TRACE_ID) + last.string(Schema.SPAN_ID));
    return new Page<>(rows.subList(0, q.limit()), next.encode());
  }

  private static Listing traceListing(TraceQuery q) {
    return new Listing(Table.TRACES, q.sort(), "r.trace_id", q.projectId());
  }
}
