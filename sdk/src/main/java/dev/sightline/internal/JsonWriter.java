package dev.sightline.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.UnaryOperator;

/**
 * A small JSON writer straight into a growable UTF-8 byte buffer, with commas placed
 * automatically; strings are escaped and cut to a length without splitting a surrogate pair, and
 * any other Java value is written as {@link JsonValues} describes. Not thread-safe: owned by the
 * exporter thread.
 */
public final class JsonWriter {
  /** What a value becomes when the application's mask fails on it. */
  public static final String MASKING_FAILED = "[MASKING_FAILED]";
  private static final byte[] NULL = {'n', 'u', 'l', 'l'};
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private byte[] buf;
  private int pos;
  private boolean first = true;
  private boolean afterName;
  private int depth;
  private int markPos;
  private boolean markFirst;
  private int markDepth;
  /** The application's masking of free text, or null. */
  private final UnaryOperator<String> mask;
  private boolean masking;

  public JsonWriter(int initialCapacity) {
    this(initialCapacity, null);
  }

  /** @param mask applied to the string values written while {@link #masking(boolean)} is on; null for none */
  public JsonWriter(int initialCapacity, UnaryOperator<String> mask) {
    buf = new byte[Math.max(64, initialCapacity)];
    this.mask = mask;
  }

  /**
   * Turns masking of string values on or off (names are never masked). A mask that throws
   * withholds the value: {@value #MASKING_FAILED} is sent instead, never the unmasked text.
   */
  public JsonWriter masking(boolean on) {
    masking = on && mask != null;
    return this;
  }

  public byte[] array() {
    return buf;
  }

  public int size() {
    return pos;
  }

  /** Remembers the current position, to {@link #rollback()} an item that fails half-written. */
  public void mark() {
    markPos = pos;
    markFirst = first;
    markDepth = depth;
  }

  /** Bytes written since {@link #mark()}. */
  public int sinceMark() {
    return pos - markPos;
  }

  /** Forgets everything written since {@link #mark()}. */
  public void rollback() {
    pos = markPos;
    first = markFirst;
    depth = markDepth;
    afterName = false;
  }

  /** Empties the buffer, keeping its capacity. */
  public void reset() {
    pos = 0;
    first = true;
    afterName = false;
    depth = 0;
  }

  public JsonWriter beginObject() {
    beforeValue();
    depth++;
    put('{');
    first = true;
    return this;
  }

  public JsonWriter endObject() {
    depth--;
    put('}');
    first = false;
    return this;
  }

  public JsonWriter beginArray() {
    beforeValue();
    depth++;
    put('[');
    first = true;
    return this;
  }

  public JsonWriter endArray() {
    depth--;
    put(']');
    first = false;
    return this;
  }

  /** Writes a field name; the next call writes its value. */
  public JsonWriter name(String name) {
    if (!first) {
      put(',');
    }
    first = false;
    writeString(name, Integer.MAX_VALUE);
    put(':');
    afterName = true;
    return this;
  }

  /** Writes a string, cut to {@code maxChars} characters (the server's limit for the field). */
  public JsonWriter value(String s, int maxChars) {
    beforeValue();
    if (masking && s != null) {
      s = masked(s);
    }
    if (s == null) {
      putAll(NULL);
    } else {
      writeString(s, maxChars);
    }
    return this;
  }

  public JsonWriter value(String s) {
    return value(s, Integer.MAX_VALUE);
  }

  public JsonWriter value(long v) {
    beforeValue();
    ensure(20);
    if (v == Long.MIN_VALUE) {
      putAscii(Long.toString(v));
      return this;
    }
    if (v < 0) {
      put('-');
      v = -v;
    }
    int start = pos;
    do {
      buf[pos++] = (byte) ('0' + v % 10);
      v /= 10;
    } while (v != 0);
    for (int i = start, j = pos - 1; i < j; i++, j--) {
      byte t = buf[i];
      buf[i] = buf[j];
      buf[j] = t;
    }
    return this;
  }

  public JsonWriter value(double v) {
    beforeValue();
    if (Double.isFinite(v)) {
      putAscii(Double.toString(v));
    } else {
      putAll(NULL);
    }
    return this;
  }

  public JsonWriter value(boolean v) {
    beforeValue();
    putAscii(v ? "true" : "false");
    return this;
  }

  /** Writes a 16-hex-digit id, or two of them back to back for a 128-bit trace id. */
  public JsonWriter hexId(long high, long low, boolean wide) {
    beforeValue();
    ensure(34);
    put('"');
    if (wide) {
      Ids.writeHex(high, buf, pos);
      pos += 16;
    }
    Ids.writeHex(low, buf, pos);
    pos += 16;
    put('"');
    return this;
  }

  /** Writes any value, as {@link JsonValues} describes. */
  public JsonWriter value(Object v) {
    JsonValues.write(this, v);
    return this;
  }

  /** Writes a number given as its JSON text (an exact decimal). */
  JsonWriter number(String text) {
    beforeValue();
    putAscii(text);
    return this;
  }

  /** How deep the current value is nested in objects and arrays. */
  int depth() {
    return depth;
  }

  private String masked(String s) {
    try {
      String m = mask.apply(s);
      return m == null ? MASKING_FAILED : m;
    } catch (RuntimeException e) {
      return MASKING_FAILED;
    }
  }

  private void beforeValue() {
    if (afterName) {
      afterName = false;
    } else if (!first) {
      put(',');
    }
    first = false;
  }

  private void writeString(String s, int maxChars) {
    int n = Math.min(s.length(), maxChars);
    if (n < s.length() && n > 0 && Character.isHighSurrogate(s.charAt(n - 1))) {
      n--; // never cut a surrogate pair in half
    }
    ensure(n + 2);
    put('"');
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
        if (pos == buf.length) {
          ensure(n - i + 1);
        }
        buf[pos++] = (byte) c;
      } else {
        i = writeSpecial(s, i, c);
      }
    }
    put('"');
  }

  /** Writes an escaped or multi-byte character; returns the index of its last char. */
  private int writeSpecial(String s, int i, char c) {
    ensure(12);
    if (c == '"' || c == '\\') {
      buf[pos++] = '\\';
      buf[pos++] = (byte) c;
    } else if (c < 0x20) {
      escapeControl(c);
    } else if (c < 0x800) {
      buf[pos++] = (byte) (0xC0 | (c >> 6));
      buf[pos++] = (byte) (0x80 | (c & 0x3F));
    } else if (Character.isSurrogate(c)) {
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, s.charAt(i + 1));
        buf[pos++] = (byte) (0xF0 | (cp >> 18));
        buf[pos++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
        buf[pos++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
        buf[pos++] = (byte) (0x80 | (cp & 0x3F));
        return i + 1;
      }
      buf[pos++] = '?'; // a lone surrogate cannot be encoded in UTF-8
    } else {
      buf[pos++] = (byte) (0xE0 | (c >> 12));
      buf[pos++] = (byte) (0x80 | ((c >> 6) & 0x3F));
      buf[pos++] = (byte) (0x80 | (c & 0x3F));
    }
    return i;
  }

  private void escapeControl(char c) {
    buf[pos++] = '\\';
    switch (c) {
      case '\n': buf[pos++] = 'n'; break;
      case '\r': buf[pos++] = 'r'; break;
      case '\t': buf[pos++] = 't'; break;
      case '\b': buf[pos++] = 'b'; break;
      case '\f': buf[pos++] = 'f'; break;
      default:
        buf[pos++] = 'u';
        buf[pos++] = '0';
        buf[pos++] = '0';
        buf[pos++] = HEX[c >> 4];
        buf[pos++] = HEX[c & 0xF];
    }
  }

  private void putAscii(String s) {
    ensure(s.length());
    for (int i = 0; i < s.length(); i++) {
      buf[pos++] = (byte) s.charAt(i);
    }
  }

  private void putAll(byte[] bytes) {
    ensure(bytes.length);
    System.arraycopy(bytes, 0, buf, pos, bytes.length);
    pos += bytes.length;
  }

  private void put(char c) {
    ensure(1);
    buf[pos++] = (byte) c;
  }

  private void ensure(int more) {
    if (pos + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + more));
    }
  }
}
