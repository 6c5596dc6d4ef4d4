package dev.sightline.core.storage;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Where a page ended: the sort value and id of its last row. Encoded as an opaque URL-safe token.
 *
 * @param value the sort value of the last row returned (timestamps and counts are exact in a double)
 * @param id the id of the last row returned (trace id, span id, session id ...)
 */
public record Cursor(double value, String id) {

  public String encode() {
    String plain = value + "\n" + id;
    return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Reads a token made by {@link #encode()}.
   *
   * @throws IllegalArgumentException if the token is not one
   */
  public static Cursor decode(String token) {
    try {
      String plain = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      int nl = plain.indexOf('\n');
      return new Cursor(Double.parseDouble(plain.substring(0, nl)), plain.substring(nl + 1));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("cursor: not a cursor returned by this API");
    }
  }
}
