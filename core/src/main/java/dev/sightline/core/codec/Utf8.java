package dev.sightline.core.codec;

import java.nio.charset.StandardCharsets;

/**
 * Strict UTF-8 for the bytes of a request, where the JSON parser is lenient: Jackson decodes
 * overlong forms ({@code C1 81} as {@code A}, {@code C0 80} as NUL) and sequences past U+10FFFF in
 * the strings it returns, and does not check encoded surrogates ({@code ED A0 80}) in values it
 * skips; the JDK's {@code new String(bytes, UTF_8)} replaces whatever is malformed with U+FFFD.
 * Well-formed means Unicode's table 3-7: shortest form, no surrogates, at most U+10FFFF. Stateless.
 */
public final class Utf8 {
  public static final String INVALID = "not valid UTF-8";

  /** Whether {@code b[from, to)} is well-formed UTF-8. */
  public static boolean isWellFormed(byte[] b, int from, int to) {
    int i = from;
    while (i < to) {
      int c = b[i];
      if (c >= 0) {
        i++; // ASCII, by far the most common: one comparison per byte
        continue;
      }
      c &= 0xFF;
      if (c < 0xC2 || c > 0xF4) {
        return false; // a continuation byte first, an overlong 2-byte lead (C0, C1), or past U+10FFFF
      }
      int n = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
      if (to - i < n) {
        return false;
      }
      int second = b[i + 1] & 0xFF;
      // The second byte's range rules out overlong 3- and 4-byte forms, surrogates and > U+10FFFF.
      int low = c == 0xE0 ? 0xA0 : c == 0xF0 ? 0x90 : 0x80;
      int high = c == 0xED ? 0x9F : c == 0xF4 ? 0x8F : 0xBF;
      if (second < low || second > high) {
        return false;
      }
      for (int k = 2; k < n; k++) {
        if ((b[i + k] & 0xC0) != 0x80) {
          return false;
        }
      }
      i += n;
    }
    return true;
  }

  /**
   * Decodes {@code b[offset, offset + length)}.
   *
   * @param known whether the bytes are known to be well-formed already
   * @throws IllegalArgumentException {@value #INVALID} if the bytes are not well-formed
   */
  static String decode(byte[] b, int offset, int length, boolean known) {
    // The JDK's decoding is the fastest there is; it marks what it could not decode with U+FFFD,
    // which well-formed input may hold too, so only then are the bytes checked.
    String s = new String(b, offset, length, StandardCharsets.UTF_8);
    if (!known && s.indexOf('\uFFFD') >= 0 && !isWellFormed(b, offset, offset + length)) {
      throw new IllegalArgumentException(INVALID);
    }
    return s;
  }

  private Utf8() {}
}
