package dev.sightline.server.auth;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When each key was last used, kept in {@code key-usage.json} beside {@code auth.json} so that the
 * CLI can list it. Only the server writes it (the data directory lock makes it the only one), and
 * at most once a minute, so a request costs a map update, not a disk write: the times are to the
 * minute. Thread-safe.
 */
final class KeyUsage {
  private static final long PERSIST_MILLIS = 60_000;
  private final StateFile<Stored> file;
  private final Map<String, Long> lastUsed = new ConcurrentHashMap<>();
  private volatile long persistedAt;

  /** The stored form: epoch milliseconds by key id. */
  record Stored(Map<String, Long> lastUsed) {}

  KeyUsage(Path dataDir) {
    this.file = new StateFile<>(dataDir.resolve("key-usage.json"), Stored.class);
  }

  /** Records a use now; writes the file if it was last written a minute ago or more. */
  void touch(String keyId) {
    long now = System.currentTimeMillis();
    lastUsed.put(keyId, now);
    if (now - persistedAt >= PERSIST_MILLIS) {
      persist(now);
    }
  }

  /** The last use of a key in epoch milliseconds, in this process or as stored; null if never. */
  Long lastUsed(String keyId) {
    Long here = lastUsed.get(keyId);
    Long stored = stored().get(keyId);
    return here == null ? stored : stored == null ? here : Long.valueOf(Math.max(here, stored));
  }

  private synchronized void persist(long now) {
    if (now - persistedAt < PERSIST_MILLIS) {
      return;
    }
    persistedAt = now;
    Map<String, Long> all = new HashMap<>(stored());
    lastUsed.forEach((id, t) -> all.merge(id, t, Math::max));
    try {
      file.write(new Stored(all));
    } catch (IOException e) {
      // Last use is informative; a full disk must not fail the request.
    }
  }

  private Map<String, Long> stored() {
    try {
      return file.exists() ? file.read().lastUsed() : Map.of();
    } catch (IOException e) {
      return Map.of();
    }
  }
}
