package dev.sightline.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.Map;

/**
 * Flat attributes (string to string, number or boolean) kept by their holder in one array of
 * alternating keys and values, filled from the start: the first null key ends the entries, so no
 * separate size (and no wrapper object) is needed. Spans usually carry a handful, and a linear scan
 * over a small array is cheaper to fill than a hash map. Not thread-safe: the holder guards it,
 * except for an array written by {@link #putPublished} (one writer, readers anywhere).
 */
final class Attributes {
  static final int INITIAL_SLOTS = 8;

  private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Object[].class);

  /** Sets {@code key} (not null); returns the array to keep (a new one if it had to grow). */
  static Object[] put(Object[] kv, String key, Object value) {
    if (kv == null) {
      kv = new Object[INITIAL_SLOTS];
    }
    int i = slot(kv, key);
    if (i == kv.length) {
      kv = Arrays.copyOf(kv, kv.length * 2);
    }
    if (kv[i] == null) {
      kv[i] = key;
    }
    kv[i + 1] = value;
    return kv;
  }

  /**
   * Sets {@code key} (not null) in an array that one thread writes while others may read it with
   * {@link #mergePublished} at any time: they see a consistent prefix, because a new entry's value
   * is stored before its key, with a release store. Returns {@code kv}, or a grown copy when it is
   * full (or null), filled before the caller publishes it with a release store of its own.
   */
  static Object[] putPublished(Object[] kv, String key, Object value) {
    int i = 0;
    if (kv != null) {
      i = slot(kv, key);
      if (i < kv.length) {
        kv[i + 1] = value;
        if (kv[i] == null) {
          SLOT.setRelease(kv, i, key);
        }
        return kv;
      }
    }
    Object[] grown = kv == null ? new Object[INITIAL_SLOTS] : Arrays.copyOf(kv, kv.length * 2);
    grown[i] = key;
    grown[i + 1] = value;
    return grown;
  }

  /**
   * The entries of {@code published} (written by {@link #putPublished}, acquired by the caller;
   * may be null) followed by those of {@code kv} (may be null), as a new array, or null if none.
   */
  static Object[] mergePublished(Object[] published, Object[] kv) {
    Object[] all = null;
    for (int i = 0; published != null && i < published.length; i += 2) {
      Object k = SLOT.getAcquire(published, i);
      if (k == null) {
        break;
      }
      all = put(all, (String) k, published[i + 1]);
    }
    return putAll(all, kv);
  }

  /** The index of {@code key}'s entry, else of the first free one, else {@code kv.length}. */
  private static int slot(Object[] kv, String key) {
    for (int i = 0; i < kv.length; i += 2) {
      Object k = kv[i];
      if (k == null || k == key || (k.hashCode() == key.hashCode() && k.equals(key))) {
        return i;
      }
    }
    return kv.length;
  }

  /**
   * A copy of the entries with flat values (values that are not strings, numbers or booleans are
   * kept as their text), or null if there are none; built outside any lock because reading the map
   * runs the caller's code.
   */
  static Object[] flatten(Map<String, ?> entries) {
    Object[] kv = null;
    for (Map.Entry<String, ?> e : entries.entrySet()) {
      if (e.getKey() != null) {
        kv = put(kv, e.getKey(), flat(e.getValue()));
      }
    }
    return kv;
  }

  /** Merges {@code from} (from {@link #flatten}, may be null) into {@code kv}. */
  static Object[] putAll(Object[] kv, Object[] from) {
    if (from != null) {
      for (int i = 0; i < from.length && from[i] != null; i += 2) {
        kv = put(kv, (String) from[i], from[i + 1]);
      }
    }
    return kv;
  }

  private static Object flat(Object v) {
    return v == null || v instanceof Number || v instanceof Boolean || v instanceof String ? v
        : String.valueOf(v);
  }

  static void write(JsonWriter out, Object[] kv) {
    out.beginObject();
    for (int i = 0; i < kv.length && kv[i] != null; i += 2) {
      out.name((String) kv[i]).value(kv[i + 1]);
    }
    out.endObject();
  }

  private Attributes() {}
}
