package dev.sightline.server.ingest;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** Reads timestamps of the wire protocol into epoch microseconds. */
final class Timestamps {
  /** 2000-01-01T00:00:00Z: anything earlier is almost surely milliseconds or seconds sent by mistake. */
  static final long MIN = 946_684_800_000_000L;
  /** 2100-01-01T00:00:00Z. */
  static final long MAX = 4_102_444_800_000_000L;

  /**
   * Parses ISO-8601 with an offset or {@code Z} ({@code 2026-11-22T10:15:30.123456Z}); digits
   * beyond microseconds are truncated.
   *
   * @throws IllegalArgumentException with a message fit for the client
   */
  static long parseIso(String text) {
    Instant instant;
    try {
      instant = OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "must be ISO-8601 with a zone, like 2026-11-22T10:15:30.123456Z, or epoch microseconds");
    }
    return check(ChronoUnit.MICROS.between(Instant.EPOCH, instant));
  }

  static long check(long micros) {
    if (micros < MIN || micros >= MAX) {
      throw new IllegalArgumentException("must be epoch microseconds between years 2000 and 2100"
          + (micros > 0 && micros < MIN ? " (" + micros + " looks like milliseconds or seconds)" : ""));
    }
    return micros;
  }

  private Timestamps() {}
}
