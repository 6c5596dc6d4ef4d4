package dev.sightline.server.auth;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;

/**
 * Token buckets, one per key and measure (requests, spans), each holding one second of its rate:
 * a key may burst to its rate, and its average stays under it. With N servers sharing the
 * deployment ({@link ServerCount}) each holds a bucket of 1/N of the rate (rounded up), so that
 * behind a load balancer that spreads a key's requests the deployment as a whole keeps the rate;
 * a key whose requests all reach one server gets its share only. In memory: a restart starts every
 * bucket full. Thread-safe.
 */
public final class RateLimits {
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
  private final IntSupplier servers;

  /** Limits for a server that is alone. */
  public RateLimits() {
    this(() -> 1);
  }

  /** @param servers how many servers share the rates now (at least 1; read at every acquire) */
  public RateLimits(IntSupplier servers) {
    this.servers = servers;
  }

  /** What is being limited, per key. */
  public enum Measure { REQUESTS, SPANS }

  /**
   * Takes {@code n} tokens from the key's bucket for the measure if it has them (a request larger
   * than the bucket passes when the bucket is full, and leaves it owing).
   *
   * @param keyRate the key's rate, for the whole deployment
   * @return 0 if taken, else the whole seconds to wait before retrying (at least 1)
   */
  public long acquire(String keyId, Measure measure, long n, int keyRate) {
    int share = Math.max(1, servers.getAsInt());
    int perSecond = (keyRate + share - 1) / share;
    Bucket b = buckets.computeIfAbsent(keyId + "/" + measure, k -> new Bucket(perSecond));
    synchronized (b) {
      long now = System.nanoTime();
      b.tokens = Math.min(perSecond, b.tokens + (now - b.refilledAt) / 1e9 * perSecond);
      b.refilledAt = now;
      double needed = Math.min(n, perSecond);
      if (b.tokens >= needed) {
        b.tokens -= n;
        return 0;
      }
      return Math.max(1, (long) Math.ceil((needed - b.tokens) / perSecond));
    }
  }

  /**
   * What a refusal adds to "over its N per second" when servers share the rate, so that a client
   * whose requests all reach one server learns why it was refused below N: {@code " (2 on this
   * server, one of 2 sharing it)"}; empty for a server that is alone.
   */
  public String share(int keyRate) {
    int share = Math.max(1, servers.getAsInt());
    return share == 1 ? "" : " (" + (keyRate + share - 1) / share + " on this server, one of " + share + " sharing it)";
  }

  private static final class Bucket {
    double tokens;
    long refilledAt = System.nanoTime();

    Bucket(int perSecond) {
      this.tokens = perSecond;
    }
  }
}
