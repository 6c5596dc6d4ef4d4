package dev.sightline.server.ingest;

import dev.sightline.server.model.Column;
import dev.sightline.server.model.Schema;
import java.util.Locale;
import java.util.Set;

/** Checks and normalises single field values beyond their JSON type. */
final class FieldRules {

  /**
   * The value to store for a string field.
   *
   * @throws IllegalArgumentException with a message fit for the client
   */
  static String string(Column c, String value) {
    if (c == Schema.TRACE_ID) {
      return hexId(value, 32);
    }
    if (c == Schema.SPAN_ID || c == Schema.PARENT_SPAN_ID) {
      return hexId(value, 16);
    }
    if (c == Schema.STATUS) {
      return oneOf(value, Schema.STATUSES);
    }
    if (c == Schema.TYPE) {
      return oneOf(value, Schema.SPAN_TYPES);
    }
    if (c == Schema.SOURCE) {
      return oneOf(value, Schema.SCORE_SOURCES);
    }
    if (c == Schema.SCORE_ID && value.isBlank()) {
      throw new IllegalArgumentException("must not be blank");
    }
    return value;
  }

  static double number(Column c, double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("must be a finite number");
    }
    if (c == Schema.COST && value < 0) {
      throw new IllegalArgumentException("must be >= 0");
    }
    return value;
  }

  private static String hexId(String value, int length) {
    String id = value.toLowerCase(Locale.ROOT);
    boolean hex = id.length() == length;
    boolean allZero = true;
    for (int i = 0; hex && i < length; i++) {
      char ch = id.charAt(i);
      hex = (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f');
      allZero &= ch == '0';
    }
    if (!hex || allZero) {
      throw new IllegalArgumentException("must be " + length + " hex characters, not all zero");
    }
    return id;
  }

  private static String oneOf(String value, Set<String> allowed) {
    String v = value.toLowerCase(Locale.ROOT);
    if (!allowed.contains(v)) {
      throw new IllegalArgumentException("must be one of " + new java.util.TreeSet<>(allowed));
    }
    return v;
  }

  private FieldRules() {}
}
