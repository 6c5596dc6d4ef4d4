package dev.sightline.internal;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Random identifiers in the formats of the data model: 128-bit trace ids and 64-bit span ids,
 * never all zero, kept as longs and written as lowercase hex only when needed (on the exporter
 * thread). ThreadLocalRandom is enough: ids must be unique, not unpredictable.
 */
public final class Ids {
  private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  /** A random non-zero 64-bit id. */
  public static long randomNonZero() {
    long id;
    do {
      id = ThreadLocalRandom.current().nextLong();
    } while (id == 0);
    return id;
  }

  /** A random UUID (version 4) as text, for generated reference ids. */
  public static String uuid() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    long hi = (r.nextLong() & ~0xF000L) | 0x4000L;
    long lo = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new java.util.UUID(hi, lo).toString();
  }

  /** Writes {@code value} as 16 lowercase hex digits into {@code out} at {@code at}. */
  static void writeHex(long value, byte[] out, int at) {
    for (int i = 15; i >= 0; i--) {
      out[at + i] = HEX[(int) (value & 0xF)];
      value >>>= 4;
    }
  }

  /** {@code value} as 16 lowercase hex digits. */
  public static String hex(long value) {
    byte[] b = new byte[16];
    writeHex(value, b, 0);
    return new String(b, java.nio.charset.StandardCharsets.US_ASCII);
  }

  private Ids() {}
}
