package dev.sightline.internal;

import java.util.Arrays;
import java.util.Map;

/**
 * Flat attributes (string to string, number or boolean) kept by their holder in one array of
 * alternating keys and values, filled from the start: the first null key ends the entries, so no
 * separate size (and no wrapper object) is needed. Spans usually carry a handful, and a linear scan
 * over a small array is cheaper to fill than a hash map. Not thread-safe: the holder guards it.
 */
final class Attributes {
  static final int INITIAL_SLOTS = 8;

  /** Sets {@code key} (not null); returns the array to keep (a new one if it had to grow). */
  static Object[] put(Object[] kv, String key, Object value) {
    if (kv == null) {
      kv = new Object[INITIAL_SLOTS];
    }
    int i = 0;
    for (; i < kv.length; i += 2) {
      Object k = kv[i];
      if (k == null) {
        break;
      }
      if (k == key || (k.hashCode() == key.hashCode() && k.equals(key))) {
        kv[i + 1] = value;
        return kv;
      }
    }
    if (i == kv.length) {
      kv = Arrays.copyOf(kv, kv.length * 2);
    }
    kv[i] = key;
    kv[i + 1] = value;
    return kv;
  }

  /**
   * A copy of the entries with flat values (values that are not strings, numbers or booleans are
   * kept as their text), built outside any lock because reading the map runs the caller's code.
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
