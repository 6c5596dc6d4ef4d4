package dev.sightline.bench;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A request body built once with placeholder trace ids, plus where each id goes and which trace of
 * the batch it belongs to, so a request costs one array copy and a few id writes: generating load
 * takes almost no CPU away from the server under test. Its timestamps may move with the trace
 * numbers ({@link #spreadInTime}), so that a load's traces arrive in time order as an
 * application's do, instead of every batch repeating the template's minute. Immutable and
 * thread-safe.
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
  /** Where the timestamps are that {@link #body} moves: 16 decimal digits (HEX) or 8 bytes (BINARY). */
  private final int[] times;
  private final long gapMicros;
  private final long baseTrace;

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
    this.times = new int[0];
    this.gapMicros = 0;
    this.baseTrace = 0;
  }

  private BodyTemplate(BodyTemplate template, int[] times, long gapMicros, long baseTrace) {
    this.bytes = template.bytes;
    this.encoding = template.encoding;
    this.offsets = template.offsets;
    this.traceIndexes = template.traceIndexes;
    this.traces = template.traces;
    this.times = times;
    this.gapMicros = gapMicros;
    this.baseTrace = baseTrace;
  }

  /**
   * This template with its timestamps moved by {@code gapMicros} per trace number: the body of
   * traces {@code n..} is the template's {@code (n - baseTrace) * gapMicros} later. The timestamps are the values
   * within {@code [fromMicros, fromMicros + windowMicros)}: JSON numbers of 16 digits (epoch
   * microseconds) or, in protobuf, the span start and end fields (fixed64 epoch nanoseconds).
   */
  BodyTemplate spreadInTime(long fromMicros, long windowMicros, long gapMicros, long baseTrace) {
    List<Integer> found = new ArrayList<>();
    if (encoding == IdEncoding.HEX) {
      for (int at = 0; at + 16 <= bytes.length; at++) {
        if (digits(at) == 16 && (at == 0 || !isDigit(bytes[at - 1]))) {
          long v = Long.parseLong(new String(bytes, at, 16, StandardCharsets.US_ASCII));
          if (v >= fromMicros && v - fromMicros < windowMicros) {
            found.add(at);
          }
          at += 15;
        }
      }
    } else {
      for (int at = 0; at + 9 <= bytes.length; at++) {
        // Span fields 7 and 8 (start_time_unix_nano, end_time_unix_nano), wire type 1 (fixed64).
        if (bytes[at] == 0x39 || bytes[at] == 0x41) {
          long micros = ByteBuffer.wrap(bytes, at + 1, 8).order(ByteOrder.LITTLE_ENDIAN).getLong() / 1000;
          if (micros >= fromMicros && micros - fromMicros < windowMicros) {
            found.add(at + 1);
            at += 8;
          }
        }
      }
    }
    return new BodyTemplate(this, found.stream().mapToInt(Integer::intValue).toArray(), gapMicros, baseTrace);
  }

  /** How many timestamps {@link #body} moves. */
  int timestamps() {
    return times.length;
  }

  private int digits(int at) {
    int n = 0;
    while (at + n < bytes.length && isDigit(bytes[at + n])) {
      n++;
    }
    return n;
  }

  private static boolean isDigit(byte b) {
    return b >= '0' && b <= '9';
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
    long shift = (firstTrace - baseTrace) * gapMicros;
    for (int at : times) {
      if (encoding == IdEncoding.HEX) {
        long v = Long.parseLong(new String(body, at, 16, StandardCharsets.US_ASCII));
        byte[] moved = Long.toString(v + shift).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(moved, 0, body, at, 16);
      } else {
        ByteBuffer field = ByteBuffer.wrap(body, at, 8).order(ByteOrder.LITTLE_ENDIAN);
        field.putLong(at, field.getLong(at) + shift * 1000);
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
