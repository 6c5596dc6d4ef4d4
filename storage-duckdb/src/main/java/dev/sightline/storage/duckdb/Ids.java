package dev.sightline.storage.duckdb;

import java.util.UUID;

/**
 * Trace and span ids as DuckDB stores them in every table: a trace id (32 hex
 * digits) as a UUID, whose order is the hex text's; a span id (16 hex digits) as a BIGINT with its
 * top bit flipped, so that signed order is the hex text's too. Binary ids are a quarter of the text
 * to load, store and compare. Stateless.
 */
final class Ids {
  private Ids() {}

  /** Whether the text is a trace id as stored: 32 lowercase hex digits. */
  static boolean isTrace(String text) {
    return isHex(text, 32);
  }

  /** Whether the text is a span id as stored: 16 lowercase hex digits. */
  static boolean isSpan(String text) {
    return isHex(text, 16);
  }

  private static boolean isHex(String text, int length) {
    if (text.length() != length) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) {
        return false;
      }
    }
    return true;
  }

  static UUID trace(String hex) {
    return new UUID(Terms.traceHigh(hex), Terms.traceLow(hex));
  }

  static String trace(UUID id) {
    return Terms.traceId(id.getMostSignificantBits(), id.getLeastSignificantBits());
  }

  static long span(String hex) {
    return Long.parseUnsignedLong(hex, 16) ^ Long.MIN_VALUE;
  }

  static String span(long stored) {
    String s = Long.toHexString(stored ^ Long.MIN_VALUE);
    return s.length() == 16 ? s : "0".repeat(16 - s.length()) + s;
  }
}
