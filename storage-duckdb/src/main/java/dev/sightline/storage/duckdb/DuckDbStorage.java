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
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The DuckDB + Lucene {@link Storage}. Writes go to DuckDB first (one transaction with the log
 * position), then to the search index; a crash in between leaves the index behind, and the next
 * open re-indexes the missing batches. If indexing fails while running, the store closes itself
 * rather than serve an index that silently misses rows. Thread-safe: one writer, many readers.
 */
final class DuckDbStorage implements Storage {
  private final Database db;
  private final SearchIndex search;
  private final BatchWriter writer;
  private final TraceReads reads;
  private final Listings listings;
  private final Aggregates aggregates;

  private DuckDbStorage(Database db, SearchIndex search, BatchWriter writer) {
    this.db = db;
    this.search = search;
    this.writer = writer;
    this.reads = new TraceReads(db);
    this.listings = new Listings(db, search);
    this.aggregates = new Aggregates(db, search);
  }

  /** Opens the store under {@code dir} ({@code sightline.duckdb} and {@code search/}), migrating it. */
  static DuckDbStorage open(Path dir, Map<String, String> options) {
    Database db = null;
    SearchIndex search = null;
    try {
      Files.createDirectories(dir);
      db = Database.open(dir.resolve("sightline.duckdb"), options);
      Migrations.apply(db.writer());
      BatchWriter writer = new BatchWriter(db.writer());
      search = new SearchIndex(dir.resolve("search"));
      catchUp(db, search, writer.batch());
      return new DuckDbStorage(db, search, writer);
    } catch (SQLException | IOException | RuntimeException e) {
      closeQuietly(search);
      closeQuietly(db);
      throw new IllegalStateException("cannot open the DuckDB store in " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Re-indexes the trace and span rows of the batches the search index has not seen (all of them
   * if the index is new, or from another store).
   */
  static void catchUp(Database db, SearchIndex search, long storedBatch) throws IOException {
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
      db.read(c -> {
        try (PreparedStatement p = c.prepareStatement("SELECT " + RowCodec.columnList(table, "")
            + " FROM " + table.sqlName() + " WHERE " + RowCodec.BATCH_COLUMN + " > ?")) {
          p.setLong(1, since);
          try (ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
              search.index(RowCodec.read(table, rs, 1), true);
            }
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        return null;
      });
    }
    search.commit(storedBatch);
  }

  @Override
  public LogPosition appliedPosition() {
    db.checkOpen();
    return writer.position();
  }

  @Override
  public synchronized void write(WriteBatch batch) {
    db.checkOpen();
    long number;
    try {
      number = writer.write(batch);
    } catch (SQLException e) {
      throw Database.failure("write", e);
    }
    try {
      search.apply(batch.rows(), batch.replaced(), number);
    } catch (IOException | RuntimeException e) {
      close();
      throw new IllegalStateException("full-text indexing failed; the store closed itself and will"
          + " re-index on the next open: " + e.getMessage(), e);
    }
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
  public Optional<TraceData> trace(String projectId, String traceId) {
    return reads.trace(projectId, traceId);
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

  @Override
  public synchronized void close() {
    closeQuietly(search);
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
