package dev.sightline.server.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

  @Test
  void spacesStartsEvenlyAndQueuesCallersInOrder() {
    AtomicLong now = new AtomicLong(-5 * SECOND); // nanoTime may be negative
    RateLimiter limiter = new RateLimiter(60, now::get);
    assertThat(limiter.reserve()).isZero();
    assertThat(limiter.reserve()).isEqualTo(SECOND);
    assertThat(limiter.reserve()).isEqualTo(2 * SECOND);
    now.addAndGet(SECOND / 2);
    assertThat(limiter.reserve()).isEqualTo(3 * SECOND - SECOND / 2);
  }

  @Test
  void anIdleLimiterStartsAtOnceWithoutABurst() {
    AtomicLong now = new AtomicLong();
    RateLimiter limiter = new RateLimiter(120, now::get);
    limiter.reserve();
    now.addAndGet(10 * SECOND);
    assertThat(limiter.reserve()).isZero();
    assertThat(limiter.reserve()).as("no credit saved while idle").isEqualTo(SECOND / 2);
  }
}
