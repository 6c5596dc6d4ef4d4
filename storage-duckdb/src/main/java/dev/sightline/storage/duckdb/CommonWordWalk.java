package dev.sightline.storage.duckdb;

import dev.sightline.core.model.Row;
import dev.sightline.core.model.Table;
import dev.sightline.core.storage.Cursor;
import dev.sightline.core.storage.Page;
import dev.sightline.core.storage.SpanQuery;
import dev.sightline.core.storage.TraceQuery;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Listings with a full-text condition whose words are common. Collecting every match first would
 * hand DuckDB hundreds of thousands of ids for a page of 50, so these walk the candidates in
 * listing order in growing chunks: DuckDB lists the next candidates meeting the other conditions,
 * the index tells which of them hold the words, until the page is full. They give up after
 * {@value #MAX_SCAN} candidates (the words are common, but rarely together, or the other
 * conditions rarely hold with them), and the caller then collects every match. Thread-safe.
 */
final class CommonWordWalk {
  private static final int FIRST_CHUNK = 256;
  private static final int MAX_CHUNK = 16_384;
  private static final int MAX_SCAN = 50_000;

  private final Database db;
  private final TextSearch text;
  private final PayloadStore payloads;

  CommonWordWalk(Database db, TextSearch text, PayloadStore payloads) {
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
      ListingSql candidates = traceListing(q);
      FilterSql.traces(candidates.sql, q.filter(), null);
      List<ListingSql.Key> keys = candidates.keys(db, q.ascending(), chunk, after);
      Set<String> ids = new LinkedHashSet<>();
      keys.forEach(k -> ids.add(k.cursor().id()));
      Set<String> found = ids.isEmpty() ? Set.of() : text.tracesAmong(q.projectId(), words, ids);
      ids.stream().filter(found::contains).forEach(matches::add);
      if (keys.size() < chunk) {
        break;
      }
      after = keys.get(keys.size() - 1).cursor();
    }
    if (matches.isEmpty()) {
      return new Page<>(List.of(), null);
    }
    ListingSql page = traceListing(q);
    FilterSql.traces(page.sql, q.filter(), matches.subList(0, Math.min(matches.size(), q.limit() + 1)));
    return page.page(db, payloads, q.ascending(), q.limit(), q.after());
  }

  /** The page of spans, or null if the walk gave up. */
  Page<Row> spans(SpanQuery q, Set<String> words) {
    List<Long> matches = new ArrayList<>();
    Cursor after = q.after();
    int chunk = FIRST_CHUNK;
    for (int scanned = 0; matches.size() <= q.limit(); scanned += chunk, chunk = Math.min(chunk * 4, MAX_CHUNK)) {
      if (scanned >= MAX_SCAN) {
        return null;
      }
      ListingSql candidates = ListQueries.spanListing(q);
      FilterSql.spans(candidates.sql, q.projectId(), q.filter(), null);
      List<ListingSql.Key> keys = candidates.keys(db, q.ascending(), chunk, after);
      List<Long> seqs = new ArrayList<>();
      keys.forEach(k -> seqs.add(k.seq()));
      Set<Long> found = seqs.isEmpty() ? Set.of() : text.spansAmong(q.projectId(), words, seqs);
      seqs.stream().filter(found::contains).forEach(matches::add);
      if (keys.size() < chunk) {
        break;
      }
      after = keys.get(keys.size() - 1).cursor();
    }
    if (matches.isEmpty()) {
      return new Page<>(List.of(), null);
    }
    ListingSql page = ListQueries.spanListing(q);
    FilterSql.spans(page.sql, q.projectId(), q.filter(), matches.subList(0, Math.min(matches.size(), q.limit() + 1)));
    return page.page(db, payloads, q.ascending(), q.limit(), q.after());
  }

  private static ListingSql traceListing(TraceQuery q) {
    return new ListingSql(Table.TRACES, q.sort(), KeysetId.trace(), q.projectId(), q.filter());
  }
}
