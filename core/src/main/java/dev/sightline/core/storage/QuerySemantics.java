package dev.sightline.core.storage;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.sightline.core.model.Row;
import dev.sightline.core.model.Schema;
import dev.sightline.core.model.Table;
import java.io.IOException;
import java.math.BigInteger;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * The definitions every backend's queries share, written once in Java: the in-memory backend calls
 * them and SQL backends mirror them (the contract suite checks that they agree).
 */
public final class QuerySemantics {
  /** The status {@link #isSuccess} counts. */
  public static final String SUCCESS = "success";
  private static final JsonFactory JSON = new JsonFactory();

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

  /** Whether a trace or span succeeded: its own status is {@code success}. */
  public static boolean isSuccess(Row row) {
    return SUCCESS.equals(row.string(Schema.STATUS));
  }

  /**
   * A span's time to first token: its {@code completionStartTime} minus its {@code startTime},
   * microseconds (negative if the client sent them so), or null if either is unknown. Traces have
   * none: a trace's first token is a property of its generations, which span metrics measure.
   */
  public static Long timeToFirstToken(Row row) {
    if (row.table() != Table.SPANS) {
      return null;
    }
    Long completionStart = row.longValue(Schema.COMPLETION_START_TIME);
    Long start = row.longValue(Schema.START_TIME);
    return completionStart == null || start == null ? null : completionStart - start;
  }

  /**
   * The prompt version a generation used, as {@code slug@version}, or {@code slug} alone: from the
   * span's {@code prompt} JSON object, whose {@code slug} must be a string; its {@code version}
   * counts if it is a string or a whole number in the signed 64-bit range written without fraction
   * or exponent (others leave it out). Null without a string slug.
   */
  public static String promptVersion(Row row) {
    String prompt = row.table() == Table.SPANS ? row.string(Schema.PROMPT) : null;
    if (prompt == null) {
      return null;
    }
    String slug = null;
    String version = null;
    try (JsonParser p = JSON.createParser(prompt)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String key = p.currentName();
        JsonToken value = p.nextToken();
        if ("slug".equals(key)) {
          slug = value == JsonToken.VALUE_STRING ? p.getText() : null;
        } else if ("version".equals(key)) {
          boolean whole = value == JsonToken.VALUE_NUMBER_INT
              && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER;
          version = value == JsonToken.VALUE_STRING || whole ? p.getText() : null;
        }
        p.skipChildren();
      }
    } catch (IOException e) {
      return null;
    }
    return slug == null ? null : version == null ? slug : slug + "@" + version;
  }

  /**
   * The exact mean {@code sum / n} rounded to the nearest whole number, halves up (towards positive
   * infinity), or null if {@code n} is 0. Backends sum exactly, so every one rounds the same value.
   */
  public static Long mean(BigInteger sum, long n) {
    if (n == 0) {
      return null;
    }
    BigInteger twice = BigInteger.valueOf(n).shiftLeft(1);
    // floor((2 * sum + n) / (2 * n)) = floor(sum / n + 1/2)
    BigInteger[] qr = sum.shiftLeft(1).add(BigInteger.valueOf(n)).divideAndRemainder(twice);
    BigInteger floor = qr[1].signum() < 0 ? qr[0].subtract(BigInteger.ONE) : qr[0];
    return floor.longValueExact();
  }

  /**
   * The mean score {@link Filter#scoreName} defines: the mean of the non-null {@code value}s of these
   * scores (the caller picks those of one name and one trace or span), in double precision; null if
   * none has a value.
   */
  public static Double scoreMean(Collection<Row> scores) {
    double sum = 0;
    int n = 0;
    for (Row s : scores) {
      Double v = s.doubleValue(Schema.VALUE);
      if (v != null) {
        sum += v;
        n++;
      }
    }
    return n == 0 ? null : sum / n;
  }

  /**
   * The value a listing sorts on; absent values count as 0.
   *
   * @throws IllegalArgumentException for {@link Sort#SCORE}, which is not a field of the row alone
   *     ({@link #scoreMean})
   */
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
      case SCORE:
        throw new IllegalArgumentException("sort: a score is not a field of the row; see scoreMean");
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
    Set<String> words = new HashSet<>(256); // an LLM text has hundreds: no rehashing as it grows
    new SearchWords().json(0, (bytes, length, fnv) -> words.add(new String(bytes, 0, length, UTF_8)), jsons);
    return words;
  }

  private QuerySemantics() {}
}
