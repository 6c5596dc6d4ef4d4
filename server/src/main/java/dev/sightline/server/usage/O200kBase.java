package dev.sightline.server.usage;

import com.knuddels.jtokkit.api.Encoding;

/**
 * Counts tokens of OpenAI's {@code o200k_base} encoding, exactly as jtokkit's
 * {@code countTokensOrdinary} does (special tokens' texts count as ordinary text), several times
 * faster: pieces come from {@link O200kSplitter} instead of jtokkit's regex, and are encoded with
 * the encoding's ranks ({@link BytePairRanks}), read from jtokkit's own {@code o200k_base.tiktoken}
 * on first use (~2 MB on the heap, against jtokkit's ~30 MB of maps). {@code TokenCounterTest}
 * checks the counts against jtokkit's. Stateless and thread-safe.
 */
final class O200kBase {
  static final String NAME = "o200k_base";

  private O200kBase() {}

  /** The number of tokens of {@code text}. */
  static int count(String text) {
    BytePairRanks ranks = Ranks.O200K;
    byte[] utf8 = new byte[64];
    int tokens = 0;
    for (int start = 0; start < text.length(); ) {
      int end = O200kSplitter.pieceEnd(text, start);
      if (utf8.length < 3 * (end - start)) {
        utf8 = new byte[3 * (end - start)];
      }
      tokens += ranks.count(utf8, encode(text, start, end, utf8));
      start = end;
    }
    return tokens;
  }

  /**
   * Writes {@code text[from..to)} as UTF-8 into {@code out} (at least 3 bytes per UTF-16 unit) and
   * returns its length; a lone surrogate becomes {@code ?}, as {@code String.getBytes} makes it.
   */
  private static int encode(String text, int from, int to, byte[] out) {
    int n = 0;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        out[n++] = (byte) c;
      } else if (c < 0x800) {
        out[n++] = (byte) (0xC0 | c >> 6);
        out[n++] = (byte) (0x80 | c & 0x3F);
      } else if (!Character.isSurrogate(c)) {
        out[n++] = (byte) (0xE0 | c >> 12);
        out[n++] = (byte) (0x80 | c >> 6 & 0x3F);
        out[n++] = (byte) (0x80 | c & 0x3F);
      } else if (Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(text.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, text.charAt(++i));
        out[n++] = (byte) (0xF0 | cp >> 18);
        out[n++] = (byte) (0x80 | cp >> 12 & 0x3F);
        out[n++] = (byte) (0x80 | cp >> 6 & 0x3F);
        out[n++] = (byte) (0x80 | cp & 0x3F);
      } else {
        out[n++] = '?';
      }
    }
    return n;
  }

  /** Loaded on first use. */
  private static final class Ranks {
    static final BytePairRanks O200K = BytePairRanks.load(Encoding.class, "/com/knuddels/jtokkit/o200k_base.tiktoken");
  }
}
