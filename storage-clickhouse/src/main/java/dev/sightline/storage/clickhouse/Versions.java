package dev.sightline.storage.clickhouse;

/**
 * Row versions for {@code ReplacingMergeTree}: the wall clock in microseconds, but always above the
 * last one handed out, the greatest stored at open and every version of a row fetched to be merged
 * ({@link #observe}), so a later write wins even if the clock steps back, and a row merged under
 * the pipeline's merge locks replaces what another server wrote, whatever their clocks' skew.
 * Thread-safe.
 */
final class Versions {
  private long last;

  Versions(long lastStored) {
    this.last = lastStored;
  }

  /** Makes every later version greater than this one (a version read from the store). */
  synchronized void observe(long stored) {
    last = Math.max(last, stored);
  }

  synchronized long next() {
    last = Math.max(last + 1, System.currentTimeMillis() * 1000);
    return last;
  }
}
