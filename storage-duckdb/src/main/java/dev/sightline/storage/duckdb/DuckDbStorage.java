package dev.sightline.storage.duckdb;

import dev.sightline.server.model.Row;
import dev.sightline.server.model.RowKey;
import dev.sightline.server.model.Table;
import dev.sightline.server.storage.GroupQuery;
import dev.sightline.server.storage.GroupSummary;
import dev.sightline.server.storage.LogPosition;
import dev.sightline.server.storage.MetricPoint;
import dev.sightline.server.storage.MetricsQuery;
import dev.sightline.server.storage.Page;
import dev.sightline.server.storage.ScoreQuery;
import dev.sightline.server.storage.SpanQuery;
import dev.sightline.server.storage.Storage;
import dev.sightline.server.storage.TraceQuery;
import dev.sightline.server.storage.WriteBatch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The DuckDB + Lucene {@link Storage}. Each write commits DuckDB (rows and log position in one
 * transaction) before the search index; a crash in between leaves the index behind, and the next
 * open re-indexes the missing batches. If a write fails the store closes itself rather than serve
 * an index that silently misses rows. Thread-safe: one writer, many readers.
 */
final class DuckDbStorage implements Storage {
  private final Database db;
  private final PayloadStore payloads;
  private final SearchIndex search;
  private final BatchWriter writer;
  private final TraceReads reads;
  private final Listings listings;
  private final Aggregates aggregates;
  /**
   * Published only once a batch is searchable as well as stored, so that a reader that sees a
   * position sees everything up to it, full-text matches included.
   */
  private volatile LogPosition applied;
  /** Set when a write failed: the index then holds documents DuckDB may lack, never to be committed. */
  private boolean failed;
  /** Analyses a batch's texts for the index while the loader thread writes DuckDB. */
  private final ExecutorService indexer = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "sightline-search-indexer");
    t.setDaemon(true);
    return t;
  });

  private DuckDbStorage(Database db, PayloadStore payloads, SearchIndex search, BatchWriter writer,
      int textCollectLimit) {
    this.db = db;
    this.payloads = payloads;
    this.search = search;
    this.writer = writer;
    TextSearch text = new TextSearch(search, textCollectLimit);
    this.reads = new TraceReads(db, new RowLocator(search), payloads);
    this.listings = new Listings(db, text, payloads);
    this.aggregates = new Aggregates(db, text);
    this.applied = writer.position();
  }

  /**
   * Opens the store under {@code dir} ({@code sightline.duckdb}, {@code payloads/} and
   * {@code search/}), migrating it.
   */
  static DuckDbStorage open(Path dir, Map<String, String> options) {
    Database db = null;
    PayloadStore payloads = null;
    SearchIndex search = null;
    try {
      Files.createDirectories(dir);
      db = Database.open(dir.resolve("sightline.duckdb"), options);
      Migrations.apply(db.writer());
      payloads = new PayloadStore(dir.resolve("payloads"));
      BatchWriter writer = new BatchWriter(db.writer(), payloads);
      search = new SearchIndex(dir.resolve("search"));
      catchUp(db, payloads, search, writer.batch());
      return new DuckDbStorage(db, payloads, search, writer,
          Integer.parseInt(options.getOrDefault("textCollectLimit", "20000")));
    } catch (SQLException | IOException | RuntimeException e) {
      closeQuietly(search);
      closeQuietly(payloads);
      closeQuietly(db);
      throw new IllegalStateException("cannot open the DuckDB store in " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Re-indexes the trace and span rows of the batches the search index has not seen (all of them
   * if the index is new, or from another store).
   */
  static void catchUp(Database db, PayloadStore payloads, SearchIndex search, long storedBatch)
      throws IOException {
    long indexed = search.batch();
    if (indexed == storedBatch) {
      return;
    }
    if (indexed > storedBatch) {
      search.clear();
      indexed = 0;
    }
    long since = indexed;
    for (Table table : List.of(Table.TRACES, Table.SPANS)) {
      String batch = "r." + RowCodec.BATCH_COLUMN;
      SqlBuilder sql = new SqlBuilder().sql("SELECT " + RowCodec.selectList(table, "r") + ", " + batch
          + " FROM " + table.sqlName() + " r WHERE " + batch + " > ?", since);
      db.read(c -> {
        try (ResultSet rs = c.query(sql)) {
          while (rs.next()) {
            search.index(RowCodec.read(table, rs, 1, payloads), true, rs.getLong(RowCodec.selectWidth(table) + 1));
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        return null;
      });
    }
    search.publish(storedBatch);
    search.commit();
  }

  @Override
  public LogPosition appliedPosition() {
    db.checkOpen();
    return applied;
  }

  /**
   * Loads DuckDB on the calling thread while the search index analyses the same rows on its own
   * thread (2 cores run them side by side), then makes the batch searchable. If either fails the
   * store closes itself without committing the index: the next open re-indexes whatever DuckDB
   * committed after the index's last commit.
   */
  @Override
  public synchronized void write(WriteBatch batch) {
    db.checkOpen();
    long number = writer.batch() + 1;
    Future<?> indexing = indexer.submit(() -> {
      search.add(batch.rows(), batch.replaced(), number);
      return null;
    });
    try {
      writer.write(batch);
      indexing.get();
      search.publish(number);
      applied = batch.position();
    } catch (SQLException e) {
      throw failStop(indexing, Database.failure("write", e));
    } catch (ExecutionException e) {
      throw failStop(indexing, new IllegalStateException("full-text indexing failed: "
          + e.getCause().getMessage(), e.getCause()));
    } catch (IOException | RuntimeException e) {
      throw failStop(indexing, new IllegalStateException("write failed: " + e.getMessage(), e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failStop(indexing, new IllegalStateException("interrupted while writing", e));
    }
  }

  private IllegalStateException failStop(Future<?> indexing, IllegalStateException error) {
    indexing.cancel(false);
    failed = true;
    close();
    return new IllegalStateException(error.getMessage()
        + " (the store closed itself; reopen it to recover)", error.getCause());
  }

  @Override
  public Map<RowKey, Row> fetch(Collection<RowKey> keys) {
    return reads.fetch(keys);
  }

  @Override
  public void forEachKey(Table table, Consumer<RowKey> consumer) {
    reads.forEachKey(table, consumer);
  }

  @Override
  public Optional<TraceData> trace(String projectId, String traceId, boolean spanPayloads) {
    return reads.trace(projectId, traceId, spanPayloads);
  }

  @Override
  public Optional<String> traceIdByReference(String projectId, String referenceId) {
    return reads.traceIdByReference(projectId, referenceId);
  }

  @Override
  public Page<Row> traces(TraceQuery query) {
    return listings.traces(query);
  }

  @Override
  public Page<Row> spans(SpanQuery query) {
    return listings.spans(query);
  }

  @Override
  public Page<Row> scores(ScoreQuery query) {
    return listings.scores(query);
  }

  @Override
  public List<Row> scoresOfTraces(String projectId, Collection<String> traceIds) {
    return reads.scoresOfTraces(projectId, traceIds);
  }

  @Override
  public Page<GroupSummary> groups(GroupQuery query) {
    return aggregates.groups(query);
  }

  @Override
  public List<MetricPoint> metrics(MetricsQuery query) {
    return aggregates.metrics(query);
  }

  /** Commits the search index (unless a write failed) and closes it and DuckDB. */
  @Override
  public synchronized void close() {
    indexer.shutdown();
    try {
      indexer.awaitTermination(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (!failed && !db.isClosed()) {
      try {
        search.commit();
      } catch (IOException | RuntimeException e) {
        // The next open re-indexes what the last successful commit lacks.
      }
    }
    closeQuietly(search);
    closeQuietly(payloads);
    db.close();
  }

  private static void closeQuietly(AutoCloseable resource) {
    if (resource == null) {
      return;
    }
    try {
      resource.close();
    } catch (Exception e) {
      // Best effort while closing or failing: the primary error, if any, is reported by the caller.
    }
  }
}
