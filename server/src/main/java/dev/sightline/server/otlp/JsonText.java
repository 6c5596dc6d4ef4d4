package dev.sightline.server.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sightline.core.codec.NativeDecoder;
import java.util.HexFormat;
import java.util.Map;

/**
 * JSON text handled as text, without a Jackson tree: strings written with the escapes Jackson's
 * generator writes, and JSON carried in a string attribute brought to the compact form that
 * {@link AnyValues#parse} then {@code toString()} would give ({@link #compact}), in one pass that
 * copies nothing when the text is compact already. Stateless and thread-safe.
 */
final class JsonText {
  /**
   * Longest text {@link #compact} takes on: far above what a JSON column holds, and far below
   * Jackson's limits on a document and its strings, which a longer text is left to meet.
   */
  static final int MAX_TEXT = 4 << 20;
  /** Longest object key {@link #compact} takes on (Jackson's limit on names is far higher). */
  private static final int MAX_KEY = 1000;
  /** Most keys of one object {@link #compact} checks for repeats (each against all before it). */
  private static final int MAX_KEYS = 64;
  /** Longest number {@link #compact} takes on (Jackson's limit is 1000 digits). */
  private static final int MAX_NUMBER = 100;
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  /**
   * Appends a string as a JSON string, escaped as Jackson writes it: quote, backslash and the
   * control characters below U+0020 ({@code \b \t \n \f \r} by name, the others as
   * {@code \}{@code u00XX} in upper-case hex); every other character as it is.
   */
  static void appendString(StringBuilder out, String s) {
    out.append('"');
    int from = 0;
    for (int i = 0, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == '"' || c == '\\') {
        out.append(s, from, i);
        appendEscaped(out, c);
        from = i + 1;
      }
    }
    out.append(s, from, s.length()).append('"');
  }

  /**
   * A tree's compact JSON, as {@link JsonNode#toString()} writes it, but without Jackson's writer,
   * whose set-up for each call costs more than printing the small objects the conventions build
   * (metadata, model parameters): objects, arrays, strings, booleans, null and integers of a long
   * are written here, other numbers by Jackson.
   */
  static String print(JsonNode node) {
    StringBuilder out = new StringBuilder(64);
    appendTree(out, node);
    return out.toString();
  }

  private static void appendTree(StringBuilder out, JsonNode node) {
    switch (node.getNodeType()) {
      case OBJECT:
        char separator = '{';
        for (Map.Entry<String, JsonNode> e : node.properties()) {
          appendString(out.append(separator), e.getKey());
          appendTree(out.append(':'), e.getValue());
          separator = ',';
        }
        out.append(separator == '{' ? "{}" : "}");
        return;
      case ARRAY:
        out.append('[');
        for (int i = 0; i < node.size(); i++) {
          appendTree(i == 0 ? out : out.append(','), node.get(i));
        }
        out.append(']');
        return;
      case STRING:
        appendString(out, node.textValue());
        return;
      case BOOLEAN:
        out.append(node.booleanValue());
        return;
      case NULL:
        out.append("null");
        return;
      default:
        if (node.isInt() || node.isLong()) {
          out.append(node.longValue());
        } else {
          out.append(node.toString());
        }
    }
  }

  /** Jackson's escape of a character that needs one (quote, backslash, control). */
  private static void appendEscaped(StringBuilder out, char c) {
    out.append('\\');
    switch (c) {
      case '"':
      case '\\':
        out.append(c);
        return;
      case '\b':
        out.append('b');
        return;
      case '\t':
        out.append('t');
        return;
      case '\n':
        out.append('n');
        return;
      case '\f':
        out.append('f');
        return;
      case '\r':
        out.append('r');
        return;
      default:
        out.append("u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
    }
  }

  /**
   * The compact JSON of a text that holds JSON, exactly as {@code AnyValues.parse(text).toString()}
   * writes it (no whitespace, escapes as Jackson writes them, floating-point numbers as Java
   * prints a double), or null when this cannot vouch for that: text that is not JSON, and JSON
   * whose tree Jackson builds or prints in ways not copied here (a key that repeats or holds an
   * escape, an unpaired surrogate, {@code -0}, a float beyond a double, nesting near the limit,
   * very long text, keys or numbers). The caller then goes through Jackson, which decides.
   *
   * @return the text itself when it is compact already (nothing copied); the text {@code null} for
   *     the JSON null
   */
  static String compact(String text) {
    if (text.length() > MAX_TEXT) {
      return null;
    }
    return new Compactor(text).run();
  }

  /**
   * One pass over the text: checks its syntax and copies it to {@code out} with the changes, and
   * only from the first change on (before it, the output is the text itself).
   */
  private static final class Compactor {
    private final String in;
    private final int length;
    private int pos;
    /** Null while the output is {@code in[0, copied)}; the output so far after that. */
    private StringBuilder out;
    /** Where the input not yet copied to {@code out} starts. */
    private int copied;
    /** Start and end (past the closing quote) of the keys of the objects being read, innermost last. */
    private int[] keys;
    private int keyCount;
    /** The first backslash at or after where a string's text was last searched for one; length if none. */
    private int backslash = -1;

    Compactor(String in) {
      this.in = in;
      this.length = in.length();
    }

    String run() {
      skipWhitespace();
      if (!value(0)) {
        return null;
      }
      skipWhitespace();
      if (pos != length) {
        return null;
      }
      if (out == null) {
        return in;
      }
      return out.append(in, copied, length).toString();
    }

    /** Reads the value at {@code pos}, inside {@code depth} arrays and objects. */
    private boolean value(int depth) {
      if (pos >= length) {
        return false;
      }
      char c = in.charAt(pos);
      switch (c) {
        case '{':
          return depth + 1 < NativeDecoder.MAX_DEPTH && object(depth + 1);
        case '[':
          return depth + 1 < NativeDecoder.MAX_DEPTH && array(depth + 1);
        case '"':
          return string();
        case 't':
          return literal("true");
        case 'f':
          return literal("false");
        case 'n':
          return literal("null");
        default:
          return (c == '-' || c >= '0' && c <= '9') && number();
      }
    }

    private boolean object(int depth) {
      pos++;
      skipWhitespace();
      if (peek() == '}') {
        pos++;
        return true;
      }
      int base = keyCount;
      try {
        while (true) {
          if (!key(base)) {
            return false;
          }
          skipWhitespace();
          if (peek() != ':') {
            return false;
          }
          pos++;
          skipWhitespace();
          if (!value(depth)) {
            return false;
          }
          skipWhitespace();
          char c = peek();
          pos++;
          if (c == '}') {
            return true;
          }
          if (c != ',') {
            return false;
          }
          skipWhitespace();
        }
      } finally {
        keyCount = base;
      }
    }

    private boolean array(int depth) {
      pos++;
      skipWhitespace();
      if (peek() == ']') {
        pos++;
        return true;
      }
      while (true) {
        if (!value(depth)) {
          return false;
        }
        skipWhitespace();
        char c = peek();
        pos++;
        if (c == ']') {
          return true;
        }
        if (c != ',') {
          return false;
        }
        skipWhitespace();
      }
    }

    /**
     * Reads a key of the object whose keys start at {@code keys[base]}: plain characters only (no
     * escape, control or surrogate, so that its text is its name), and none the object had before.
     */
    private boolean key(int base) {
      if (peek() != '"') {
        return false;
      }
      int start = pos + 1;
      int i = start;
      for (; i < length; i++) {
        char c = in.charAt(i);
        if (c == '"') {
          break;
        }
        if (c < 0x20 || c == '\\' || Character.isSurrogate(c)) {
          return false;
        }
      }
      int size = i - start;
      if (i == length || size > MAX_KEY || keyCount - base >= 2 * MAX_KEYS) {
        return false;
      }
      for (int k = base; k < keyCount; k += 2) {
        if (keys[k + 1] - keys[k] == size && in.regionMatches(keys[k], in, start, size)) {
          return false; // Jackson keeps the last value, at the first one's place
        }
      }
      if (keys == null) {
        keys = new int[16];
      } else if (keyCount + 2 > keys.length) {
        keys = java.util.Arrays.copyOf(keys, keys.length * 2);
      }
      keys[keyCount++] = start;
      keys[keyCount++] = i;
      pos = i + 1;
      return true;
    }

    private boolean string() {
      int i = pos + 1;
      while (true) {
        int quote = in.indexOf('"', i);
        if (quote < 0) {
          return false;
        }
        if (backslash < i) {
          backslash = in.indexOf('\\', i);
          if (backslash < 0) {
            backslash = length;
          }
        }
        int end = Math.min(quote, backslash);
        if (!isPlain(i, end)) {
          return false;
        }
        if (end == quote) {
          pos = quote + 1;
          return true;
        }
        i = escape(end);
        if (i < 0) {
          return false;
        }
      }
    }

    /**
     * Whether {@code in[from, to)}, inside a string, holds neither a control character (not
     * allowed raw in JSON) nor an unpaired surrogate.
     */
    private boolean isPlain(int from, int to) {
      for (int i = from; i < to; i++) {
        char c = in.charAt(i);
        // One comparison for the usual characters: those below U+0020 wrap around to above.
        if ((char) (c - 0x20) >= (char) (Character.MIN_SURROGATE - 0x20)) {
          if (c < 0x20 || Character.isLowSurrogate(c)) {
            return false;
          }
          if (Character.isHighSurrogate(c)) {
            if (i + 1 == to || !Character.isLowSurrogate(in.charAt(i + 1))) {
              return false;
            }
            i++;
          }
        }
      }
      return true;
    }

    /**
     * Reads the escape at {@code at} (a backslash), replacing it by what Jackson writes for its
     * character if that differs; returns where the escape ends, or -1 if it is not one Jackson
     * reads, or one of an unpaired surrogate.
     */
    private int escape(int at) {
      if (at + 1 == length) {
        return -1;
      }
      switch (in.charAt(at + 1)) {
        case '"':
        case '\\':
        case 'b':
        case 't':
        case 'n':
        case 'f':
        case 'r':
          return at + 2;
        case '/':
          replace(at, at + 2).append('/');
          return at + 2;
        case 'u':
          break;
        default:
          return -1;
      }
      int c = hex4(at + 2);
      if (c < 0 || Character.isLowSurrogate((char) c)) {
        return -1;
      }
      if (Character.isHighSurrogate((char) c)) {
        int low = at + 12 <= length && in.charAt(at + 6) == '\\' && in.charAt(at + 7) == 'u' ? hex4(at + 8) : -1;
        if (low < 0 || !Character.isLowSurrogate((char) low)) {
          return -1;
        }
        replace(at, at + 12).append((char) c).append((char) low);
        return at + 12;
      }
      StringBuilder b = replace(at, at + 6);
      if (c < 0x20 || c == '"' || c == '\\') {
        appendEscaped(b, (char) c);
      } else {
        b.append((char) c);
      }
      return at + 6;
    }

    /** The four hex digits at {@code at} (ASCII only, as JSON has them), or -1. */
    private int hex4(int at) {
      if (at + 4 > length) {
        return -1;
      }
      for (int k = at; k < at + 4; k++) {
        if (!HexFormat.isHexDigit(in.charAt(k))) {
          return -1;
        }
      }
      return HexFormat.fromHexDigits(in, at, at + 4);
    }

    /** Reads a number as JSON writes one; a float as Java prints the double it reads as. */
    private boolean number() {
      int start = pos;
      int i = pos;
      if (in.charAt(i) == '-') {
        i++;
      }
      if (i < length && in.charAt(i) == '0') {
        i++;
      } else {
        int digits = i;
        i = digits(i);
        if (i == digits) {
          return false;
        }
      }
      boolean integer = true;
      if (i < length && in.charAt(i) == '.') {
        integer = false;
        int digits = i + 1;
        i = digits(digits);
        if (i == digits) {
          return false;
        }
      }
      if (i < length && (in.charAt(i) == 'e' || in.charAt(i) == 'E')) {
        integer = false;
        i++;
        if (i < length && (in.charAt(i) == '+' || in.charAt(i) == '-')) {
          i++;
        }
        int digits = i;
        i = digits(digits);
        if (i == digits) {
          return false;
        }
      }
      if (i - start > MAX_NUMBER) {
        return false;
      }
      pos = i;
      if (integer) {
        // Jackson writes the digits of an integer as read, but -0 as 0.
        return !(i - start == 2 && in.startsWith("-0", start));
      }
      double d = Double.parseDouble(in.substring(start, i));
      if (!Double.isFinite(d)) {
        return false; // Jackson writes it as the string "Infinity"
      }
      String printed = Double.toString(d);
      if (printed.length() != i - start || !in.startsWith(printed, start)) {
        replace(start, i).append(printed);
      }
      return true;
    }

    private int digits(int i) {
      while (i < length && in.charAt(i) >= '0' && in.charAt(i) <= '9') {
        i++;
      }
      return i;
    }

    private boolean literal(String word) {
      if (!in.startsWith(word, pos)) {
        return false;
      }
      pos += word.length();
      return true;
    }

    private char peek() {
      return pos < length ? in.charAt(pos) : 0;
    }

    private void skipWhitespace() {
      int i = pos;
      while (i < length) {
        char c = in.charAt(i);
        if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
          break;
        }
        i++;
      }
      if (i > pos) {
        replace(pos, i);
        pos = i;
      }
    }

    /** Drops {@code in[from, to)} from the output; returns the output, to append its replacement. */
    private StringBuilder replace(int from, int to) {
      if (out == null) {
        out = new StringBuilder(length);
      }
      out.append(in, copied, from);
      copied = to;
      return out;
    }
  }

  private JsonText() {}
}
