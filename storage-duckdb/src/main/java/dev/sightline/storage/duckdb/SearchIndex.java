package dev.sightline.storage.duckdb;

import static dev.sightline.storage.duckdb.SearchDocuments.KEY;
import static dev.sightline.storage.duckdb.SearchDocuments.KIND;
import static dev.sightline.storage.duckdb.SearchDocuments.PROJECT;
import static dev.sightline.storage.duckdb.SearchDocuments.SPAN;
import static dev.sightline.storage.duckdb.SearchDocuments.START;
import static dev.sightline.storage.duckdb.SearchDocuments.TEXT;
import static dev.sightline.storage.duckdb.SearchDocuments.TRACE;

import dev.sightline.server.model.Row;
import dev.sightline.server.model.RowKey;
import dev.sightline.server.model.Table;
import dev.sightline.server.storage.QuerySemantics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.Weight;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;

/**
 * The full-text index of trace and span input/output, in Lucene: one document per trace and per
 * span, holding its project, trace id, span id and the words of
 * {@link QuerySemantics#searchText} of its input and output ({@link JsonWords}).
 *
 * <p>A trace matches when every query word occurs in its own text or in any of its spans' texts,
 * possibly each word in a different span. So the index keeps no per-trace union (which replaced
 * spans would make stale): per word, rarest first, it collects the trace ids of matching trace and
 * span documents and intersects them.
 *
 * <p>Batches become searchable through near-real-time readers ({@link #publish}), without a
 * Lucene commit: commits (fsync) happen at most every {@value #COMMIT_INTERVAL_MS} ms and on
 * {@link #commit}. Each commit records the number of the DuckDB load batch it reflects; on open
 * the storage re-indexes the rows of later batches ({@link #batch()}), so a crash loses nothing.
 * Writes come from the single loader thread; searches from any thread (SearcherManager).
 * Thread-safe.
 */
final class SearchIndex implements AutoCloseable {
  private static final String BATCH = "batch";
  /** The layout of the documents; an index written with another is rebuilt. */
  private static final String FORMAT = "format";
  private static final String CURRENT_FORMAT = "2";
  private static final long COMMIT_INTERVAL_MS = 10_000;
  /** Up to this many candidate traces, later words are searched among them only. */
  private static final int MAX_CANDIDATE_FILTER = 50_000;

  private final IndexWriter writer;
  private final SearcherManager searchers;
  private final SearchDocuments documents = new SearchDocuments();
  /** The batch the searchable documents reflect, and the one the last commit did. */
  private long published;
  private long committed;
  private long lastCommitNanos = System.nanoTime();

  SearchIndex(Path dir) throws IOException {
    FSDirectory directory = FSDirectory.open(dir);
    // No analyzer is used: the only tokenized field brings its own token stream (JsonWords).
    IndexWriterConfig config = new IndexWriterConfig()
        .setOpenMode(currentFormat(directory) ? IndexWriterConfig.OpenMode.CREATE_OR_APPEND
            : IndexWriterConfig.OpenMode.CREATE)
        .setRAMBufferSizeMB(64)
        // Only commit() persists: documents of a batch whose DuckDB write failed must never be.
        .setCommitOnClose(false);
    writer = new IndexWriter(directory, config);
    searchers = new SearcherManager(writer, null);
    published = committedBatch();
    committed = published;
  }

  /** The load batch the last commit reflects; 0 for a new index. */
  long batch() {
    return committed;
  }

  /**
   * Indexes the trace and span rows of a batch, not yet searchable ({@link #publish}). Rows whose keys are not in {@code replaced} are new, so no old document is
   * looked up for them.
   */
  void add(Collection<Row> rows, Set<RowKey> replaced) throws IOException {
    for (Row row : rows) {
      index(row, replaced.contains(row.key()));
    }
  }

  /**
   * Indexes one row (scores are not searchable and ignored). Called by one thread at a time.
   *
   * @param replace whether a document of the same row may exist and must be replaced
   */
  void index(Row row, boolean replace) throws IOException {
    if (row.table() == Table.SCORES) {
      return;
    }
    if (replace) {
      writer.updateDocument(new Term(KEY, SearchDocuments.key(row)), documents.of(row));
    } else {
      writer.addDocument(documents.of(row));
    }
  }

  private long committedBatch() {
    for (Map.Entry<String, String> e : writer.getLiveCommitData()) {
      if (BATCH.equals(e.getKey())) {
        return Long.parseLong(e.getValue());
      }
    }
    return 0;
  }

  /** Whether the directory holds no index, or one of the {@link #CURRENT_FORMAT}. */
  private static boolean currentFormat(Directory directory) throws IOException {
    if (!DirectoryReader.indexExists(directory)) {
      return true;
    }
    String format = SegmentInfos.readLatestCommit(directory).getUserData().get(FORMAT);
    return CURRENT_FORMAT.equals(format);
  }

  /** Drops every document (before a rebuild). */
  void clear() throws IOException {
    writer.deleteAll();
  }

  /**
   * Makes everything added so far searchable as the state of this load batch, and commits if the
   * last commit is older than {@value #COMMIT_INTERVAL_MS} ms.
   */
  void publish(long batch) throws IOException {
    searchers.maybeRefreshBlocking();
    published = batch;
    if (System.nanoTime() - lastCommitNanos >= COMMIT_INTERVAL_MS * 1_000_000) {
      commit();
    }
  }

  /** Persists what was {@linkplain #publish published}, with its batch number. */
  void commit() throws IOException {
    if (committed == published && !writer.hasUncommittedChanges()) {
      return;
    }
    writer.setLiveCommitData(Map.of(BATCH, Long.toString(published), FORMAT, CURRENT_FORMAT).entrySet());
    writer.commit();
    committed = published;
    lastCommitNanos = System.nanoTime();
  }

  /**
   * The trace ids of the project whose own or spans' texts hold every word of the query.
   *
   * @return null if the query has no word at all (then it does not filter)
   */
  Set<String> traceIds(String projectId, String query) {
    return search(query, (searcher, words) -> {
      Set<String> candidates = null;
      for (String word : rarestFirst(searcher, words)) {
        BooleanQuery.Builder q = inProject(projectId)
            .add(new TermQuery(new Term(TEXT, word)), Occur.FILTER);
        if (candidates != null && candidates.size() <= MAX_CANDIDATE_FILTER) {
          List<BytesRef> ids = candidates.stream().map(BytesRef::new).collect(Collectors.toList());
          q.add(new TermInSetQuery(TRACE, ids), Occur.FILTER);
        }
        Set<String> found = searcher.search(q.build(), KeyCollector.manager(TRACE, null));
        if (candidates != null) {
          found.retainAll(candidates);
        }
        candidates = found;
        if (candidates.isEmpty()) {
          break;
        }
      }
      return candidates;
    });
  }

  /**
   * The {@linkplain #spanKey keys} of the project's spans whose own text holds every word.
   *
   * @return null if the query has no word at all (then it does not filter)
   */
  Set<String> spanKeys(String projectId, String query) {
    return search(query, (searcher, words) -> {
      BooleanQuery.Builder q = inProject(projectId)
          .add(new TermQuery(new Term(KIND, SPAN)), Occur.FILTER);
      words.forEach(w -> q.add(new TermQuery(new Term(TEXT, w)), Occur.FILTER));
      return searcher.search(q.build(), KeyCollector.manager(TRACE, SPAN));
    });
  }

  /**
   * The earliest and latest start time of a trace's indexed spans, epoch microseconds: a hint that
   * lets DuckDB skip the row groups (by their min/max statistics) that cannot hold the trace's
   * spans, since spans arrive roughly in time order.
   *
   * @return {min, max}, or null if no span is indexed or one has no start time (no hint then)
   */
  long[] spanStartWindow(String projectId, String traceId) {
    Query q = inProject(projectId).add(new TermQuery(new Term(KIND, SPAN)), Occur.FILTER)
        .add(new TermQuery(new Term(TRACE, traceId)), Occur.FILTER).build();
    try {
      IndexSearcher searcher = searchers.acquire();
      try {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        Weight weight = searcher.createWeight(searcher.rewrite(q), ScoreMode.COMPLETE_NO_SCORES, 1);
        for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
          Scorer scorer = weight.scorer(leaf);
          if (scorer == null) {
            continue;
          }
          NumericDocValues starts = DocValues.getNumeric(leaf.reader(), START);
          DocIdSetIterator docs = scorer.iterator();
          for (int doc = docs.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = docs.nextDoc()) {
            if (!starts.advanceExact(doc)) {
              return null;
            }
            min = Math.min(min, starts.longValue());
            max = Math.max(max, starts.longValue());
          }
        }
        return min <= max ? new long[] {min, max} : null;
      } finally {
        searchers.release(searcher);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("full-text index lookup failed", e);
    }
  }

  /** A span's identity within its project: trace id and span id joined by a unit separator. */
  static String spanKey(String traceId, String spanId) {
    return RowCodec.keyText(List.of(traceId, spanId));
  }

  @Override
  public void close() throws IOException {
    searchers.close();
    writer.close();
  }

  private Set<String> search(String query, Search body) {
    Set<String> words = QuerySemantics.words(query);
    if (words.isEmpty()) {
      return null;
    }
    try {
      IndexSearcher searcher = searchers.acquire();
      try {
        return body.run(searcher, words);
      } finally {
        searchers.release(searcher);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("full-text search failed", e);
    }
  }

  private static List<String> rarestFirst(IndexSearcher searcher, Set<String> words) throws IOException {
    List<String> ordered = new ArrayList<>(words);
    Map<String, Integer> freq = new HashMap<>();
    for (String w : words) {
      freq.put(w, searcher.getIndexReader().docFreq(new Term(TEXT, w)));
    }
    ordered.sort(Comparator.comparing(freq::get));
    return ordered;
  }

  private static BooleanQuery.Builder inProject(String projectId) {
    return new BooleanQuery.Builder().add(new TermQuery(new Term(PROJECT, projectId)), Occur.FILTER);
  }

  @FunctionalInterface
  private interface Search {
    Set<String> run(IndexSearcher searcher, Set<String> words) throws IOException;
  }
}
