package dev.sightline.server.auth;

import java.io.IOException;
import dev.sightline.server.state.StateDocument;
import dev.sightline.server.state.StateStore;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When each key was last used, kept in {@code key-usage.json} beside {@code auth.json} so that the
 * CLI can list it. Each server writes it at most once a minute, so a request costs a map update,
 * not a write: the times are to the minute. A write merges with what is stored (the later time
 * wins), so servers sharing the document do not undo each other's. Thread-safe.
 */
final class KeyUsage {
  private static final long PERSIST_MILLIS = 60_000;
  private final StateDocument<Stored> file;
  private final Map<String, Long> lastUsed = new ConcurrentHashMap<>();
  private volatile long persistedAt;

  /** The stored form: epoch milliseconds by key id. */
  record Stored(Map<String, Long> lastUsed) {}

  KeyUsage(StateStore state) {
    this.file = state.document("key-usage.json", Stored.class);
  }

  /** Records a use now; has the uses written if they were last written a minute ago or more. */
  void touch(String keyId) {
    long now = System.currentTimeMillis();
    lastUsed.put(keyId, now);
    if (now - persistedAt >= PERSIST_MILLIS && due(now)) {
      persist();
    }
  }

  /** The last use of a key in epoch milliseconds, in this process or as stored; null if never. */
  Long lastUsed(String keyId) {
    Long here = lastUsed.get(keyId);
    Long stored = stored().get(keyId);
    return here == null ? stored : stored == null ? here : Long.valueOf(Math.max(here, stored));
  }

  /** Whether this caller is the one to write the uses now. */
  private synchronized boolean due(long now) {
    if (now - persistedAt < PERSIST_MILLIS) {
      return false;
    }
    persistedAt = now;
    return true;
  }

  private void persist() {
    try {
      file.update(before -> {
        Map<String, Long> all = new HashMap<>(before == null ? Map.of() : before.lastUsed());
        lastUsed.forEach((id, t) -> all.merge(id, t, Math::max));
        return new Stored(all);
      });
    } catch (IOException e) {
      // Last use is informative; a full disk must not fail the request.
    }
  }

  private Map<String, Long> stored() {
    try {
      Stored stored = file.read();
      return stored == null ? Map.of() : stored.lastUsed();
    } catch (IOException e) {
      return Map.of();
    }
  }
}
