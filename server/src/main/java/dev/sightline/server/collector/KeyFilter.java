package dev.sightline.server.collector;

import dev.sightline.core.model.RowKey;
import java.util.ArrayList;
import java.util.List;

/**
 * A Bloom filter of the keys in storage, so that the loader asks storage for existing rows only
 * when a key may already be there. Most rows are new (a span is usually sent once, when it ends),
 * and a lookup costs a scan on columnar backends. No false negatives; about 1% false positives.
 *
 * <p>Grows by chaining filters of doubling capacity, so it never saturates. A filter's size is a
 * power of two bits, so that a probe's bit is a mask, not a 64-bit division (seven per key and
 * filter were a tenth of the loader's time). Not thread-safe: the loader thread owns it.
 */
final class KeyFilter {
  private static final int PROBES = 7;
  private static final double BITS_PER_KEY = 9.6;

  private final List<long[]> filters = new ArrayList<>();
  private long capacity;
  private long count;

  KeyFilter(long initialCapacity) {
    this.capacity = Math.max(1024, initialCapacity);
    filters.add(new long[words(capacity)]);
  }

  void add(RowKey key) {
    if (count == capacity) {
      capacity *= 2;
      count = 0;
      filters.add(new long[words(capacity)]);
    }
    long[] bits = filters.get(filters.size() - 1);
    long h = hash(key);
    long mask = bits.length * 64L - 1;
    long step = h >>> 32 | 1;
    for (int i = 0; i < PROBES; i++) {
      long bit = (h + i * step) & mask;
      bits[(int) (bit >>> 6)] |= 1L << bit;
    }
    count++;
  }

  boolean mightContain(RowKey key) {
    long h = hash(key);
    long step = h >>> 32 | 1;
    for (long[] bits : filters) {
      long mask = bits.length * 64L - 1;
      boolean all = true;
      for (int i = 0; i < PROBES && all; i++) {
        long bit = (h + i * step) & mask;
        all = (bits[(int) (bit >>> 6)] & (1L << bit)) != 0;
      }
      if (all) {
        return true;
      }
    }
    return false;
  }

  /** The power of two of at least {@value #BITS_PER_KEY} bits per key, in 64-bit words. */
  private static int words(long keys) {
    long words = (long) (keys * BITS_PER_KEY) / 64 + 1;
    return (int) Math.min(1 << 30, Long.highestOneBit(words - 1) << 1);
  }

  /**
   * The key's table and its parts' {@link String#hashCode}s (cached by each string, and already
   * computed by the loader's maps), combined and mixed to 64 bits. Distinct keys whose parts'
   * 32-bit hashes collide only add false positives.
   */
  private static long hash(RowKey key) {
    long h = key.table().sqlName().hashCode();
    for (String part : key.parts()) {
      h = (h + (part == null ? 0x5bd1e995 : part.hashCode())) * 0x9e3779b97f4a7c15L;
      h ^= h >>> 29;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }
}
