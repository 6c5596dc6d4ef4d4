package dev.sightline.server.evaluation;

import java.time.Duration;
import java.util.Set;

/**
 * How a remote kind calls out: the timeout of one attempt, the retries and their first backoff,
 * and the per-evaluator limits. Immutable.
 *
 * @param timeout the longest wait for one attempt's answer
 * @param maxRetries attempts after the first, on timeouts, connection errors, 429, 5xx and unreadable answers
 * @param backoff the wait before the first retry, doubled before each next one
 * @param concurrency the most requests in flight at once
 * @param requestsPerMinute the most requests started per minute, spaced evenly
 */
record Limits(Duration timeout, int maxRetries, Duration backoff, int concurrency, int requestsPerMinute) {
  static final Set<String> FIELDS = Set.of("timeoutMs", "maxRetries", "backoffMs", "concurrency", "requestsPerMinute");

  /** Reads {@link #FIELDS}; absent ones take their defaults (30 s, 3, 500 ms, 4, 60). */
  static Limits of(Config config) {
    return new Limits(Duration.ofMillis(config.integer("timeoutMs", 1, 600_000, 30_000)),
        config.integer("maxRetries", 0, 10, 3),
        Duration.ofMillis(config.integer("backoffMs", 1, 60_000, 500)),
        config.integer("concurrency", 1, 64, 4),
        config.integer("requestsPerMinute", 1, 60_000, 60));
  }
}
