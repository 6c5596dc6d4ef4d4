package dev.sightline.internal;

import java.util.Arrays;
import java.util.Map;

/**
 * Flat attributes (string to string, number or boolean) in one array of alternating keys and
 * values: spans usually carry a handful, and a linear scan over a small array is cheaper to fill
 * than a hash map. Not thread-safe: guarded by the owning handle.
 */
final class Attributes {
  private Object[] kv = new Object[8];
  private int size;

  void put(String key, Object value) {
    for (int i = 0; i < size; i += 2) {
      if (kv[i].equals(key)) {
        kv[i + 1] = value;
        return;
      }
    }
    if (size == kv.length) {
      kv = Arrays.copyOf(kv, size * 2);
    }
    kv[size++] = key;
    kv[size++] = value;
  }

  /** Adds entries; values that are not strings, numbers or booleans are kept as their text. */
  void putAll(Map<String, ?> entries) {
    for (Map.Entry<String, ?> e : entries.entrySet()) {
      if (e.getKey() != null) {
        put(e.getKey(), flat(e.getValue()));
      }
    }
  }

  private static Object flat(Object v) {
    return v == null || v instanceof Number || v instanceof Boolean || v instanceof String ? v
        : String.valueOf(v);
  }

  void write(JsonWriter out) {
    out.beginObject();
    for (int i = 0; i < size; i += 2) {
      out.name((String) kv[i]).value(kv[i + 1]);
    }
    out.endObject();
  }
}
