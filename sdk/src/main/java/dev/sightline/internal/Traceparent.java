package dev.sightline.internal;

/**
 * A W3C Trace Context {@code traceparent} header ({@code version-traceid-parentid-flags}, e.g.
 * {@code 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01}): parsed strictly, written in
 * version 00. Immutable.
 *
 * @param traceHigh the trace id's first 64 bits
 * @param traceLow its last 64 bits
 * @param parentSpanId the caller's span id, never 0
 * @param sampled the {@code sampled} flag
 */
public record Traceparent(long traceHigh, long traceLow, long parentSpanId, boolean sampled) {
  private static final int LENGTH = 55;

  /**
   * Parses a header value (surrounding blanks allowed, as HTTP strips them). Version 00 must be
   * exactly 55 characters; a later version may append {@code -...}, which is ignored, as the
   * specification asks; version {@code ff}, upper-case hex and all-zero ids are invalid.
   *
   * @return null if the value is null or not a valid traceparent
   */
  public static Traceparent parse(String header) {
    if (header == null) {
      return null;
    }
    String h = header.strip();
    if (h.length() < LENGTH || h.charAt(2) != '-' || h.charAt(35) != '-' || h.charAt(52) != '-'
        || !isHex(h, 0, 2) || h.startsWith("ff")) {
      return null;
    }
    if (h.startsWith("00") ? h.length() != LENGTH : h.length() > LENGTH && h.charAt(LENGTH) != '-') {
      return null;
    }
    if (!isHex(h, 3, 35) || !isHex(h, 36, 52) || !isHex(h, 53, 55)) {
      return null;
    }
    long high = Long.parseUnsignedLong(h, 3, 19, 16);
    long low = Long.parseUnsignedLong(h, 19, 35, 16);
    long parent = Long.parseUnsignedLong(h, 36, 52, 16);
    if (high == 0 && low == 0 || parent == 0) {
      return null;
    }
    return new Traceparent(high, low, parent, (Integer.parseInt(h, 53, 55, 16) & 1) == 1);
  }

  /** The version-00 header of a span. */
  public static String format(long traceHigh, long traceLow, long spanId, boolean sampled) {
    return "00-" + Ids.hex(traceHigh) + Ids.hex(traceLow) + "-" + Ids.hex(spanId) + (sampled ? "-01" : "-00");
  }

  private static boolean isHex(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
        return false;
      }
    }
    return true;
  }
}
