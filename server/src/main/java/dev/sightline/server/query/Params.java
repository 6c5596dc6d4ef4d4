package dev.sightline.server.query;

import com.linecorp.armeria.common.QueryParams;
import dev.sightline.core.storage.Cursor;
import dev.sightline.core.storage.Filter;
import dev.sightline.core.storage.Sort;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads query parameters; a bad value raises {@link IllegalArgumentException} naming the
 * parameter, which the API answers with 400.
 *
 * <p>Times are ISO-8601 ({@code 2026-11-22T10:00:00Z}) or epoch microseconds. Durations are a
 * number with a unit ({@code 250ms}, {@code 2s}, {@code 1500us}, {@code 1m}, {@code 1h}, {@code 1d}); a bare number is
 * milliseconds.
 */
public final class Params {
  // Digits only: Double.parseDouble alone would read "1d" as one millisecond (a Java literal suffix).
  private static final Pattern DURATION = Pattern.compile("(\\d{1,19})(\\.\\d{1,9})?(us|ms|s|m|h|d)?");

  private final QueryParams q;
  /** Every name an endpoint asked for, present or not: what it accepts. */
  private final Set<String> accepted = new LinkedHashSet<>();
  private boolean prefixed;

  public Params(QueryParams q) {
    this.q = q;
  }

  public String string(String name) {
    accepted.add(name);
    String v = q.get(name);
    return v == null || v.isEmpty() ? null : v;
  }

  public Long time(String name) {
    String v = string(name);
    if (v == null) {
      return null;
    }
    try {
      return v.chars().allMatch(Character::isDigit) ? Long.parseLong(v)
          : ChronoUnit.MICROS.between(Instant.EPOCH, Instant.parse(v));
    } catch (NumberFormatException | DateTimeParseException e) {
      throw new IllegalArgumentException(name + ": must be ISO-8601 (2026-11-22T10:00:00Z) or epoch microseconds");
    } catch (ArithmeticException e) {
      // Instant.parse takes years up to 1000000000, far beyond what a long holds in microseconds.
      throw new IllegalArgumentException(name + ": too far from 1970 to count in epoch microseconds");
    }
  }

  /** A duration in microseconds. */
  Long duration(String name) {
    String v = string(name);
    if (v == null) {
      return null;
    }
    Matcher m = DURATION.matcher(v.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException(name + ": must be a duration like 250ms, 2s, 1500us, 5m, 1h or 1d");
    }
    long unit = unitMicros(m.group(3));
    try {
      if (m.group(2) == null) {
        // Whole numbers exactly: the UI asks for a bucket as long as the epoch is old (16 digits).
        return Math.multiplyExact(Long.parseLong(m.group(1)), unit);
      }
      double micros = Double.parseDouble(m.group(1) + m.group(2)) * unit;
      if (micros >= Long.MAX_VALUE) {
        throw new ArithmeticException();
      }
      return Math.round(micros);
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException(name + ": too long");
    }
  }

  private static long unitMicros(String unit) {
    switch (unit == null ? "ms" : unit) {
      case "us": return 1;
      case "ms": return 1_000;
      case "s": return 1_000_000;
      case "m": return 60_000_000;
      case "h": return 3_600_000_000L;
      default: return 86_400_000_000L;
    }
  }

  Double decimal(String name) {
    String v = string(name);
    try {
      return v == null ? null : Double.valueOf(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + ": must be a number");
    }
  }

  Boolean bool(String name) {
    String v = string(name);
    if (v == null) {
      return null;
    }
    if (!v.equals("true") && !v.equals("false")) {
      throw new IllegalArgumentException(name + ": must be true or false");
    }
    return Boolean.valueOf(v);
  }

  public int limit(int byDefault) {
    String v = string("limit");
    try {
      int n = v == null ? byDefault : Integer.parseInt(v);
      if (n < 1 || n > 1000) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("limit: must be a whole number from 1 to 1000");
    }
  }

  /** Whether times are to be answered as ISO-8601 strings ({@code time=iso}) rather than microseconds. */
  public boolean isoTimes() {
    String v = string("time");
    if (v != null && !v.equals("iso") && !v.equals("micros")) {
      throw new IllegalArgumentException("time: must be iso or micros");
    }
    return "iso".equals(v);
  }

  Cursor cursor() {
    String v = string("cursor");
    return v == null ? null : Cursor.decode(v);
  }

  Sort sort() {
    String v = string("sort");
    if (v == null) {
      return Sort.START_TIME;
    }
    switch (v) {
      case "startTime": return Sort.START_TIME;
      case "duration": return Sort.DURATION;
      case "cost": return Sort.COST;
      case "totalTokens": return Sort.TOTAL_TOKENS;
      case "score": return Sort.SCORE;
      default: throw new IllegalArgumentException("sort: must be startTime, duration, cost, totalTokens or score");
    }
  }

  /** Ascending only if {@code order=asc}; listings default to newest first. */
  boolean ascending() {
    String v = string("order");
    if (v != null && !v.equals("asc") && !v.equals("desc")) {
      throw new IllegalArgumentException("order: must be asc or desc");
    }
    return "asc".equals(v);
  }

  /** The filter parameters, including {@code attr.KEY=VALUE} and {@code meta.KEY=VALUE}. */
  public Filter filter() {
    Map<String, String> attributes = new HashMap<>();
    Map<String, String> metadata = new HashMap<>();
    prefixed = true;
    for (String name : q.names()) {
      if (name.startsWith("attr.") && name.length() > 5) {
        attributes.put(name.substring(5), q.get(name));
      } else if (name.startsWith("meta.") && name.length() > 5) {
        metadata.put(name.substring(5), q.get(name));
      }
    }
    return Filter.builder()
        .from(time("from")).to(time("to"))
        .feature(string("feature")).name(string("name")).status(string("status"))
        .sessionId(string("sessionId")).userId(string("userId"))
        .organizationId(string("organizationId")).environment(string("environment"))
        .release(string("release")).referenceId(string("referenceId")).tag(string("tag"))
        .model(string("model")).attributes(attributes).metadata(metadata)
        .minDuration(duration("minDuration")).maxDuration(duration("maxDuration"))
        .minCost(decimal("minCost")).hasError(bool("hasError")).q(string("q"))
        .scoreName(string("scoreName")).minScore(decimal("minScore")).maxScore(decimal("maxScore"))
        .build();
  }

  /**
   * Refuses a parameter the endpoint did not ask for, such as a misspelt {@code feture=}, which
   * would otherwise be ignored silently: call once every parameter has been read.
   *
   * @throws IllegalArgumentException naming it and the accepted ones
   */
  public void rejectUnknown() {
    for (String name : q.names()) {
      boolean filterPrefix = prefixed && (name.startsWith("attr.") || name.startsWith("meta.")) && name.length() > 5;
      if (!accepted.contains(name) && !filterPrefix) {
        throw new IllegalArgumentException(name + ": unknown parameter; this endpoint takes "
            + String.join(", ", accepted) + (prefixed ? ", attr.KEY, meta.KEY" : ""));
      }
    }
  }
}
