package dev.sightline.storage.duckdb;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs {@link PayloadCompaction} in the background, on a thread of its own: {@code delay} after the
 * store opens and after every batch with deletions (runs requested meanwhile coalesce), and every
 * {@code interval}. A run compacts each file {@link Target#victims()} names, one bounded step at a
 * time, each step under the storage's write lock, so a batch waits for one step at most. So the
 * texts of a trace deleted while the server runs leave the file system within {@code delay} plus
 * the run's duration, and the disk blocks are freed {@link #GRACE} later, when the deleted files'
 * last channels close.
 *
 * <p>Counters (reclaimed bytes, copied bytes, time of the last run) are readable from any thread.
 * Thread-safe.
 */
final class Compactor implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Compactor.class.getName());
  /** How long a deleted file stays open for readers that fetched a row's old payload reference. */
  static final Duration GRACE = Duration.ofMinutes(1);

  /** The store's side, each call made under the storage's write lock. */
  interface Target {
    List<Integer> victims() throws Exception;

    PayloadCompaction.Step step(int file) throws Exception;

    void closeRetired(long graceNanos) throws Exception;
  }

  private final Target target;
  private final Duration delay;
  private final ScheduledThreadPoolExecutor thread = MaintenanceThread.named("sightline-compactor");
  private final AtomicBoolean requested = new AtomicBoolean();
  private volatile boolean closing;
  private final AtomicLong copied = new AtomicLong();
  private final AtomicLong freed = new AtomicLong();
  private final AtomicLong written = new AtomicLong();
  /** When the last run ended, epoch microseconds; 0 before any. */
  private volatile long lastRunMicros;

  Compactor(Target target, Duration delay, Duration interval) {
    this.target = target;
    this.delay = delay;
    thread.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    request();
    thread.scheduleWithFixedDelay(this::runQuietly, interval.toNanos(), interval.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Asks for a run {@code delay} from now, unless one is already waiting (after a deletion). */
  void request() {
    if (requested.compareAndSet(false, true) && !closing) {
      thread.schedule(() -> {
        requested.set(false);
        runQuietly();
      }, delay.toNanos(), TimeUnit.NANOSECONDS);
    }
  }

  /** Runs a compaction now, on the compactor's thread, and waits for it (tests, benchmarks). */
  void runNow() {
    MaintenanceThread.runAndWait(thread, () -> {
      run();
      return null;
    }, "payload compaction");
  }

  /** Payload bytes freed on disk (deleted files) minus those their live records took again. */
  long reclaimedBytes() {
    return freed.get() - written.get();
  }

  /** Live uncompressed payload bytes copied so far. */
  long copiedBytes() {
    return copied.get();
  }

  /** When the last run ended, epoch microseconds, or 0. */
  long lastRunMicros() {
    return lastRunMicros;
  }

  private void runQuietly() {
    try {
      run();
    } catch (Exception e) {
      LOG.log(System.Logger.Level.WARNING, "payload compaction failed; the next run tries again", e);
    }
  }

  private void run() throws Exception {
    long start = System.nanoTime();
    int files = 0;
    for (int file : target.victims()) {
      PayloadCompaction.Step step;
      do {
        if (closing) {
          return;
        }
        step = target.step(file);
        copied.addAndGet(step.copied());
        written.addAndGet(step.written());
        freed.addAndGet(step.freed());
      } while (!step.done());
      files++;
    }
    target.closeRetired(GRACE.toNanos());
    if (files > 0) {
      thread.schedule(this::closeRetiredQuietly, GRACE.toNanos() + 1, TimeUnit.NANOSECONDS);
      LOG.log(System.Logger.Level.INFO, "compacted " + files + " payload files in "
          + (System.nanoTime() - start) / 1_000_000 + " ms; reclaimed " + reclaimedBytes() + " bytes so far");
    }
    lastRunMicros = System.currentTimeMillis() * 1000;
  }

  private void closeRetiredQuietly() {
    try {
      target.closeRetired(GRACE.toNanos());
    } catch (Exception e) {
      LOG.log(System.Logger.Level.WARNING, "cannot close compacted payload files", e);
    }
  }

  /** Stops between steps and waits for the step under way; call before the store closes. */
  @Override
  public void close() {
    closing = true;
    MaintenanceThread.stop(thread, Duration.ofMinutes(1));
  }
}
