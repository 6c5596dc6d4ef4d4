package dev.sightline.storage.duckdb;

import static dev.sightline.storage.duckdb.SearchDocuments.BATCH;
import static dev.sightline.storage.duckdb.SearchDocuments.PROJECT;
import static dev.sightline.storage.duckdb.SearchDocuments.SPAN;
import static dev.sightline.storage.duckdb.SearchDocuments.TRACE;

import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.Weight;

/**
 * Where trace and span rows are in DuckDB, from the {@link SearchIndex}: the load batch that wrote
 * each one. Rows are appended in batch order, so the hidden batch column is perfectly clustered and
 * DuckDB skips every row group outside a batch range by its min/max statistics; without it, finding
 * a row by key means scanning the whole table. Thread-safe.
 */
final class RowLocator {
  /** Batches this close are read as one range. */

  private final SearchIndex index;

  RowLocator(SearchIndex index) {
    this.index = index;
  }

  /** Where a trace's row and spans are, or null if the index has no document of it. */
  TraceLocation trace(String projectId, String traceId) {
    BooleanQuery query = new BooleanQuery.Builder()
        .add(new TermQuery(new Term(PROJECT, projectId)), Occur.FILTER)
        .add(new TermQuery(new Term(TRACE, traceId)), Occur.FILTER).build();
    return index.search(searcher -> {
      TraceLocation location = new TraceLocation();
      Weight weight = searcher.createWeight(searcher.rewrite(query), ScoreMode.COMPLETE_NO_SCORES, 1);
      for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
        Scorer scorer = weight.scorer(leaf);
        if (scorer == null) {
          continue;
        }
        NumericDocValues batch = DocValues.getNumeric(leaf.reader(), BATCH);
        SortedDocValues span = DocValues.getSorted(leaf.reader(), SPAN);
        DocIdSetIterator docs = scorer.iterator();
        for (int doc = docs.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = docs.nextDoc()) {
          if (batch.advanceExact(doc)) {
            location.add(span.advanceExact(doc), batch.longValue());
          }
        }
      }
      return location.traceBatch < 0 && location.spans == 0 ? null : location;
    });
  }

  /** Where one trace's rows are: the batch of its trace row, and the batch range of its spans. */
  static final class TraceLocation {
    /** The batch of the trace row, or -1 if the index has none. */
    long traceBatch = -1;
    long firstSpanBatch = Long.MAX_VALUE;
    long lastSpanBatch = Long.MIN_VALUE;
    int spans;

    private void add(boolean isSpan, long batch) {
      if (!isSpan) {
        traceBatch = batch;
        return;
      }
      spans++;
      firstSpanBatch = Math.min(firstSpanBatch, batch);
      lastSpanBatch = Math.max(lastSpanBatch, batch);
    }
  }
}
