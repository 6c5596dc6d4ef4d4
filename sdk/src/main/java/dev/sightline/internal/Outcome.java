package dev.sightline.internal;

import java.net.URI;

/**
 * What became of one POST of a batch.
 *
 * @param accepted items the server took (for {@link Kind#OK})
 * @param rejected items it refused (per-item errors of a 207, or the whole batch for {@link Kind#REJECTED})
 * @param retryAfterMillis the server's Retry-After, or -1
 * @param message the first error the server gave, or the network error, or null
 */
record Outcome(Kind kind, int accepted, int rejected, long retryAfterMillis, String message) {

  enum Kind {
    /** Answered 2xx: done, possibly with some items refused. */
    OK,
    /** Refused for good (400, 401, 403, 413 ...): retrying cannot help. */
    REJECTED,
    /** Network error, 429 or 5xx: try again later. */
    RETRY
  }

  static Outcome retry(long retryAfterMillis, String message) {
    return new Outcome(Kind.RETRY, 0, 0, retryAfterMillis, message);
  }

  /** The same outcome, its message naming the endpoint that answered. */
  Outcome from(URI endpoint) {
    return new Outcome(kind, accepted, rejected, retryAfterMillis, message + " from " + endpoint);
  }
}
