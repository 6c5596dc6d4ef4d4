package dev.sightline;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/** Reads {@code SIGHTLINE_*} variables into a builder; an invalid value fails naming the variable. */
final class EnvironmentSettings {

  static void apply(Map<String, String> env, Sightline.Builder b) {
    String endpoint = get(env, "SIGHTLINE_ENDPOINT");
    try {
      if (endpoint != null) {
        b.endpoint(endpoint);
      }
      String key = get(env, "SIGHTLINE_API_KEY");
      if (key != null) {
        b.apiKey(key);
      }
      String rate = get(env, "SIGHTLINE_SAMPLE_RATE");
      if (rate != null) {
        b.sampleRate(number("SIGHTLINE_SAMPLE_RATE", rate));
      }
      String interval = get(env, "SIGHTLINE_FLUSH_INTERVAL");
      if (interval != null) {
        b.flushInterval(duration("SIGHTLINE_FLUSH_INTERVAL", interval));
      }
      String batch = get(env, "SIGHTLINE_BATCH_SIZE");
      if (batch != null) {
        b.batchSize(integer("SIGHTLINE_BATCH_SIZE", batch));
      }
      String queue = get(env, "SIGHTLINE_QUEUE_SIZE");
      if (queue != null) {
        b.queueSize(integer("SIGHTLINE_QUEUE_SIZE", queue));
      }
    } catch (IllegalArgumentException e) {
      throw e.getMessage() != null && e.getMessage().startsWith("SIGHTLINE_") ? e
          : new IllegalArgumentException("SIGHTLINE_* environment: " + e.getMessage(), e);
    }
    String environment = get(env, "SIGHTLINE_ENVIRONMENT");
    if (environment != null) {
      b.environment(environment);
    }
    String release = get(env, "SIGHTLINE_RELEASE");
    if (release != null) {
      b.release(release);
    }
  }

  private static String get(Map<String, String> env, String name) {
    String v = env.get(name);
    return v == null || v.isBlank() ? null : v.trim();
  }

  private static double number(String name, String v) {
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + ": must be a number between 0 and 1, was '" + v + "'");
    }
  }

  private static int integer(String name, String v) {
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + ": must be a whole number, was '" + v + "'");
    }
  }

  /** Milliseconds as a bare number, or with a unit: {@code 500ms}, {@code 2s}, {@code 1m}. */
  static Duration duration(String name, String v) {
    String s = v.toLowerCase(Locale.ROOT);
    try {
      if (s.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2).trim()));
      }
      if (s.endsWith("s")) {
        return Duration.ofMillis(Math.round(Double.parseDouble(s.substring(0, s.length() - 1).trim()) * 1000));
      }
      if (s.endsWith("m")) {
        return Duration.ofSeconds(Long.parseLong(s.substring(0, s.length() - 1).trim()) * 60);
      }
      return Duration.ofMillis(Long.parseLong(s));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + ": must be milliseconds or a duration like 500ms, 2s, 1m; was '" + v + "'");
    }
  }

  private EnvironmentSettings() {}
}
