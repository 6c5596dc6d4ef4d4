package dev.sightline.core.codec;

/**
 * What text may hold beyond being well-formed UTF-8 ({@link Utf8}): no NUL (U+0000), which
 * storage and the UI handle badly and no trace needs, and no unpaired surrogate, which is not
 * Unicode (JSON can still write one as an escape, backslash-u-D800, and Jackson decodes it into the
 * string).
 * Stateless.
 */
final class TextRules {
  static final String NUL = "must not contain NUL (U+0000)";
  static final String SURROGATE = "must not contain an unpaired surrogate such as \\ud800 (not valid Unicode)";

  /** The problem of a decoded string, or null if it has none. */
  static String chars(String s) {
    for (int i = 0, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      if (c == 0) {
        return NUL;
      }
      if (Character.isSurrogate(c)) {
        if (!Character.isHighSurrogate(c) || i + 1 == n || !Character.isLowSurrogate(s.charAt(i + 1))) {
          return SURROGATE;
        }
        i++;
      }
    }
    return null;
  }

  /**
   * The problem of the backslash-u escapes of valid JSON text (NUL, or a surrogate escape
   * not paired with the other half as the next escape), or null. Looks only at backslashes, which
   * in valid JSON occur in strings only and always start an escape.
   */
  static String escapes(String json) {
    for (int i = json.indexOf('\\'); i >= 0; ) {
      if (json.charAt(i + 1) != 'u') {
        i = json.indexOf('\\', i + 2); // also steps over an escaped backslash
        continue;
      }
      int c = hex4(json, i + 2);
      if (c == 0) {
        return NUL;
      }
      if (Character.isLowSurrogate((char) c)) {
        return SURROGATE;
      }
      if (Character.isHighSurrogate((char) c)) {
        if (i + 12 > json.length() || json.charAt(i + 6) != '\\' || json.charAt(i + 7) != 'u'
            || !Character.isLowSurrogate((char) hex4(json, i + 8))) {
          return SURROGATE;
        }
        i += 6; // the low half is checked as paired
      }
      i = json.indexOf('\\', i + 6);
    }
    return null;
  }

  /** The four hex digits at {@code at}, or -1 (which no check matches) if they are not. */
  private static int hex4(String s, int at) {
    if (at + 4 > s.length()) {
      return -1;
    }
    int v = 0;
    for (int k = at; k < at + 4; k++) {
      int d = Character.digit(s.charAt(k), 16);
      if (d < 0) {
        return -1;
      }
      v = v << 4 | d;
    }
    return v;
  }

  private TextRules() {}
}
