package dev.sightline.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sightline.server.state.PostgresDatabase;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Servers sharing a real PostgreSQL count each other, stop counting one that leaves or stops
 * beating, and split a key's rate between them.
 */
class ServerCountTest {
  private static final Instant T0 = Instant.parse("2026-12-07T03:00:00Z");
  @RegisterExtension final PostgresDatabase database = new PostgresDatabase();

  @Test
  void serversCountEachOtherUntilOneLeavesOrStopsBeating() throws Exception {
    ServerCount a = ServerCount.shared(database.connect(), at(T0));
    assertThat(a.servers()).isEqualTo(1);
    ServerCount b = ServerCount.shared(database.connect(), at(T0.plusSeconds(1)));
    assertThat(b.servers()).isEqualTo(2);
    assertThat(a.servers()).as("until its next beat").isEqualTo(1);
    a.beat();
    assertThat(a.servers()).isEqualTo(2);

    b.leave();
    a.beat();
    assertThat(a.servers()).isEqualTo(1);

    // A server that crashed leaves no row to delete: it stops counting once it is older than ALIVE.
    ServerCount crashed = ServerCount.shared(database.connect(), at(T0));
    assertThat(crashed.servers()).as("a and itself").isEqualTo(2);
    ServerCount later = ServerCount.shared(database.connect(), at(T0.plus(ServerCount.ALIVE).minusSeconds(1)));
    assertThat(later.servers()).isEqualTo(3);
    ServerCount muchLater = ServerCount.shared(database.connect(), at(T0.plus(ServerCount.ALIVE).plusSeconds(1)));
    assertThat(muchLater.servers()).as("a and crashed aged out; later and itself").isEqualTo(2);
  }

  @Test
  void eachOfNServersKeepsAnNthOfAKeysRate() {
    int[] servers = {2};
    RateLimits limits = new RateLimits(() -> servers[0]);
    assertThat(limits.acquire("k", RateLimits.Measure.REQUESTS, 1, 5)).isZero();
    assertThat(limits.acquire("k", RateLimits.Measure.REQUESTS, 1, 5)).isZero();
    assertThat(limits.acquire("k", RateLimits.Measure.REQUESTS, 1, 5)).as("3 of 5, rounded up").isZero();
    assertThat(limits.acquire("k", RateLimits.Measure.REQUESTS, 1, 5)).isEqualTo(1);
    assertThat(limits.acquire("k", RateLimits.Measure.SPANS, 600, 1_000)).as("a burst over its share").isZero();
    assertThat(limits.acquire("k", RateLimits.Measure.SPANS, 1, 1_000)).as("then it waits").isEqualTo(1);
    assertThat(new RateLimits(() -> 1).acquire("k", RateLimits.Measure.SPANS, 1_000, 1_000)).isZero();
    assertThat(new RateLimits().acquire("k", RateLimits.Measure.REQUESTS, 5, 5)).as("alone: the whole rate").isZero();
  }

  private static Clock at(Instant instant) {
    return Clock.fixed(instant, ZoneOffset.UTC);
  }
}
