package dev.sightline.storage.clickhouse;

/**
 * Row versions for {@code ReplacingMergeTree}: the wall clock in microseconds, but always above the
 * last one handed out (and above the greatest stored at open), so a later write wins even if the
 * clock steps back. Servers sharing a database each keep their own: a row updated through two
 * servers within their clocks' skew of each other may keep the older version.
 * Thread-safe.
 */
final class Versions {
  private long last;

  Versions(long lastStored) {
    this.last = lastStored;
  }

  synchronized long next() {
    last = Math.max(last + 1, System.currentTimeMillis() * 1000);
    return last;
  }
}
