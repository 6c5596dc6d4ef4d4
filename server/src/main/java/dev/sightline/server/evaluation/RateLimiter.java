package dev.sightline.server.evaluation;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Spaces the starts of requests evenly: at most one per {@code 60 s / requestsPerMinute}, so never
 * more than {@code requestsPerMinute} in any minute. Callers wait in the order they asked.
 * Thread-safe.
 */
final class RateLimiter {
  private final long intervalNanos;
  private final LongSupplier nanoClock;
  /** When the next request may start, on {@link #nanoClock}. */
  private long next;

  RateLimiter(int requestsPerMinute, LongSupplier nanoClock) {
    this.intervalNanos = TimeUnit.MINUTES.toNanos(1) / requestsPerMinute;
    this.nanoClock = nanoClock;
    this.next = nanoClock.getAsLong();
  }

  RateLimiter(int requestsPerMinute) {
    this(requestsPerMinute, System::nanoTime);
  }

  /** Takes the next start slot: how many nanoseconds the caller must wait for it (0: start now). */
  synchronized long reserve() {
    long now = nanoClock.getAsLong();
    long slot = next - now > 0 ? next : now;
    next = slot + intervalNanos;
    return slot - now;
  }

  /** Waits for the next start slot. */
  void acquire() throws InterruptedException {
    long wait = reserve();
    if (wait > 0) {
      TimeUnit.NANOSECONDS.sleep(wait);
    }
  }
}
