package dev.sightline.core.codec;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Reads timestamps of the wire protocols into epoch microseconds, within one range for every form
 * (ISO-8601 strings, epoch microseconds, OTLP's unix nanoseconds): from {@link #MIN} (inclusive,
 * 2000-01-01T00:00:00Z) to {@link #MAX} (exclusive, 2100-01-01T00:00:00Z). The range is narrow on
 * purpose: a time in milliseconds or seconds sent as microseconds lands before 2000 and is caught,
 * and every time in it converts between the three forms without overflow. Stateless.
 */
final class Timestamps {
  /** 2000-01-01T00:00:00Z: anything earlier is almost surely milliseconds or seconds sent by mistake. */
  static final long MIN = 946_684_800_000_000L;
  /** 2100-01-01T00:00:00Z, exclusive. */
  static final long MAX = 4_102_444_800_000_000L;
  private static final Instant MIN_INSTANT = Instant.ofEpochSecond(MIN / 1_000_000);
  private static final Instant MAX_INSTANT = Instant.ofEpochSecond(MAX / 1_000_000);
  private static final String RANGE = "between years 2000 and 2100";

  /**
   * Parses ISO-8601 with an offset or {@code Z} ({@code 2026-11-22T10:15:30.123456Z}); digits
   * beyond microseconds are truncated.
   *
   * @throws IllegalArgumentException with a message fit for the client, also for a time out of range
   */
  static long parseIso(String text) {
    Instant instant;
    try {
      instant = OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "must be ISO-8601 with a zone, like 2026-11-22T10:15:30.123456Z, or epoch microseconds");
    }
    // Compared as instants first: converting a time centuries away to microseconds could overflow.
    if (instant.isBefore(MIN_INSTANT) || !instant.isBefore(MAX_INSTANT)) {
      throw new IllegalArgumentException("must be " + RANGE
          + " (2000-01-01T00:00:00Z inclusive to 2100-01-01T00:00:00Z exclusive)");
    }
    return instant.getEpochSecond() * 1_000_000 + instant.getNano() / 1000;
  }

  /**
   * Checks epoch microseconds.
   *
   * @throws IllegalArgumentException with a message fit for the client
   */
  static long check(long micros) {
    if (micros < MIN || micros >= MAX) {
      throw new IllegalArgumentException("must be epoch microseconds " + RANGE + " (" + MIN
          + " inclusive to " + MAX + " exclusive)"
          + (micros > 0 && micros < MIN ? "; " + micros + " looks like milliseconds or seconds" : ""));
    }
    return micros;
  }

  /**
   * Unix nanoseconds (OTLP's {@code fixed64}, read as unsigned) as epoch microseconds, the
   * sub-microsecond digits dropped.
   *
   * @throws IllegalArgumentException with a message fit for the client
   */
  static long fromUnixNanos(long nanos) {
    long micros = Long.divideUnsigned(nanos, 1000);
    if (micros < MIN || micros >= MAX) {
      throw new IllegalArgumentException("must be unix nanoseconds " + RANGE + " (" + MIN + "000"
          + " inclusive to " + MAX + "000 exclusive), or 0 for none; got " + Long.toUnsignedString(nanos)
          + (nanos > 0 && micros < MIN ? ", which looks like microseconds, milliseconds or seconds" : ""));
    }
    return micros;
  }

  private Timestamps() {}
}
