package dev.sightline.storage.duckdb;

import dev.sightline.core.model.Row;
import dev.sightline.core.model.RowKey;
import dev.sightline.core.model.Table;
import dev.sightline.core.storage.GroupQuery;
import dev.sightline.core.storage.GroupSummary;
import dev.sightline.core.storage.MetricPoint;
import dev.sightline.core.storage.MetricsQuery;
import dev.sightline.core.storage.Page;
import dev.sightline.core.storage.ScoreMetricsQuery;
import dev.sightline.core.storage.ScorePoint;
import dev.sightline.core.storage.ScoreQuery;
import dev.sightline.core.storage.SnapshotFiles;
import dev.sightline.core.storage.SpanQuery;
import dev.sightline.core.storage.TraceData;
import dev.sightline.core.storage.TraceQuery;
import dev.sightline.core.storage.WriteBatch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.stream.Stream;

/**
 * One opened DuckDB store: the database file ({@code sightline.duckdb}), the payload blocks
 * ({@code blocks/}, and {@code payloads/} of older stores) and the full-text index
 * ({@code index/}), and what reads and writes them.
 *
 * <p>Opening is recovery: whatever a crash left beyond DuckDB's {@link Checkpoint} is cut back to
 * it (rows of later batches, payload bytes past its end, index segments of later batches), so the
 * pipeline can replay the write-ahead log from the checkpoint's position, and an index that is
 * missing batches (deleted, or from before the index existed) is rebuilt from DuckDB.
 *
 * <p>Thread-safe: one writer, many readers.
 */
final class DuckDbStore implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(DuckDbStore.class.getName());
  /** The database file's name in the store's directory. */
  static final String DATABASE = "sightline.duckdb";

  private final Database db;
  private final PayloadStore payloads;
  private final TextIndex index;
  private final ExecutorService indexer;
  private final BatchWriter writer;
  private final TraceReads reads;
  private final ListQueries listings;
  private final Aggregates aggregates;
  private final ScoreAggregates scoreAggregates;
  private final PayloadCompaction compaction;
  private final Path dir;

  private DuckDbStore(Path dir, Database db, PayloadStore payloads, TextIndex index, ExecutorService indexer,
      BatchWriter writer, PayloadCompaction compaction, StoredVersions versions, TextSearch text,
      ScoredProjects scored) {
    this.dir = dir;
    this.compaction = compaction;
    this.db = db;
    this.payloads = payloads;
    this.index = index;
    this.indexer = indexer;
    this.writer = writer;
    this.reads = new TraceReads(db, text, payloads, versions, scored);
    this.listings = new ListQueries(db, text, payloads);
    this.aggregates = new Aggregates(db, text);
    this.scoreAggregates = new ScoreAggregates(db, text);
  }

  static DuckDbStore open(Path dir, Map<String, String> options) {
    return open(dir, options, BatchWriter.Steps.NONE);
  }

  /** Opens the store with a listener of the write steps, for crash tests. */
  static DuckDbStore open(Path dir, Map<String, String> options, BatchWriter.Steps steps) {
    Database db = null;
    PayloadStore payloads = null;
    TextIndex index = null;
    ExecutorService indexer = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "sightline-indexer");
      t.setDaemon(true);
      return t;
    });
    try {
      Files.createDirectories(dir);
      DatabaseRewrite.recover(dir.resolve(DATABASE));
      db = Database.open(dir.resolve(DATABASE), options);
      Migrations.apply(db.writer());
      Checkpoint checkpoint = Checkpoint.read(db.writer());
      dropUncommitted(db, checkpoint);
      payloads = PayloadStore.open(dir.resolve("blocks"), new LegacyPayloads(dir.resolve("payloads")),
          checkpoint.payloadFile(), checkpoint.payloadEnd());
      payloads.deleteUnreferenced(PayloadCompaction.liveBytes(db.writer()).keySet());
      index = TextIndex.open(dir.resolve("index"), checkpoint.batch());
      if (index.lastBatch() < checkpoint.batch()) {
        index.close();
        checkpoint = IndexRebuild.run(db, payloads, dir.resolve("index"), checkpoint);
        index = TextIndex.open(dir.resolve("index"), checkpoint.batch());
      }
      deleteTree(dir.resolve("search")); // the Lucene index of stores before this one
      StoredVersions versions = new StoredVersions();
      TextSearch text = new TextSearch(index, Integer.parseInt(options.getOrDefault("textCollectLimit", "20000")));
      ScoredProjects scored = ScoredProjects.load(db.writer());
      BatchWriter writer = new BatchWriter(db.writer(), payloads, index, indexer, checkpoint, steps, versions, text,
          scored);
      PayloadCompaction compaction = new PayloadCompaction(db.writer(), payloads, steps);
      return new DuckDbStore(dir, db, payloads, index, indexer, writer, compaction, versions, text, scored);
    } catch (SQLException | IOException | RuntimeException e) {
      indexer.shutdownNow();
      closeQuietly(index);
      closeQuietly(payloads);
      closeQuietly(db);
      throw new IllegalStateException("cannot open the DuckDB store in " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Deletes the rows of batches after the checkpoint. A batch commits whole, so there are none
   * unless an earlier version's appender committed rows outside their batch's transaction.
   */
  private static void dropUncommitted(Database db, Checkpoint checkpoint) throws SQLException {
    int dropped = 0;
    try (Statement s = db.writer().createStatement()) {
      for (Table table : Table.all()) {
        dropped += s.executeUpdate("DELETE FROM " + table.sqlName() + " WHERE " + RowMapping.BATCH_COLUMN
            + " > " + checkpoint.batch());
      }
    }
    if (dropped > 0) {
      LOG.log(System.Logger.Level.WARNING, "dropped " + dropped + " rows of batches after checkpoint "
          + checkpoint.batch() + "; the write-ahead log brings them back");
    }
  }

  Checkpoint checkpoint() {
    return writer.checkpoint();
  }

  void write(WriteBatch batch) throws SQLException, IOException {
    writer.write(batch);
  }

  /** The payload files worth compacting now ({@link PayloadCompaction#victims}). */
  List<Integer> compactionVictims() throws SQLException, IOException {
    return compaction.victims();
  }

  /** One bounded compaction step of a payload file; the caller holds the write lock. */
  PayloadCompaction.Step compact(int file) throws SQLException, IOException {
    PayloadCompaction.Step step = compaction.step(file, writer.checkpoint());
    writer.payloadsMoved(step.checkpoint());
    return step;
  }

  /** Copies the database into {@link DatabaseRewrite#copyOf} its file; the caller holds the write lock. */
  long copyDatabase() throws SQLException, IOException {
    return DatabaseRewrite.copy(db.writer(), dir.resolve(DATABASE));
  }

  /** When the first deletion not yet rewritten was committed, epoch microseconds; null if none. */
  Long rewritePendingSince() throws SQLException {
    return DatabaseRewrite.pendingSince(db.writer());
  }

  /** Frees the bytes of compacted files that readers have had {@code grace} nanoseconds to finish with. */
  void closeRetired(long grace) throws IOException {
    payloads.closeRetired(grace);
  }

  /**
   * Copies the store into {@code target}: DuckDB checkpointed and its file copied while no batch
   * can commit (the caller holds the write lock), then {@code whileFrozen}; then the payload
   * blocks and the index, which only grow past the checkpoint or are merged into files recovery
   * rebuilds, so copying them afterwards still opens at the same checkpoint.
   */
  void snapshot(Path target, Runnable whileFrozen, LongConsumer copied) throws SQLException, IOException {
    try (Statement s = db.writer().createStatement()) {
      s.execute("CHECKPOINT");
    }
    db.writer().commit();
    SnapshotFiles.copyFile(dir.resolve(DATABASE), target.resolve(DATABASE), copied);
    whileFrozen.run();
    for (String sub : new String[] {"blocks", "payloads", "index"}) {
      SnapshotFiles.copyTree(dir.resolve(sub), target.resolve(sub), copied);
    }
  }

  Map<RowKey, Row> fetch(Collection<RowKey> keys) {
    return reads.fetch(keys);
  }

  void forEachKey(Table table, Consumer<RowKey> consumer) {
    reads.forEachKey(table, consumer);
  }

  Optional<TraceData> trace(String projectId, String traceId, boolean spanPayloads) {
    return reads.trace(projectId, traceId, spanPayloads);
  }

  List<TraceData> traces(String projectId, List<String> traceIds, boolean scores) {
    return reads.traces(projectId, traceIds, scores);
  }

  Optional<Row> span(String projectId, String traceId, String spanId) {
    return reads.span(projectId, traceId, spanId);
  }

  Optional<String> traceIdByReference(String projectId, String referenceId) {
    return reads.traceIdByReference(projectId, referenceId);
  }

  Page<Row> traces(TraceQuery query) {
    return listings.traces(query);
  }

  Page<String> traceIds(TraceQuery query) {
    return listings.traceIds(query);
  }

  Page<Row> spans(SpanQuery query) {
    return listings.spans(query);
  }

  Page<Row> scores(ScoreQuery query) {
    return listings.scores(query);
  }

  List<Row> scoresOfTraces(String projectId, Collection<String> traceIds) {
    return reads.scoresOfTraces(projectId, traceIds);
  }

  Page<GroupSummary> groups(GroupQuery query) {
    return aggregates.groups(query);
  }

  List<MetricPoint> metrics(MetricsQuery query) {
    return aggregates.metrics(query);
  }

  List<ScorePoint> scoreMetrics(ScoreMetricsQuery query) {
    return scoreAggregates.metrics(query);
  }

  @Override
  public void close() {
    indexer.shutdown();
    try {
      indexer.awaitTermination(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    closeQuietly(index);
    closeQuietly(payloads);
    db.close();
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(f);
      }
    }
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
