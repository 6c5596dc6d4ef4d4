package dev.sightline.storage.duckdb;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The single daemon thread of a store's background job (payload compaction, database rewrite):
 * what the jobs share about starting, running on request and stopping. Thread-safe.
 */
final class MaintenanceThread {
  private MaintenanceThread() {}

  /** A one-thread scheduler whose daemon thread has this name. */
  static ScheduledThreadPoolExecutor named(String name) {
    return new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Runs the work on the job's thread, after whatever it is doing, and waits for it.
   *
   * @param what the job, for the messages of the unchecked exception thrown if it fails
   */
  static void runAndWait(ScheduledThreadPoolExecutor thread, Callable<?> work, String what) {
    try {
      thread.submit(work).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the " + what, e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(what + " failed: " + e.getCause().getMessage(), e.getCause());
    }
  }

  /** Lets the run under way end (for at most {@code wait}) and cancels the scheduled ones. */
  static void stop(ScheduledThreadPoolExecutor thread, Duration wait) {
    thread.shutdown();
    try {
      thread.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
