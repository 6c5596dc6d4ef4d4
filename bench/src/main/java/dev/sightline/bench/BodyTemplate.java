package dev.sightline.bench;

import java.util.Arrays;

/**
 * A request body built once with placeholder trace ids, plus where each id goes and which trace of
 * the batch it belongs to, so a request costs one array copy and a few id writes: generating load
 * takes almost no CPU away from the server under test. Immutable and thread-safe.
 */
final class BodyTemplate {
  /** How a trace id is written into the body. */
  enum IdEncoding {
    /** 32 lowercase hex characters, as in JSON. */
    HEX,
    /** 16 raw bytes, as in protobuf. */
    BINARY
  }

  private final byte[] bytes;
  private final IdEncoding encoding;
  private final int[] offsets;
  private final int[] traceIndexes;
  private final int traces;

  /**
   * @param offsets where each trace id starts in {@code bytes}
   * @param traceIndexes for each offset, the trace (0-based, within the batch) whose id goes there
   */
  BodyTemplate(byte[] bytes, IdEncoding encoding, int[] offsets, int[] traceIndexes) {
    if (offsets.length != traceIndexes.length) {
      throw new IllegalArgumentException("one trace index per offset");
    }
    this.bytes = bytes;
    this.encoding = encoding;
    this.offsets = offsets;
    this.traceIndexes = traceIndexes;
    this.traces = Arrays.stream(traceIndexes).max().orElse(-1) + 1;
  }

  int traces() {
    return traces;
  }

  /** A body whose traces get ids {@code prefix + firstTrace .. firstTrace + traces() - 1}. */
  byte[] body(int prefix, long firstTrace) {
    byte[] body = bytes.clone();
    for (int i = 0; i < offsets.length; i++) {
      long n = firstTrace + traceIndexes[i];
      if (encoding == IdEncoding.HEX) {
        writeHex(body, offsets[i], prefix, n);
      } else {
        writeBinary(body, offsets[i], prefix, n);
      }
    }
    return body;
  }

  /** The trace id of trace number {@code n} of a run with this prefix: 8 hex digits, then 24. */
  static String traceId(int prefix, long n) {
    return String.format("%08x%024x", prefix, n);
  }

  private static void writeHex(byte[] body, int at, int prefix, long n) {
    writeHexDigits(body, at, prefix & 0xffffffffL, 8);
    writeHexDigits(body, at + 8, n, 24);
  }

  private static void writeHexDigits(byte[] body, int at, long value, int digits) {
    for (int i = digits - 1; i >= 0; i--) {
      body[at + i] = (byte) Character.forDigit((int) (value & 0xf), 16);
      value >>>= 4;
    }
  }

  // The same id as writeHex: 4 bytes of prefix, then n as a 12-byte big-endian number.
  private static void writeBinary(byte[] body, int at, int prefix, long n) {
    writeBigEndian(body, at, prefix & 0xffffffffL, 4);
    writeBigEndian(body, at + 4, 0, 4);
    writeBigEndian(body, at + 8, n, 8);
  }

  private static void writeBigEndian(byte[] body, int at, long value, int length) {
    for (int i = length - 1; i >= 0; i--) {
      body[at + i] = (byte) value;
      value >>>= 8;
    }
  }
}
