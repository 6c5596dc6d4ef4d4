package dev.sightline.core.codec;

import dev.sightline.core.model.Column;
import dev.sightline.core.model.Schema;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks and normalises single field values beyond their wire type, with the limits of
 * {@link Column#maxLength()}: the rules every ingestion format applies, so that a value is held to
 * the same limits whichever protocol brought it. Stateless and thread-safe.
 *
 * <p>Every method throws {@link IllegalArgumentException} with a message fit for the client (it
 * names the problem, not the field; callers prefix the field).
 */
public final class FieldRules {
  /** Longest item of a string list (tags). */
  public static final int MAX_LIST_ITEM = 256;
  /**
   * Largest token count of one item, 2^53 − 1: every such count is exact as a JavaScript number,
   * and 1024 of them still add up within a long. Sums beyond a long saturate (see
   * {@link dev.sightline.core.storage.Sums}).
   */
  public static final long MAX_TOKENS = (1L << 53) - 1;
  /**
   * Largest cost of one item, US dollars: far above any real call, and low enough that no sum of
   * them can reach infinity.
   */
  public static final double MAX_COST = 1e9;

  /**
   * Checks a value already in the Java type of its column's {@link dev.sightline.core.model.ColumnType}
   * (JSON as compact text, timestamps as epoch microseconds) and returns the value to store.
   */
  public static Object check(Column c, Object value) {
    switch (c.type()) {
      case STRING:
        return string(c, (String) value);
      case LONG:
        return count((Long) value);
      case DOUBLE:
        return number(c, (Double) value);
      case BOOLEAN:
        return value;
      case TIMESTAMP:
        return Timestamps.check((Long) value);
      case JSON:
        return json(c, (String) value);
      case STRING_LIST:
        @SuppressWarnings("unchecked")
        List<String> items = (List<String>) value;
        for (int i = 0; i < items.size(); i++) {
          listItem(c, i, items.get(i));
        }
        return List.copyOf(items);
      default:
        throw new AssertionError(c.type());
    }
  }

  /**
   * An ISO-8601 time with a zone ({@code 2026-11-22T10:15:30.123456Z}) in epoch microseconds,
   * within the years the native protocol accepts.
   */
  public static long isoTime(String text) {
    return Timestamps.parseIso(text);
  }

  /**
   * OTLP's unix nanoseconds (unsigned) in epoch microseconds, within the same years as every other
   * time; the caller treats 0 as absent before calling.
   */
  public static long unixNanos(long nanos) {
    return Timestamps.fromUnixNanos(nanos);
  }

  /**
   * The value to store for a string field: at most its length, no NUL or unpaired surrogate
   * ({@link TextRules}), ids lower-cased, enums checked.
   */
  static String string(Column c, String value) {
    if (value.length() > c.maxLength()) {
      throw new IllegalArgumentException("longer than " + c.maxLength() + " characters");
    }
    text(value);
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

  /**
   * Token counts, the only integers of the input: from 0 to {@link #MAX_TOKENS}.
   *
   * @param value the count, or any negative number for an integer beyond a long
   */
  static long count(long value) {
    if (value < 0 || value > MAX_TOKENS) {
      throw new IllegalArgumentException("must be an integer from 0 to " + MAX_TOKENS);
    }
    return value;
  }

  static double number(Column c, double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("must be a finite number");
    }
    if (c == Schema.COST && (value < 0 || value > MAX_COST)) {
      throw new IllegalArgumentException(value < 0 ? "must be >= 0" : "must be at most 1e9 (US dollars)");
    }
    return value;
  }

  /**
   * Checks the item at {@code index} of a string list: lists hold at most {@code maxLength()}
   * items of at most {@value #MAX_LIST_ITEM} characters.
   */
  static void listItem(Column c, int index, String item) {
    if (index >= c.maxLength()) {
      throw new IllegalArgumentException("at most " + c.maxLength() + " items");
    }
    if (item.length() > MAX_LIST_ITEM) {
      throw new IllegalArgumentException("items must be at most " + MAX_LIST_ITEM + " characters");
    }
    String problem = TextRules.chars(item);
    if (problem != null) {
      throw new IllegalArgumentException("items " + problem);
    }
  }

  /**
   * Compact JSON text of at most the column's size in bytes, whose strings hold no NUL and no
   * unpaired surrogate, whether as characters or as escapes (backslash, u, four hex digits).
   */
  static String json(Column c, String text) {
    // Cheap bound first: a UTF-8 character takes at most 3 bytes per UTF-16 unit.
    if (text.length() * 3L > c.maxLength()
        && text.getBytes(StandardCharsets.UTF_8).length > c.maxLength()) {
      throw new IllegalArgumentException("JSON text larger than " + c.maxLength() + " bytes (UTF-8)");
    }
    text(text);
    String problem = TextRules.escapes(text);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    return text;
  }

  /** Checks decoded text for what {@link TextRules#chars} refuses. */
  static void text(String value) {
    String problem = TextRules.chars(value);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
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
      throw new IllegalArgumentException("must be one of " + new TreeSet<>(allowed));
    }
    return v;
  }

  private FieldRules() {}
}
