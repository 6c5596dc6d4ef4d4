package dev.sightline.storage.duckdb;

import dev.sightline.core.model.Row;
import dev.sightline.core.model.RowKey;
import dev.sightline.core.model.Table;
import dev.sightline.core.storage.DiskReclaim;
import dev.sightline.core.storage.GroupQuery;
import dev.sightline.core.storage.GroupSummary;
import dev.sightline.core.storage.InsufficientStorageException;
import dev.sightline.core.storage.LogPosition;
import dev.sightline.core.storage.MetricPoint;
import dev.sightline.core.storage.MetricsQuery;
import dev.sightline.core.storage.Page;
import dev.sightline.core.storage.ScoreMetricsQuery;
import dev.sightline.core.storage.ScorePoint;
import dev.sightline.core.storage.ScoreQuery;
import dev.sightline.core.storage.SpanQuery;
import dev.sightline.core.storage.Storage;
import dev.sightline.core.storage.TraceData;
import dev.sightline.core.storage.TraceQuery;
import dev.sightline.core.storage.WriteBatch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongConsumer;

/**
 * The DuckDB {@link Storage}: a {@link DuckDbStore} that recovers from failed writes by itself.
 *
 * <p>Before each batch it checks the free disk space: below the reserve ({@code minFreeDisk}) it
 * refuses the batch with {@link InsufficientStorageException} and touches nothing, so DuckDB never
 * meets a full disk in the middle of a commit and keeps serving reads; the pipeline retries, and
 * loading resumes by itself once space returns. Any other failed write may have left DuckDB unable
 * to go on (it invalidates a database whose commit failed on I/O), so the store is closed and
 * opened again, which cuts everything back to the last committed batch; until that succeeds,
 * queries fail with a message saying so. If a commit failed ambiguously but did happen, the retry
 * of the same batch sees it in the reopened checkpoint and does nothing twice.
 *
 * <p>After deletions, the {@link Rewriter} copies the database into a new file and swaps it in
 * ({@link DatabaseRewrite}) while holding the write lock; queries wait only for the swap itself
 * (close, rename, open), under the swap lock, and then run on the reopened store.
 *
 * <p>Thread-safe: one writer, many readers.
 */
final class DuckDbStorage implements Storage {
  private static final System.Logger LOG = System.getLogger(DuckDbStorage.class.getName());

  private final Path dir;
  private final Map<String, String> options;
  private final long minFreeDisk;
  private volatile DuckDbStore store;
  /** Published only once a batch is committed and searchable. */
  private volatile LogPosition applied;
  private volatile boolean closed;
  /** The batch number the last write attempt started from, to recognise a commit that did happen. */
  private long attemptedAfter = -1;
  private final Compactor compactor;
  private final Rewriter rewriter;
  /** Write steps and rewrite steps are reported to it (crash tests). */
  private final BatchWriter.Steps steps;
  /** Queries hold it shared; the swap of a rewritten database holds it exclusively. */
  private final ReadWriteLock swapLock = new ReentrantReadWriteLock();

  /** The default free-space reserve: 256 MB. */
  static final long DEFAULT_MIN_FREE_DISK = 256L << 20;

  private static long minFreeDisk(String bytes) {
    try {
      long n = Long.parseLong(bytes.trim());
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("minFreeDisk: must be a number of bytes >= 0, not '" + bytes + "'");
  }

  private DuckDbStorage(Path dir, Map<String, String> options, DuckDbStore store, BatchWriter.Steps steps) {
    this.dir = dir;
    this.steps = steps;
    this.options = Map.copyOf(options);
    this.minFreeDisk = minFreeDisk(options.getOrDefault("minFreeDisk", Long.toString(DEFAULT_MIN_FREE_DISK)));
    this.store = store;
    this.applied = store.checkpoint().position();
    this.compactor = new Compactor(new Compactor.Target() {
      @Override
      public List<Integer> victims() {
        return underWriteLock(DuckDbStore::compactionVictims);
      }

      @Override
      public PayloadCompaction.Step step(int file) {
        return underWriteLock(s -> s.compact(file));
      }

      @Override
      public void closeRetired(long graceNanos) {
        underWriteLock(s -> {
          s.closeRetired(graceNanos);
          return null;
        });
      }
    }, seconds(options, "compactionDelay", 60), seconds(options, "compactionInterval", 600));
    Long pending;
    try {
      pending = store.rewritePendingSince();
    } catch (SQLException e) {
      store.close();
      throw new IllegalStateException("cannot read the rewrite marker in " + dir + ": " + e.getMessage(), e);
    }
    this.rewriter = new Rewriter(this::rewrite, seconds(options, "rewriteDelay", 600), pending);
  }

  private static Duration seconds(Map<String, String> options, String name, long byDefault) {
    String value = options.getOrDefault(name, Long.toString(byDefault));
    try {
      long n = Long.parseLong(value.trim());
      if (n >= 0 && (n > 0 || name.endsWith("Delay"))) {
        return Duration.ofSeconds(n);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(name + ": must be a number of seconds, not '" + value + "'");
  }

  /** A step on the store's writer connection, which may fail with the store's checked exceptions. */
  @FunctionalInterface
  private interface WriterStep<T> {
    T apply(DuckDbStore store) throws SQLException, IOException;
  }

  /**
   * Runs a compaction step while no batch can be written; a failure reopens the store as a failed
   * write does.
   */
  private synchronized <T> T underWriteLock(WriterStep<T> step) {
    checkOpen();
    DuckDbStore s = current();
    try {
      return step.apply(s);
    } catch (SQLException | IOException | RuntimeException e) {
      throw failed(s, "payload compaction", e);
    }
  }

  /** Drops a store whose write failed, so the next use reopens it; returns the error to throw. */
  private IllegalStateException failed(DuckDbStore s, String what, Exception e) {
    LOG.log(System.Logger.Level.ERROR, what + " failed; reopening the store to recover", e);
    store = null;
    s.close();
    return new IllegalStateException(what + " failed: " + e.getMessage(), e);
  }

  /** Runs a payload compaction now and waits for it (tests, benchmarks). */
  void compactNow() {
    compactor.runNow();
  }

  /** The payload compaction's counters. */
  Compactor compactor() {
    return compactor;
  }

  /** Rewrites the database now and waits for it (tests, benchmarks). */
  void rewriteNow() {
    rewriter.runNow();
  }

  /**
   * Copies the database into a new file and swaps it in: the {@link Rewriter}'s target. Batches
   * wait for all of it; queries only for the swap. Without room for the copy above the reserve it
   * changes nothing and throws; any other failure drops the store, as a failed write does, so the
   * next use reopens it, deleting a copy that was not swapped in.
   *
   * @return the new database file's size, bytes
   */
  private synchronized long rewrite() throws IOException {
    checkOpen();
    DuckDbStore s = current();
    Path file = dir.resolve(DuckDbStore.DATABASE);
    long before = Files.size(file);
    long free = freeSpace() - before;
    if (free < minFreeDisk) {
      throw new IOException("not enough free space in " + dir + " for a copy of the database: "
          + free / (1 << 20) + " MB would be left, under the " + minFreeDisk / (1 << 20) + " MB reserve");
    }
    long batch = s.checkpoint().batch();
    long start = System.nanoTime();
    long size;
    try {
      size = s.copyDatabase();
      steps.reached("rewrite-copied", batch);
    } catch (SQLException | IOException | RuntimeException e) {
      throw failed(s, "database rewrite", e);
    }
    long copied = System.nanoTime();
    swapLock.writeLock().lock();
    try {
      store = null;
      s.close();
      steps.reached("rewrite-closed", batch);
      DatabaseRewrite.swap(file);
      steps.reached("rewrite-swapped", batch);
      store = DuckDbStore.open(dir, options, steps);
    } finally {
      swapLock.writeLock().unlock();
    }
    rewriter.rewritten(size);
    long end = System.nanoTime();
    LOG.log(System.Logger.Level.INFO, "rewrote the database (" + before + " -> " + size + " bytes) in "
        + (end - start) / 1_000_000 + " ms: copy " + (copied - start) / 1_000_000 + " ms (batches waited),"
        + " swap " + (end - copied) / 1_000_000 + " ms (queries waited too)");
    return size;
  }

  /** The payload compaction's and the database rewrite's counters: when deleted data left the disk. */
  @Override
  public DiskReclaim diskReclaim() {
    long last = compactor.lastRunMicros();
    long lastRewrite = rewriter.lastRunMicros();
    return new DiskReclaim(compactor.reclaimedBytes(), compactor.copiedBytes(), last == 0 ? null : last,
        rewriter.rewrittenBytes(), lastRewrite == 0 ? null : lastRewrite, rewriter.pendingSince());
  }

  /**
   * Opens the store under {@code dir}, recovering and migrating it.
   *
   * @param options see {@link DuckDbStorageProvider}
   */
  static DuckDbStorage open(Path dir, Map<String, String> options) {
    return new DuckDbStorage(dir, options, DuckDbStore.open(dir, options), BatchWriter.Steps.NONE);
  }

  /** Opens the store with a listener of the write steps, for crash tests. */
  static DuckDbStorage open(Path dir, Map<String, String> options, BatchWriter.Steps steps) {
    return new DuckDbStorage(dir, options, DuckDbStore.open(dir, options, steps), steps);
  }

  @Override
  public LogPosition appliedPosition() {
    checkOpen();
    return applied;
  }

  /** Verdicts go into their span's row ({@link Verdicts}). */
  @Override
  public boolean packsVerdicts() {
    return true;
  }

  @Override
  public synchronized void write(WriteBatch batch) {
    checkOpen();
    DuckDbStore s = current();
    Checkpoint before = s.checkpoint();
    if (attemptedAfter >= 0 && before.batch() > attemptedAfter && before.position().equals(batch.position())) {
      attemptedAfter = -1; // the failed attempt did commit
      return;
    }
    long free = freeSpace();
    if (free < minFreeDisk) {
      throw new InsufficientStorageException("only " + free / (1 << 20) + " MB free in " + dir
          + ", under the " + minFreeDisk / (1 << 20) + " MB reserve; loading resumes when space returns");
    }
    attemptedAfter = before.batch();
    Long pendingSince = null;
    try {
      s.write(batch);
      if (!batch.deletions().isEmpty()) {
        pendingSince = s.rewritePendingSince();
      }
    } catch (SQLException | IOException | RuntimeException e) {
      throw failed(s, "storage write", e);
    }
    attemptedAfter = -1;
    applied = batch.position();
    if (!batch.deletions().isEmpty()) {
      compactor.request();
    }
    if (pendingSince != null) {
      rewriter.pending(pendingSince);
    }
  }

  @Override
  public synchronized void snapshot(Path target, Runnable whileFrozen, LongConsumer copied) throws IOException {
    checkOpen();
    try {
      // Where the provider opens it under a data directory (<data>/duckdb).
      current().snapshot(target.resolve(dir.getFileName()), whileFrozen, copied);
    } catch (SQLException e) {
      throw new IOException("cannot checkpoint the DuckDB store for a snapshot: " + e.getMessage(), e);
    }
  }

  private long freeSpace() {
    try {
      return Files.getFileStore(dir).getUsableSpace();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the free space of " + dir, e);
    }
  }

  /** The open store, reopening it after a failed write. */
  private DuckDbStore current() {
    DuckDbStore s = store;
    if (s != null) {
      return s;
    }
    synchronized (this) {
      checkOpen();
      if (store == null) {
        store = DuckDbStore.open(dir, options);
        applied = store.checkpoint().position();
        LOG.log(System.Logger.Level.INFO, "reopened the DuckDB store at checkpoint " + applied);
      }
      return store;
    }
  }

  /**
   * Runs a query on the open store. The swap lock is taken only once the store is known (reopening
   * takes the write lock, which a rewrite holds while it waits for the swap lock), and the store
   * checked again under it: a store swapped meanwhile is closed, so the query goes to the new one.
   */
  private <T> T read(Function<DuckDbStore, T> query) {
    while (true) {
      checkOpen();
      DuckDbStore s = store;
      if (s == null) {
        try {
          s = current();
        } catch (RuntimeException e) {
          throw new IllegalStateException("storage is recovering from a failed write and cannot be read yet: "
              + e.getMessage(), e);
        }
      }
      swapLock.readLock().lock();
      try {
        if (s == store) {
          return query.apply(s);
        }
      } finally {
        swapLock.readLock().unlock();
      }
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("storage is closed");
    }
  }

  @Override
  public Map<RowKey, Row> fetch(Collection<RowKey> keys) {
    return read(s -> s.fetch(keys));
  }

  @Override
  public void forEachKey(Table table, Consumer<RowKey> consumer) {
    read(s -> {
      s.forEachKey(table, consumer);
      return null;
    });
  }

  @Override
  public Optional<TraceData> trace(String projectId, String traceId, boolean spanPayloads) {
    return read(s -> s.trace(projectId, traceId, spanPayloads));
  }

  @Override
  public List<TraceData> traces(String projectId, List<String> traceIds, boolean scores) {
    return read(s -> s.traces(projectId, traceIds, scores));
  }

  @Override
  public Optional<Row> span(String projectId, String traceId, String spanId) {
    return read(s -> s.span(projectId, traceId, spanId));
  }

  @Override
  public Optional<String> traceIdByReference(String projectId, String referenceId) {
    return read(s -> s.traceIdByReference(projectId, referenceId));
  }

  @Override
  public Page<Row> traces(TraceQuery query) {
    return read(s -> s.traces(query));
  }

  @Override
  public Page<String> traceIds(TraceQuery query) {
    return read(s -> s.traceIds(query));
  }

  @Override
  public Page<Row> spans(SpanQuery query) {
    return read(s -> s.spans(query));
  }

  @Override
  public Page<Row> scores(ScoreQuery query) {
    return read(s -> s.scores(query));
  }

  @Override
  public List<Row> scoresOfTraces(String projectId, Collection<String> traceIds) {
    return read(s -> s.scoresOfTraces(projectId, traceIds));
  }

  @Override
  public Page<GroupSummary> groups(GroupQuery query) {
    return read(s -> s.groups(query));
  }

  @Override
  public List<MetricPoint> metrics(MetricsQuery query) {
    return read(s -> s.metrics(query));
  }

  @Override
  public List<ScorePoint> scoreMetrics(ScoreMetricsQuery query) {
    return read(s -> s.scoreMetrics(query));
  }

  @Override
  public void close() {
    compactor.close(); // outside the lock, which the step under way holds
    rewriter.close();
    closeStore();
  }

  private synchronized void closeStore() {
    closed = true;
    DuckDbStore s = store;
    store = null;
    if (s != null) {
      s.close();
    }
  }
}
