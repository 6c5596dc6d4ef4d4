package dev.sightline.storage.duckdb;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs the {@link DatabaseRewrite} in the background, on a thread of its own, {@code delay} after
 * the first deletion since the last rewrite (the {@code rewrite} marker of the database, so also
 * after a restart). The store holds its write lock for the whole rewrite: batches wait for it,
 * queries wait only while the files are swapped. So the column values of a trace deleted while the
 * server runs leave the disk within {@code delay} plus the rewrite's duration. A failed rewrite is
 * logged and tried again {@link #retry} later; it never stops the store.
 *
 * <p>Counters (bytes written, time of the last rewrite, the pending marker) are readable from any
 * thread. Thread-safe.
 */
final class Rewriter implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Rewriter.class.getName());

  /** The store's side. */
  interface Target {
    /** Copies the database and swaps the copy in, under the store's write lock; returns its size. */
    long rewrite() throws Exception;
  }

  private final Target target;
  private final Duration delay;
  private final ScheduledThreadPoolExecutor thread = MaintenanceThread.named("sightline-rewriter");
  private final AtomicLong rewritten = new AtomicLong();
  /** Epoch microseconds of the first deletion not yet rewritten; null when none is. */
  private volatile Long pendingSince;
  /** When the last rewrite ended, epoch microseconds; 0 before any. */
  private volatile long lastRunMicros;
  /** The run waiting for its time; null when none. Guarded by {@code this}. */
  private ScheduledFuture<?> scheduled;
  private volatile boolean closing;

  /** @param pendingSince the store's marker at open (epoch microseconds), or null */
  Rewriter(Target target, Duration delay, Long pendingSince) {
    this.target = target;
    this.delay = delay;
    thread.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    if (pendingSince != null) {
      pending(pendingSince);
    }
  }

  /**
   * Rows were deleted, and the store's marker says since when (epoch microseconds): schedules the
   * rewrite for {@code since + delay} unless one is already scheduled. Called under the store's
   * write lock, as {@link #rewritten} is, so the two never cross.
   */
  synchronized void pending(long since) {
    if (pendingSince == null) {
      pendingSince = since;
    }
    if (scheduled == null && !closing) {
      long wait = pendingSince + delay.toNanos() / 1000 - System.currentTimeMillis() * 1000;
      scheduled = thread.schedule(this::runQuietly, Math.max(0, wait), TimeUnit.MICROSECONDS);
    }
  }

  /** A rewrite of {@code bytes} was swapped in, under the store's write lock: nothing is pending. */
  void rewritten(long bytes) {
    rewritten.addAndGet(bytes);
    pendingSince = null;
    lastRunMicros = System.currentTimeMillis() * 1000;
  }

  /** Rewrites now, on the rewriter's thread, and waits for it (tests, benchmarks). */
  void runNow() {
    MaintenanceThread.runAndWait(thread, () -> {
      target.rewrite();
      return null;
    }, "database rewrite");
  }

  /** The sizes of the database files written by rewrites since the store opened, bytes. */
  long rewrittenBytes() {
    return rewritten.get();
  }

  /** When the last rewrite ended, epoch microseconds, or 0. */
  long lastRunMicros() {
    return lastRunMicros;
  }

  /** When the first deletion not yet rewritten was committed, epoch microseconds; null if none. */
  Long pendingSince() {
    return pendingSince;
  }

  /** How long a failed rewrite waits before the next try: the delay, but at least a minute. */
  Duration retry() {
    return delay.compareTo(Duration.ofMinutes(1)) > 0 ? delay : Duration.ofMinutes(1);
  }

  private void runQuietly() {
    synchronized (this) {
      scheduled = null;
    }
    if (closing || pendingSince == null) {
      return; // closing, or a rewrite on request (runNow) came first
    }
    try {
      target.rewrite();
    } catch (Exception e) {
      LOG.log(System.Logger.Level.WARNING, "database rewrite failed; trying again in " + retry().toSeconds() + " s", e);
      synchronized (this) {
        if (scheduled == null && !closing) {
          scheduled = thread.schedule(this::runQuietly, retry().toNanos(), TimeUnit.NANOSECONDS);
        }
      }
    }
  }

  /** Waits for the rewrite under way and cancels the next; call before the store closes. */
  @Override
  public void close() {
    closing = true;
    MaintenanceThread.stop(thread, Duration.ofMinutes(5));
  }
}
