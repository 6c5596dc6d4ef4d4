package dev.sightline.internal;

import java.time.Instant;

/**
 * Wall-clock time in epoch microseconds, read as an anchor (one {@link Instant#now()}) plus the
 * monotonic {@link System#nanoTime()} elapsed since. Each trace has its own anchor, as in
 * OpenTelemetry, so its spans' durations are monotonic and exact even if the wall clock is
 * adjusted meanwhile, and reading the time allocates nothing. Immutable and thread-safe.
 */
final class Clock {
  private final long anchorMicros;
  private final long anchorNanos;

  private Clock(long anchorMicros, long anchorNanos) {
    this.anchorMicros = anchorMicros;
    this.anchorNanos = anchorNanos;
  }

  /** A clock anchored now. */
  static Clock anchored() {
    long nanos = System.nanoTime();
    return new Clock(micros(Instant.now()), nanos);
  }

  /** Now, in epoch microseconds. */
  long now() {
    return anchorMicros + (System.nanoTime() - anchorNanos) / 1000;
  }

  /**
   * Whether {@code startTime}, given to a builder, can be recorded (converted by {@link #micros}):
   * a null or out-of-range one is counted and logged as ignored.
   */
  static boolean isStartTime(Instant startTime, Problems problems) {
    if (startTime == null) {
      problems.ignored("startTime(null) ignored");
      return false;
    }
    try {
      micros(startTime);
      return true;
    } catch (ArithmeticException e) {
      problems.ignored("startTime out of range ignored");
      return false;
    }
  }

  static long micros(Instant instant) {
    return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1000);
  }

  static Instant instant(long micros) {
    return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
  }
}
