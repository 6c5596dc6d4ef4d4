package dev.sightline.internal;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Pauses between attempts: exponential from {@link #BASE_MILLIS}, capped, with "equal jitter"
 * (half fixed, half random) so that many clients kept from one server do not return in step. A
 * server's Retry-After is honoured as a minimum, up to {@link #MAX_RETRY_AFTER_MILLIS}.
 */
final class Backoff {
  static final long BASE_MILLIS = 100;
  static final long MAX_RETRY_AFTER_MILLIS = 60_000;
  private final long capMillis;

  Backoff(Duration cap) {
    this.capMillis = Math.max(1, cap.toMillis());
  }

  /**
   * @param attempt 0 for the pause after the first failed attempt
   * @param retryAfterMillis what the server asked for, or -1
   */
  long delayMillis(int attempt, long retryAfterMillis) {
    long exp = BASE_MILLIS << Math.min(attempt, 20);
    long capped = Math.min(capMillis, exp);
    long half = capped / 2;
    long delay = half + ThreadLocalRandom.current().nextLong(half + 1);
    return Math.max(delay, Math.min(retryAfterMillis, MAX_RETRY_AFTER_MILLIS));
  }
}
