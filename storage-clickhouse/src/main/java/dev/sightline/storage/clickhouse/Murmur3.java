package dev.sightline.storage.clickhouse;

import java.nio.charset.StandardCharsets;

/**
 * MurmurHash3's x86 32-bit hash with seed 0 of a string's UTF-8 bytes: what ClickHouse's
 * {@code murmurHash3_32} gives for the same string, so that postings written here
 * ({@link Postings}) and postings or lookups computed in SQL agree. Stateless.
 */
final class Murmur3 {
  private static final int C1 = 0xcc9e2d51;
  private static final int C2 = 0x1b873593;

  private Murmur3() {}

  static int hash32(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    int h = 0;
    int blocks = b.length / 4;
    for (int i = 0; i < blocks; i++) {
      int k = (b[4 * i] & 0xff) | (b[4 * i + 1] & 0xff) << 8 | (b[4 * i + 2] & 0xff) << 16 | (b[4 * i + 3] & 0xff) << 24;
      h ^= mixK(k);
      h = Integer.rotateLeft(h, 13) * 5 + 0xe6546b64;
    }
    int k = 0;
    int tail = blocks * 4;
    switch (b.length & 3) {
      case 3:
        k ^= (b[tail + 2] & 0xff) << 16;
        // fall through
      case 2:
        k ^= (b[tail + 1] & 0xff) << 8;
        // fall through
      case 1:
        k ^= b[tail] & 0xff;
        h ^= mixK(k);
        break;
      default:
        break;
    }
    h ^= b.length;
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    return h ^ (h >>> 16);
  }

  private static int mixK(int k) {
    return Integer.rotateLeft(k * C1, 15) * C2;
  }
}
