package dev.sightline.server.auth;

import dev.sightline.server.state.Postgres;
import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

/**
 * How many servers share the deployment, so that each takes its share of a key's rate limit
 * ({@link RateLimits}). Over shared state every server records itself in the {@code servers} table
 * of PostgreSQL every {@link #BEAT} ({@link #beat}), and counts the servers seen within
 * {@link #ALIVE}; one that stops removes its row ({@link #leave}), one that crashes ages out. Over
 * files a server is alone. Thread-safe.
 */
public final class ServerCount {
  /** How often a server records itself. */
  public static final Duration BEAT = Duration.ofSeconds(5);
  /** How long a server counts after it was last recorded: three beats, so one late beat is not a departure. */
  static final Duration ALIVE = BEAT.multipliedBy(3);
  private static final System.Logger LOG = System.getLogger(ServerCount.class.getName());

  private final Postgres shared;
  private final Clock clock;
  private final String node = UUID.randomUUID().toString();
  private volatile int servers = 1;

  private ServerCount(Postgres shared, Clock clock) {
    this.shared = shared;
    this.clock = clock;
  }

  /** A server whose state is in files: the only one. */
  public static ServerCount alone() {
    return new ServerCount(null, Clock.systemUTC());
  }

  /** A server of a deployment that shares this database; records itself once before returning. */
  public static ServerCount shared(Postgres shared, Clock clock) {
    ServerCount count = new ServerCount(shared, clock);
    count.beat();
    return count;
  }

  /** The servers counted at the last beat, this one included: at least 1. */
  public int servers() {
    return servers;
  }

  /**
   * Records this server as alive and counts the live ones. While the database does not answer the
   * last count stands (logged, not thrown: limits are not worth failing requests for).
   */
  public void beat() {
    if (shared == null) {
      return;
    }
    long now = clock.millis() * 1000;
    try {
      servers = shared.transaction(c -> {
        try (PreparedStatement up = c.prepareStatement("INSERT INTO servers (node, seen_us) VALUES (?, ?)"
            + " ON CONFLICT (node) DO UPDATE SET seen_us = excluded.seen_us")) {
          up.setString(1, node);
          up.setLong(2, now);
          up.executeUpdate();
        }
        try (PreparedStatement count = c.prepareStatement("SELECT count(*) FROM servers WHERE seen_us > ?")) {
          count.setLong(1, now - ALIVE.toNanos() / 1000);
          try (ResultSet r = count.executeQuery()) {
            r.next();
            return Math.max(1, r.getInt(1));
          }
        }
      });
    } catch (IOException | RuntimeException e) {
      // Caught whatever it is: a scheduled beat that threw would never run again.
      LOG.log(System.Logger.Level.WARNING, "counting the servers that share the state failed; rate limits stay"
          + " divided by " + servers + ": " + e.getMessage());
    }
  }

  /** Removes this server's row, so the others stop counting it at their next beat. */
  public void leave() {
    if (shared == null) {
      return;
    }
    try {
      shared.transaction(c -> {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM servers WHERE node = ?")) {
          s.setString(1, node);
          return s.executeUpdate();
        }
      });
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "this server's row in servers stays until it ages out: " + e.getMessage());
    }
  }
}
