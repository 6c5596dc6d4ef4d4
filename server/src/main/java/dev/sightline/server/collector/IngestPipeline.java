package dev.sightline.server.collector;

import dev.sightline.core.codec.DecodedBatch;
import dev.sightline.core.codec.IngestException;
import dev.sightline.core.codec.RequestDecoder;
import dev.sightline.core.model.Row;
import dev.sightline.core.storage.InsufficientStorageException;
import dev.sightline.core.storage.LogPosition;
import dev.sightline.core.storage.StorageWriter;
import dev.sightline.core.storage.TraceDeletion;
import dev.sightline.server.usage.UsageInference;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The durable write path: accepted requests go through a bounded queue to one writer thread that
 * appends them to the write-ahead log and syncs once for all it drained (group commit), then
 * acknowledges them; one loader thread applies the logged rows to storage in large batches. Over a
 * store that several servers share ({@link StorageWriter#sharedByServers()}) a request is
 * acknowledged only once the loader stored its rows, so that nothing acknowledged depends on this
 * server's disk; the log then only spares a restarted server from asking its clients again. The
 * loader then does not linger for more rows, since every waiting client would wait too: a batch is
 * what arrived while the previous one was written (group commit, as the log's writer does).
 *
 * <p>On open, whatever the log holds beyond storage's applied position is replayed first, so a
 * crash at any point loses nothing acknowledged and applies nothing twice.
 *
 * <p>A full disk is a pause, not a failure: when storage refuses batches for lack of space
 * ({@link InsufficientStorageException}) or the log's file system is below its reserve, new
 * requests are refused with {@link IngestUnavailableException} (answered 503 with
 * {@code Retry-After}) while the loader keeps retrying what was acknowledged; both resume by
 * themselves when space returns. Reads are not affected. Thread-safe.
 */
public final class IngestPipeline implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(IngestPipeline.class.getName());
  /** Replay decompresses with the same bound the HTTP layer enforces; the log holds nothing bigger. */
  private static final int MAX_REPLAY_BODY = Integer.MAX_VALUE - 8;
  private static final String DISK_FULL = "disk full: ";

  private final WriteAheadLog wal;
  private final PipelineSettings settings;
  private final PipelineMetrics metrics;
  private final Loader loader;
  private final MergeLocks locks;
  private final BlockingQueue<Pending> writes = new LinkedBlockingQueue<>();
  private final BlockingQueue<Logged> loads = new LinkedBlockingQueue<>();
  private final AtomicLong pendingRows = new AtomicLong();
  private final Object admission = new Object();
  private final Thread writer;
  private final Thread loaderThread;
  private final boolean acknowledgeWhenStored;
  private volatile boolean accepting = true;
  private volatile LogPosition applied;
  /** Why storage is paused (a full disk), or null while it loads. */
  private volatile String paused;
  /** The last storage failure while it keeps failing, or null. */
  private volatile String failing;
  /** Why the write-ahead log refused its last group (a full disk), or null if it took it. */
  private volatile String logRefusing;

  private IngestPipeline(StorageWriter storage, UsageInference inference, DerivedRows derived, MergeLocks locks,
      WriteAheadLog wal, PipelineSettings settings, PipelineMetrics metrics) {
    this.wal = wal;
    this.settings = settings;
    this.metrics = metrics;
    this.loader = new Loader(storage, inference, derived, locks);
    this.locks = locks;
    this.applied = storage.appliedPosition();
    this.acknowledgeWhenStored = storage.sharedByServers();
    this.writer = new Thread(this::writeLoop, "sightline-wal-writer");
    this.loaderThread = new Thread(this::loadLoop, "sightline-loader");
  }

  /**
   * Replays the log into storage, then starts the writer and loader threads.
   *
   * @param inference fills in the tokens and cost of model calls as rows are stored
   * @param derived rows to store with each batch (evaluator scores), also on replay
   * @param walDir the write-ahead log directory
   * @param decoders the decoder of each format, for replay
   */
  public static IngestPipeline open(StorageWriter storage, UsageInference inference, DerivedRows derived,
      Path walDir, Function<Format, RequestDecoder> decoders, PipelineSettings settings, MeterRegistry registry)
      throws IOException {
    return open(storage, inference, derived, MergeLocks.NONE, walDir, decoders, settings, registry);
  }

  /**
   * {@link #open(StorageWriter, UsageInference, DerivedRows, Path, Function, PipelineSettings, MeterRegistry)}
   * over a store other servers write too, whose merges these locks keep apart.
   */
  public static IngestPipeline open(StorageWriter storage, UsageInference inference, DerivedRows derived,
      MergeLocks locks, Path walDir, Function<Format, RequestDecoder> decoders, PipelineSettings settings,
      MeterRegistry registry) throws IOException {
    IngestPipeline p = new IngestPipeline(storage, inference, derived, locks,
        new WriteAheadLog(walDir, settings.segmentBytes()), settings, new PipelineMetrics(registry));
    registry.gauge("sightline.ingest.queue.rows", p.pendingRows);
    p.replay(decoders);
    p.writer.start();
    p.loaderThread.start();
    return p;
  }

  /**
   * Queues a decoded request for durable storage.
   *
   * @param format the body's format, for replay
   * @param body the body as received (logged as is; {@code gzip} says whether it is compressed)
   * @param rows the rows decoded from it
   * @return completes once the request is durable (in the log, or in storage if storage is shared by
   *     servers), or exceptionally with an {@link IngestUnavailableException} if the log cannot be
   *     written or the server stops before storing it
   * @throws QueueFullException if accepting it would exceed the pending-row bound
   * @throws IngestUnavailableException if storage is paused for lack of disk space
   */
  public CompletableFuture<Void> submit(String projectId, long receivedAt, Format format, byte[] body,
      boolean gzip, List<Row> rows) {
    Pending p = new Pending(new LogRecord(projectId, receivedAt, format, gzip, body), rows);
    String pause = paused;
    if (pause != null) {
      throw new IngestUnavailableException(pause, null);
    }
    long deadline = System.nanoTime() + settings.admissionWait().toNanos();
    synchronized (admission) {
      while (true) {
        if (!accepting) {
          throw new QueueFullException("the server is shutting down");
        }
        long pending = pendingRows.get();
        // A request larger than the whole bound still passes when nothing else is pending.
        if (pending + rows.size() <= settings.maxPendingRows() || pending == 0) {
          pendingRows.addAndGet(rows.size());
          writes.add(p);
          return p.done;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new QueueFullException("ingest queue is full (" + settings.maxPendingRows() + " rows)");
        }
        try {
          admission.wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new QueueFullException("interrupted while waiting for room in the ingest queue");
        }
      }
    }
  }

  /**
   * Deletes traces: logs the deletion like a request, so that it is applied in order with the rows
   * logged before and after it (rows logged before are deleted with the trace; rows logged after
   * make the trace again), and survives a crash once acknowledged.
   *
   * @param traceIds lower-case trace ids; none for a barrier that completes once everything
   *     logged before it is applied
   * @return completes once the deletion is applied to storage (and so gone from every read)
   * @throws QueueFullException if the server is shutting down
   */
  public CompletableFuture<Void> delete(String projectId, Set<String> traceIds) {
    Pending p = new Pending(new LogRecord(projectId, System.currentTimeMillis() * 1000, Format.DELETION, false,
        DeletionRecord.encode(traceIds)), List.of());
    synchronized (admission) {
      if (!accepting) {
        throw new QueueFullException("the server is shutting down");
      }
      writes.add(p);
    }
    return p.applied;
  }

  /** Rows accepted but not yet applied to storage. */
  public long pendingRows() {
    return pendingRows.get();
  }

  /** Whether the loader keeps up: false while storage is paused or after repeated failures. */
  public boolean healthy() {
    return problem() == null;
  }

  /** What keeps the loader from storing (a full disk, a failing store), or null if nothing does. */
  public String problem() {
    String pause = paused;
    if (pause != null) {
      return pause;
    }
    String log = logRefusing;
    if (log != null && !(log.startsWith(DISK_FULL) && freeSpaceReturned())) {
      return log;
    }
    String failure = failing;
    return failure != null && metrics.consecutiveFailures() >= 3 ? failure : null;
  }

  private boolean freeSpaceReturned() {
    try {
      return wal.freeSpace() >= settings.minFreeDiskBytes();
    } catch (IOException e) {
      return false;
    }
  }

  /** Stops taking requests, stores everything accepted, then stops the threads. */
  @Override
  public void close() {
    synchronized (admission) {
      accepting = false;
      admission.notifyAll();
    }
    join(writer);
    join(loaderThread);
    locks.close();
    try {
      wal.close();
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "closing the write-ahead log", e);
    }
  }

  private void replay(Function<Format, RequestDecoder> decoders) throws IOException {
    List<Row> rows = new ArrayList<>();
    LogPosition[] last = {null};
    boolean[] pending = {false};
    wal.replay(applied, (record, position) -> {
      if (record.format() == Format.DELETION) {
        if (pending[0]) {
          loader.apply(rows, List.of(), last[0]);
          rows.clear();
        }
        loader.apply(List.of(), List.of(DeletionRecord.decode(record.projectId(), record.body())), position);
        pending[0] = false;
      } else {
        rows.addAll(decodeLogged(decoders, record, position));
        pending[0] = true;
        if (rows.size() >= settings.maxLoadRows()) {
          loader.apply(rows, List.of(), position);
          rows.clear();
          pending[0] = false;
        }
      }
      last[0] = position;
    });
    if (last[0] != null) {
      if (pending[0]) {
        loader.apply(rows, List.of(), last[0]);
      }
      applied = last[0];
      LOG.log(System.Logger.Level.INFO, "replayed the write-ahead log up to " + applied);
    }
  }

  /**
   * The rows of a logged request, decoded again. The log holds only requests that were accepted,
   * but possibly by an older server with laxer rules: what the current rules refuse (a whole
   * request, or some of its items) is left out with a warning rather than stopping the start-up,
   * because the current rules refuse exactly what would corrupt storage or its aggregates.
   *
   * @param position the log position just after the record, to name it in warnings
   */
  private static List<Row> decodeLogged(Function<Format, RequestDecoder> decoders, LogRecord record,
      LogPosition position) {
    DecodedBatch batch;
    try {
      byte[] body = record.gzip() ? Gzip.decompressLogged(record.body(), MAX_REPLAY_BODY) : record.body();
      batch = decoders.apply(record.format()).decode(body, record.projectId(), record.receivedAt());
    } catch (IngestException e) {
      LOG.log(System.Logger.Level.WARNING, "replay: left out a logged " + record.format() + " request of project "
          + record.projectId() + " (before " + position + ") that this version refuses: " + e.getMessage());
      return List.of();
    }
    if (!batch.errors().isEmpty()) {
      LOG.log(System.Logger.Level.WARNING, "replay: left out " + batch.errors().size() + " of " + batch.items()
          + " items of a logged " + record.format() + " request of project " + record.projectId() + " (before "
          + position + ") that this version refuses; the first: item " + batch.errors().get(0).index() + " "
          + batch.errors().get(0).message());
    }
    return batch.rows();
  }

  private void writeLoop() {
    List<Pending> batch = new ArrayList<>();
    while (accepting || !writes.isEmpty()) {
      try {
        Pending first = writes.poll(50, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        writes.drainTo(batch, 4096);
        logAndAcknowledge(batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } finally {
        batch.clear();
      }
    }
  }

  private void logAndAcknowledge(List<Pending> batch) {
    long startNanos = System.nanoTime();
    LogPosition end;
    try {
      long free = wal.freeSpace();
      if (free < settings.minFreeDiskBytes()) {
        logRefusing = DISK_FULL + "only " + free / (1 << 20) + " MB free for the write-ahead log, under its "
            + settings.minFreeDiskBytes() / (1 << 20) + " MB reserve; retry when space is freed";
        refuseAll(batch, new IngestUnavailableException(logRefusing, null));
        return;
      }
      for (Pending p : batch) {
        p.end = wal.append(p.record);
      }
      end = wal.sync();
      logRefusing = null;
    } catch (IOException | RuntimeException e) {
      if (logRefusing == null) {
        LOG.log(System.Logger.Level.ERROR, "write-ahead log append failed; requests answered 503", e);
      }
      logRefusing = "could not write the write-ahead log: " + e.getMessage();
      wal.abandonSegment();
      refuseAll(batch, new IngestUnavailableException(logRefusing, e));
      return;
    }
    metrics.synced(System.nanoTime() - startNanos);
    // In log order: the rows between two deletions go to storage together, each deletion alone.
    List<Row> rows = new ArrayList<>();
    List<CompletableFuture<Void>> acks = new ArrayList<>();
    LogPosition rowsEnd = null;
    for (Pending p : batch) {
      metrics.accepted(p.rows);
      if (p.record.format() == Format.DELETION) {
        if (rowsEnd != null) {
          loads.add(new Logged(rows, null, rowsEnd, acks));
          rows = new ArrayList<>();
          acks = new ArrayList<>();
          rowsEnd = null;
        }
        loads.add(new Logged(List.of(), DeletionRecord.decode(p.record.projectId(), p.record.body()), p.end,
            List.of(p.applied)));
      } else {
        rows.addAll(p.rows);
        rowsEnd = p.end;
        if (acknowledgeWhenStored) {
          acks.add(p.done);
        } else {
          p.done.complete(null);
        }
      }
    }
    if (rowsEnd != null) {
      loads.add(new Logged(rows, null, end, acks));
    }
  }

  private void refuseAll(List<Pending> batch, IngestUnavailableException why) {
    for (Pending p : batch) {
      release(p.rows.size());
      p.done.completeExceptionally(why);
      p.applied.completeExceptionally(why);
    }
  }

  /** Frees room in the queue and wakes the requests waiting for it. */
  private void release(int rows) {
    pendingRows.addAndGet(-rows);
    synchronized (admission) {
      admission.notifyAll();
    }
  }

  private void loadLoop() {
    Logged next = null; // a deletion that ended the previous batch of rows
    while (writer.isAlive() || !loads.isEmpty() || next != null) {
      try {
        Logged first = next != null ? next : loads.poll(50, TimeUnit.MILLISECONDS);
        next = null;
        if (first == null) {
          continue;
        }
        if (first.deletion != null) {
          settle(first.onApplied, applyWithRetry(List.of(), List.of(first.deletion), first.end));
          continue;
        }
        List<Row> rows = new ArrayList<>(first.rows);
        List<CompletableFuture<Void>> acks = new ArrayList<>(first.onApplied);
        LogPosition end = first.end;
        long deadline = System.nanoTime() + (acknowledgeWhenStored ? 0 : settings.linger().toNanos());
        while (rows.size() < settings.maxLoadRows()) {
          // Takes what is queued, and lingers for more only while the queue has room: once half of
          // the pending-row bound waits, clients are about to wait for room that only this batch's
          // write frees. (Lingering until maxLoadRows, above that bound, left the loader idle 45%
          // of the time while requests waited for admission: BENCHMARKS.md, issue 9.)
          long wait = pendingRows.get() < settings.maxPendingRows() / 2 ? Math.max(0, deadline - System.nanoTime()) : 0;
          Logged more = loads.poll(wait, TimeUnit.NANOSECONDS);
          if (more == null) {
            break;
          }
          if (more.deletion != null) {
            next = more;
            break;
          }
          rows.addAll(more.rows);
          acks.addAll(more.onApplied);
          end = more.end;
        }
        settle(acks, applyWithRetry(rows, List.of(), end));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * Completes what waited for a batch to be stored; if the server stops without storing it, the
   * waiting requests fail (the log keeps the batch for the next start, and a client that sends it
   * again merges into the same rows).
   */
  private static void settle(List<CompletableFuture<Void>> waiting, boolean stored) {
    for (CompletableFuture<Void> f : waiting) {
      if (stored) {
        f.complete(null);
      } else {
        f.completeExceptionally(new IngestUnavailableException(
            "the server stopped before storing the request; it is kept for the next start", null));
      }
    }
  }

  /** Applies a batch, retrying until storage takes it; false if the server stopped first. */
  private boolean applyWithRetry(List<Row> rows, List<TraceDeletion> deletions, LogPosition end)
      throws InterruptedException {
    long backoffMillis = 100;
    while (true) {
      long startNanos = System.nanoTime();
      try {
        loader.apply(rows, deletions, end);
        metrics.loaded(rows.size(), System.nanoTime() - startNanos);
        if (paused != null || failing != null) {
          LOG.log(System.Logger.Level.INFO, "storage resumed loading");
        }
        paused = null;
        failing = null;
        break;
      } catch (InsufficientStorageException e) {
        metrics.loadFailed();
        if (paused == null) {
          LOG.log(System.Logger.Level.WARNING, "storage paused: " + e.getMessage()
              + "; new requests are answered 503 until space returns");
        }
        paused = "storage paused: " + e.getMessage();
      } catch (RuntimeException e) {
        metrics.loadFailed();
        failing = "storage write failing: " + e.getMessage();
        LOG.log(System.Logger.Level.ERROR, "storage write failed; retrying in " + backoffMillis + " ms", e);
      }
      if (!accepting && !writer.isAlive() && metrics.consecutiveFailures() > 5) {
        LOG.log(System.Logger.Level.ERROR, "giving up at shutdown; the log keeps the rows for the next start");
        return false;
      }
      Thread.sleep(backoffMillis);
      backoffMillis = Math.min(5000, backoffMillis * 2);
    }
    release(rows.size());
    applied = end;
    try {
      wal.deleteBefore(end);
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "could not delete applied log segments", e);
    }
    return true;
  }

  private static void join(Thread t) {
    try {
      t.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A request (or deletion) waiting for the log. */
  private static final class Pending {
    final LogRecord record;
    final List<Row> rows;
    final CompletableFuture<Void> done = new CompletableFuture<>();
    /** For a deletion: completes once storage applied it. */
    final CompletableFuture<Void> applied = new CompletableFuture<>();
    /** The log position after the record, once it is appended. */
    LogPosition end;

    Pending(LogRecord record, List<Row> rows) {
      this.record = record;
      this.rows = rows;
    }
  }

  /**
   * Rows made durable by one sync, or one deletion (then {@code rows} is empty), the log position
   * after them, and what waits for them to be stored: a deletion's answer, or the acknowledgements
   * of requests over a store shared by servers.
   */
  private record Logged(List<Row> rows, TraceDeletion deletion, LogPosition end,
      List<CompletableFuture<Void>> onApplied) {}
}
