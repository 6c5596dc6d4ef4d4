package dev.sightline.storage.duckdb;

import static dev.sightline.storage.duckdb.SearchDocuments.BATCH;
import static dev.sightline.storage.duckdb.SearchDocuments.KEY;
import static dev.sightline.storage.duckdb.SearchDocuments.PROJECT;
import static dev.sightline.storage.duckdb.SearchDocuments.SPAN;
import static dev.sightline.storage.duckdb.SearchDocuments.TRACE;

import dev.sightline.server.model.RowKey;
import dev.sightline.server.model.Table;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;

/**
 * Where trace and span rows are in DuckDB, from the {@link SearchIndex}: the load batch that wrote
 * each one. Rows are appended in batch order, so the hidden batch column is perfectly clustered and
 * DuckDB skips every row group outside a batch range by its min/max statistics; without it, finding
 * a row by key means scanning the whole table. Thread-safe.
 */
final class RowLocator {
  /** Batches this close are read as one range. */
  private static final long MERGE_GAP = 8;
  private static final int MAX_RANGES = 16;

  private final SearchIndex index;

  RowLocator(SearchIndex index) {
    this.index = index;
  }

  /**
   * The load batch of each stored row among these trace and span keys. The index holds a document
   * for every stored trace and span row, so a key it lacks has no stored row.
   */
  Map<RowKey, Long> batches(Iterable<RowKey> keys) {
    Map<BytesRef, RowKey> byTerm = new TreeMap<>(); // seeking in term order is cheapest
    for (RowKey key : keys) {
      byTerm.put(new BytesRef(SearchDocuments.key(key)), key);
    }
    return index.search(searcher -> {
      Map<RowKey, Long> found = new HashMap<>();
      PostingsEnum postings = null;
      for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
        Terms terms = leaf.reader().terms(KEY);
        if (terms == null) {
          continue;
        }
        TermsEnum te = terms.iterator();
        NumericDocValues batch = DocValues.getNumeric(leaf.reader(), BATCH);
        Bits live = leaf.reader().getLiveDocs();
        for (Map.Entry<BytesRef, RowKey> e : byTerm.entrySet()) {
          if (!te.seekExact(e.getKey())) {
            continue;
          }
          postings = te.postings(postings, PostingsEnum.NONE);
          for (int doc = postings.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = postings.nextDoc()) {
            if ((live == null || live.get(doc)) && batch.advanceExact(doc)) {
              found.put(e.getValue(), batch.longValue());
            }
          }
        }
      }
      return found;
    });
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

  /**
   * Appends {@code AND} a condition that keeps the rows of these batches (and maybe a few more):
   * a handful of batch ranges, which DuckDB checks against each row group's min/max statistics.
   * The number of ranges is a power of two, so that few distinct statements are prepared.
   */
  static void restrict(SqlBuilder sql, String alias, Collection<Long> batches) {
    List<long[]> ranges = new ArrayList<>();
    for (long b : new TreeSet<>(batches)) {
      long[] last = ranges.isEmpty() ? null : ranges.get(ranges.size() - 1);
      if (last != null && b - last[1] <= MERGE_GAP) {
        last[1] = b;
      } else {
        ranges.add(new long[] {b, b});
      }
    }
    while (ranges.size() > MAX_RANGES) { // merge the closest neighbours until few enough
      int closest = 0;
      for (int i = 1; i + 1 < ranges.size(); i++) {
        if (ranges.get(i + 1)[0] - ranges.get(i)[1] < ranges.get(closest + 1)[0] - ranges.get(closest)[1]) {
          closest = i;
        }
      }
      ranges.get(closest)[1] = ranges.remove(closest + 1)[1];
    }
    while (Integer.bitCount(ranges.size()) != 1) {
      ranges.add(ranges.get(ranges.size() - 1));
    }
    for (int i = 0; i < ranges.size(); i++) {
      sql.sql((i == 0 ? " AND (" : " OR ") + alias + "." + RowCodec.BATCH_COLUMN + " BETWEEN ? AND ?",
          ranges.get(i)[0], ranges.get(i)[1]);
    }
    sql.sql(")");
  }

  /** Whether rows of this table are indexed, so {@link #batches} can find them. */
  static boolean locates(Table table) {
    return table == Table.TRACES || table == Table.SPANS;
  }
}
