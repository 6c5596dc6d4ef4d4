package dev.sightline.server.web;

import com.linecorp.armeria.common.QueryParams;
import dev.sightline.server.storage.Cursor;
import dev.sightline.server.storage.Filter;
import dev.sightline.server.storage.Sort;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads query parameters; a bad value raises {@link IllegalArgumentException} naming the
 * parameter, which the API answers with 400.
 *
 * <p>Times are ISO-8601 ({@code 2026-11-22T10:00:00Z}) or epoch microseconds. Durations are a
 * number with a unit ({@code 250ms}, {@code 2s}, {@code 1500us}, {@code 1m}); a bare number is
 * milliseconds.
 */
final class Params {
  private final QueryParams q;

  Params(QueryParams q) {
    this.q = q;
  }

  String string(String name) {
    String v = q.get(name);
    return v == null || v.isEmpty() ? null : v;
  }

  Long time(String name) {
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
    String s = v.trim().toLowerCase(Locale.ROOT);
    String[][] units = {{"us", "1"}, {"ms", "1000"}, {"s", "1000000"}, {"m", "60000000"}, {"h", "3600000000"}};
    try {
      for (String[] unit : units) {
        if (s.endsWith(unit[0]) && !(unit[0].equals("s") && (s.endsWith("us") || s.endsWith("ms")))) {
          double n = Double.parseDouble(s.substring(0, s.length() - unit[0].length()));
          return Math.round(n * Long.parseLong(unit[1]));
        }
      }
      return Math.round(Double.parseDouble(s) * 1000);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + ": must be a duration like 250ms, 2s or 1500us");
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

  int limit(int byDefault) {
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
      default: throw new IllegalArgumentException("sort: must be startTime, duration, cost or totalTokens");
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
  Filter filter() {
    Map<String, String> attributes = new HashMap<>();
    Map<String, String> metadata = new HashMap<>();
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
        .build();
  }
}
