package dev.sightline.internal;

import java.lang.System.Logger.Level;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where the SDK reports what went wrong inside it instead of throwing into the application: each
 * problem is counted, and each kind of problem is logged once at WARNING (later ones at DEBUG), so
 * a hot loop with a bad argument cannot flood the application's log. Thread-safe.
 */
public final class Problems {
  static final System.Logger LOG = System.getLogger("dev.sightline");

  private final AtomicLong count = new AtomicLong();
  private final Set<String> logged = ConcurrentHashMap.newKeySet();

  /** Counts and logs a recording call that failed; {@code kind} is a short fixed description. */
  public void report(String kind, Throwable cause) {
    count.incrementAndGet();
    log(kind, cause);
  }

  /** Counts and logs a recording call that was given an unusable argument. */
  public void ignored(String kind) {
    report(kind, null);
  }

  /** Logs a condition of the exporter (not counted as a recording error), once per kind. */
  public void log(String kind, Throwable cause) {
    boolean first = logged.size() < 256 && logged.add(kind);
    Level level = first ? Level.WARNING : Level.DEBUG;
    if (LOG.isLoggable(level)) {
      String text = "Sightline: " + kind + (first ? " (further occurrences are logged at DEBUG)" : "");
      if (cause == null) {
        LOG.log(level, text);
      } else {
        LOG.log(level, text, cause);
      }
    }
  }

  /** Recording calls that failed so far. */
  public long count() {
    return count.get();
  }
}
