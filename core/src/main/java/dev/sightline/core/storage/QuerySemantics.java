package dev.sightline.core.storage;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.sightline.core.model.Row;
import dev.sightline.core.model.Schema;
import dev.sightline.core.model.Table;
import java.util.HashSet;
import java.util.Set;

/**
 * The definitions every backend's queries share, written once in Java: the in-memory backend calls
 * them and SQL backends mirror them (the contract suite checks that they agree).
 */
public final class QuerySemantics {

  /**
   * When a row started, epoch microseconds, or null: a trace's {@code startTime}, else its first
   * span's start; a span's {@code startTime}; a score's {@code time}.
   */
  public static Long start(Row row) {
    if (row.table() == Table.SCORES) {
      return row.longValue(Schema.TIME);
    }
    Long start = row.longValue(Schema.START_TIME);
    if (start == null && row.table() == Table.TRACES) {
      start = row.longValue(Schema.FIRST_SPAN_START);
    }
    return start;
  }

  /** When a trace or span ended (a trace's {@code endTime}, else its last span's end), or null. */
  public static Long end(Row row) {
    Long end = row.longValue(Schema.END_TIME);
    if (end == null && row.table() == Table.TRACES) {
      end = row.longValue(Schema.LAST_SPAN_END);
    }
    return end;
  }

  /** End minus start in microseconds, or null if either is unknown. */
  public static Long duration(Row row) {
    Long start = start(row);
    Long end = end(row);
    return start == null || end == null ? null : end - start;
  }

  /**
   * Whether a trace or span failed: its status is {@code failure}, or (traces) one of its spans
   * failed.
   */
  public static boolean isError(Row row) {
    if (Schema.FAILURE.equals(row.string(Schema.STATUS))) {
      return true;
    }
    Long errors = row.table() == Table.TRACES ? row.longValue(Schema.ERROR_COUNT) : null;
    return errors != null && errors > 0;
  }

  /** The value a listing sorts on; absent values count as 0. */
  public static double sortValue(Row row, Sort sort) {
    Number value;
    switch (sort) {
      case START_TIME:
        value = start(row);
        break;
      case DURATION:
        value = duration(row);
        break;
      case COST:
        value = row.doubleValue(Schema.COST);
        break;
      case TOTAL_TOKENS:
        value = row.longValue(Schema.TOTAL_TOKENS);
        break;
      default:
        throw new AssertionError(sort);
    }
    return value == null ? 0 : value.doubleValue();
  }

  /** The distinct words of a query's text ({@link SearchWords#text}). */
  public static Set<String> words(String text) {
    Set<String> words = new HashSet<>();
    if (text != null) {
      new SearchWords().text(0, (bytes, length, fnv) -> words.add(new String(bytes, 0, length, UTF_8)), text);
    }
    return words;
  }

  /** The distinct words of a document's JSON texts (nulls skipped; {@link SearchWords#json}). */
  public static Set<String> jsonWords(String... jsons) {
    Set<String> words = new HashSet<>();
    new SearchWords().json(0, (bytes, length, fnv) -> words.add(new String(bytes, 0, length, UTF_8)), jsons);
    return words;
  }

  private QuerySemantics() {}
}
