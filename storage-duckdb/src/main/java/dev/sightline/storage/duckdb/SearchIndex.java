package dev.sightline.storage.duckdb;

import static dev.sightline.storage.duckdb.SearchDocuments.KEY;

import dev.sightline.server.model.Row;
import dev.sightline.server.model.RowKey;
import dev.sightline.server.model.Table;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

/**
 * The Lucene index of the trace and span rows ({@link SearchDocuments}): the words of their input
 * and output for full-text search ({@link TextSearch}), and where each row is in DuckDB
 * ({@link RowLocator}). It holds a document for every trace and span row DuckDB holds, as of the
 * last published batch.
 *
 * <p>Batches become searchable through near-real-time readers ({@link #publish}), without a
 * Lucene commit: commits (fsync) happen at most every {@value #COMMIT_INTERVAL_MS} ms and on
 * {@link #commit}. Each commit records the number of the DuckDB load batch it reflects; on open
 * the storage re-indexes the rows of later batches ({@link #batch()}), so a crash loses nothing.
 * Writes come from one thread at a time; searches from any thread (SearcherManager). Thread-safe.
 */
final class SearchIndex implements AutoCloseable {
  private static final String BATCH = "batch";
  /** The layout of the documents; an index written with another is rebuilt. */
  private static final String FORMAT = "format";
  private static final String CURRENT_FORMAT = "3";
  private static final long COMMIT_INTERVAL_MS = 10_000;

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
    for (Map.Entry<String, String> e : writer.getLiveCommitData()) {
      if (BATCH.equals(e.getKey())) {
        published = Long.parseLong(e.getValue());
      }
    }
    committed = published;
  }

  /** The load batch the last commit reflects; 0 for a new index. */
  long batch() {
    return committed;
  }

  /**
   * Indexes the trace and span rows of a load batch, not yet searchable ({@link #publish}). Rows
   * whose keys are not in {@code replaced} are new, so no old document is looked up for them.
   */
  void add(Collection<Row> rows, Set<RowKey> replaced, long batch) throws IOException {
    for (Row row : rows) {
      index(row, replaced.contains(row.key()), batch);
    }
  }

  /**
   * Indexes one row written by a load batch (scores are not searchable and ignored).
   *
   * @param replace whether a document of the same row may exist and must be replaced
   */
  void index(Row row, boolean replace, long batch) throws IOException {
    if (row.table() == Table.SCORES) {
      return;
    }
    if (replace) {
      writer.updateDocument(new Term(KEY, SearchDocuments.key(row.key())), documents.of(row, batch));
    } else {
      writer.addDocument(documents.of(row, batch));
    }
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

  /** Runs a search on the latest published state. */
  <T> T search(Search<T> body) {
    try {
      IndexSearcher searcher = searchers.acquire();
      try {
        return body.run(searcher);
      } finally {
        searchers.release(searcher);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("search index lookup failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() throws IOException {
    searchers.close();
    writer.close();
  }

  /** Whether the directory holds no index, or one of the {@link #CURRENT_FORMAT}. */
  private static boolean currentFormat(Directory directory) throws IOException {
    if (!DirectoryReader.indexExists(directory)) {
      return true;
    }
    String format = SegmentInfos.readLatestCommit(directory).getUserData().get(FORMAT);
    return CURRENT_FORMAT.equals(format);
  }

  /** A search on one point-in-time view of the index. */
  @FunctionalInterface
  interface Search<T> {
    T run(IndexSearcher searcher) throws IOException;
  }
}
