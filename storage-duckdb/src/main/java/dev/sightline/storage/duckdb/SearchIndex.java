package dev.sightline.storage.duckdb;

import dev.sightline.server.model.Column;
import dev.sightline.server.model.Row;
import dev.sightline.server.model.RowKey;
import dev.sightline.server.model.Schema;
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
import java.util.StringJoiner;
import java.util.stream.Collectors;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;

/**
 * The full-text index of trace and span input/output, in Lucene: one document per trace and per
 * span, holding its project, trace id, span id and the words of
 * {@link QuerySemantics#searchText} of its input and output ({@link WordAnalyzer}).
 *
 * <p>A trace matches when every query word occurs in its own text or in any of its spans' texts,
 * possibly each word in a different span. So the index keeps no per-trace union (which replaced
 * spans would make stale): per word, rarest first, it collects the trace ids of matching trace and
 * span documents and intersects them.
 *
 * <p>Each Lucene commit records the number of the DuckDB load batch it reflects; on open the
 * storage re-indexes the rows of later batches ({@link #batch()}). Writes come from the single
 * loader thread; searches from any thread (SearcherManager). Thread-safe.
 */
final class SearchIndex implements AutoCloseable {
  private static final String KEY = "key";
  private static final String PROJECT = "project";
  private static final String KIND = "kind";
  private static final String TRACE = "trace";
  private static final String SPAN = "span";
  private static final String TEXT = "text";
  private static final String BATCH = "batch";
  /** Up to this many candidate traces, later words are searched among them only. */
  private static final int MAX_CANDIDATE_FILTER = 50_000;

  private final IndexWriter writer;
  private final SearcherManager searchers;

  SearchIndex(Path dir) throws IOException {
    IndexWriterConfig config = new IndexWriterConfig(new WordAnalyzer())
        .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
        .setRAMBufferSizeMB(64);
    writer = new IndexWriter(FSDirectory.open(dir), config);
    searchers = new SearcherManager(writer, null);
  }

  /** The load batch the last commit reflects; 0 for a new index. */
  long batch() {
    for (Map.Entry<String, String> e : writer.getLiveCommitData()) {
      if (BATCH.equals(e.getKey())) {
        return Long.parseLong(e.getValue());
      }
    }
    return 0;
  }

  /**
   * Indexes the trace and span rows of a batch, commits with the batch number and makes them
   * searchable. Rows whose keys are not in {@code replaced} are new, so no old document is looked up.
   */
  void apply(Collection<Row> rows, Set<RowKey> replaced, long batch) throws IOException {
    for (Row row : rows) {
      index(row, replaced.contains(row.key()));
    }
    commit(batch);
  }

  /**
   * Indexes one row (scores are not searchable and ignored).
   *
   * @param replace whether a document of the same row may exist and must be replaced
   */
  void index(Row row, boolean replace) throws IOException {
    if (row.table() == Table.SCORES) {
      return;
    }
    if (replace) {
      writer.updateDocument(new Term(KEY, key(row)), document(row));
    } else {
      writer.addDocument(document(row));
    }
  }

  /** Drops every document (before a rebuild). */
  void clear() throws IOException {
    writer.deleteAll();
  }

  /** Commits with the number of the load batch the index now reflects, and refreshes searches. */
  void commit(long batch) throws IOException {
    writer.setLiveCommitData(Map.of(BATCH, Long.toString(batch)).entrySet());
    writer.commit();
    searchers.maybeRefreshBlocking();
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
        BooleanQuery.Builder q = inProject(projectId).add(new TermQuery(new Term(TEXT, word)), Occur.FILTER);
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

  private static String key(Row row) {
    return row.table().sqlName() + "\u001f" + RowCodec.keyText(row.key().parts());
  }

  private static Document document(Row row) {
    Document doc = new Document();
    doc.add(new StringField(KEY, key(row), Field.Store.NO));
    doc.add(new StringField(PROJECT, row.string(Schema.PROJECT_ID), Field.Store.NO));
    doc.add(new StringField(KIND, row.table() == Table.SPANS ? SPAN : TRACE, Field.Store.NO));
    String traceId = row.string(Schema.TRACE_ID);
    doc.add(new StringField(TRACE, traceId, Field.Store.NO));
    doc.add(new SortedDocValuesField(TRACE, new BytesRef(traceId)));
    if (row.table() == Table.SPANS) {
      doc.add(new SortedDocValuesField(SPAN, new BytesRef(row.string(Schema.SPAN_ID))));
    }
    StringJoiner text = new StringJoiner(" ");
    for (Column c : List.of(Schema.INPUT, Schema.OUTPUT)) {
      String searchable = QuerySemantics.searchText(row.string(c));
      if (searchable != null) {
        text.add(searchable);
      }
    }
    doc.add(new TextField(TEXT, text.toString(), Field.Store.NO));
    return doc;
  }

  @FunctionalInterface
  private interface Search {
    Set<String> run(IndexSearcher searcher, Set<String> words) throws IOException;
  }
}
