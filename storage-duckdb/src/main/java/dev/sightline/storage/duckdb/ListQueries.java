package dev.sightline.storage.duckdb;

import dev.sightline.core.model.Row;
import dev.sightline.core.model.Schema;
import dev.sightline.core.model.Table;
import dev.sightline.core.storage.Filter;
import dev.sightline.core.storage.Page;
import dev.sightline.core.storage.QuerySemantics;
import dev.sightline.core.storage.ScoreQuery;
import dev.sightline.core.storage.Sort;
import dev.sightline.core.storage.SpanQuery;
import dev.sightline.core.storage.TraceQuery;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Paged listings of traces, spans and scores: SQL filters, keyset pagination, and full-text
 * conditions either as the set of every match from the {@link TextSearch} (rare words) or as a walk
 * over the candidates in listing order ({@link CommonWordWalk}, common words). Thread-safe.
 */
final class ListQueries {
  private final Database db;
  private final TextSearch search;
  private final PayloadStore payloads;

  private final CommonWordWalk walks;

  ListQueries(Database db, TextSearch search, PayloadStore payloads) {
    this.db = db;
    this.search = search;
    this.payloads = payloads;
    this.walks = new CommonWordWalk(db, search, payloads);
  }

  Page<Row> traces(TraceQuery q) {
    Set<String> words = commonWords(q.projectId(), q.filter());
    Page<Row> walked = words.isEmpty() ? null : walks.traces(q, words);
    if (walked != null) {
      return walked;
    }
    ListingSql listing = traceListing(q);
    return listing == null ? new Page<>(List.of(), null)
        : listing.page(db, payloads, q.ascending(), q.limit(), q.after());
  }

  /**
   * The ids of {@link #traces}: from the listing's keys alone, neither the rows nor their payloads
   * (BENCHMARKS.md, export, issue 13). A filter on common words takes them from the walk's rows.
   */
  Page<String> traceIds(TraceQuery q) {
    if (!commonWords(q.projectId(), q.filter()).isEmpty()) {
      Page<Row> page = traces(q);
      return new Page<>(page.items().stream().map(t -> t.string(Schema.TRACE_ID)).toList(), page.nextCursor());
    }
    ListingSql listing = traceListing(q);
    return listing == null ? new Page<>(List.of(), null)
        : listing.page(db, "r.trace_id", q.ascending(), q.limit(), q.after(), r -> Ids.trace((UUID) r.getObject(1)));
  }

  /** The listing of the query's traces, its filter appended; null if its text matches nothing. */
  private ListingSql traceListing(TraceQuery q) {
    Set<String> matches = q.filter().q() == null ? null : search.traceIds(q.projectId(), q.filter().q());
    if (matches != null && matches.isEmpty()) {
      return null;
    }
    ListingSql listing = new ListingSql(Table.TRACES, q.sort(), KeysetId.trace(), q.projectId(), q.filter());
    FilterSql.traces(listing.sql, q.filter(), matches);
    return listing;
  }

  Page<Row> spans(SpanQuery q) {
    Filter f = q.filter();
    Set<String> words = commonWords(q.projectId(), f);
    Page<Row> walked = words.isEmpty() ? null : walks.spans(q, words);
    if (walked != null) {
      return walked;
    }
    List<Long> matches = f.q() == null ? null : search.spanSeqs(q.projectId(), f.q());
    if (matches != null && matches.isEmpty()) {
      return new Page<>(List.of(), null);
    }
    ListingSql listing = spanListing(q);
    FilterSql.spans(listing.sql, q.projectId(), f, matches);
    return listing.page(db, payloads, q.ascending(), q.limit(), q.after());
  }

  /** The listing of spans with the type condition; the caller appends the filter's. */
  static ListingSql spanListing(SpanQuery q) {
    // The same id as InMemoryStorage.spanCursorId: trace id and span id, concatenated.
    ListingSql listing = new ListingSql(Table.SPANS, q.sort(), KeysetId.span(), q.projectId(), q.filter());
    FilterSql.equal(listing.sql, "r.type", q.type());
    return listing;
  }

  /**
   * The words of the filter's full-text condition if they are too common to collect every match
   * ({@link CommonWordWalk}); empty if there is none or the rarest is rare.
   */
  private Set<String> commonWords(String projectId, Filter f) {
    Set<String> words = f.q() == null ? Set.of() : QuerySemantics.words(f.q());
    return words.isEmpty() || search.rare(projectId, words) ? Set.of() : words;
  }

  Page<Row> scores(ScoreQuery q) {
    ListingSql listing = new ListingSql(Table.SCORES, Sort.START_TIME, KeysetId.text("r.score_id"), q.projectId(),
        Filter.NONE);
    FilterSql.equalId(listing.sql, "r.trace_id", Schema.TRACE_ID, q.traceId());
    if (q.traceId() != null && Ids.isTrace(q.traceId())) {
      // The scores packed in span rows ({@link Verdicts}) by the trace's span rows, not by a scan of all spans.
      List<Long> seqs = search.locate(q.projectId(), q.traceId());
      String packed = "r." + Verdicts.SPAN_SEQ;
      listing.sql.sql(seqs.isEmpty() ? " AND " + packed + " IS NULL" : " AND (" + packed + " IS NULL OR " + packed
          + " BETWEEN ? AND ?)", seqs.isEmpty() ? new Object[0] : new Object[] {Collections.min(seqs), Collections.max(seqs)});
    }
    FilterSql.equalId(listing.sql, "r.span_id", Schema.SPAN_ID, q.spanId());
    FilterSql.equal(listing.sql, "r.session_id", q.sessionId());
    FilterSql.equal(listing.sql, "r.name", q.name());
    FilterSql.equal(listing.sql, "r.source", q.source());
    FilterSql.timeRange(listing.sql, Table.SCORES, q.from(), q.to());
    return listing.page(db, payloads, false, q.limit(), q.after());
  }
}
