package dev.sightline.server.usage;

import com.knuddels.jtokkit.api.Encoding;

/**
 * OpenAI's {@code o200k_base} and {@code cl100k_base} token counts, exactly as jtokkit's
 * {@code countTokensOrdinary} gives them (special tokens' texts count as ordinary text), several
 * times faster: pieces come from {@link PieceSplitter} instead of jtokkit's regex or scanner, and
 * are merged with the encoding's ranks ({@link BytePairRanks}, which remembers the counts of
 * recent pieces that are not one token), read from jtokkit's own {@code .tiktoken} resources on
 * first use (~5 MB of heap for {@code o200k_base}, ~2.5 MB for {@code cl100k_base}).
 * {@code TiktokenEncodingTest} checks the counts against jtokkit's. Thread-safe.
 */
enum TiktokenEncoding {
  O200K_BASE("o200k_base", false) {
    @Override
    int pieceEnd(String text, int start) {
      return PieceSplitter.o200kEnd(text, start);
    }
  },
  CL100K_BASE("cl100k_base", true) {
    @Override
    int pieceEnd(String text, int start) {
      return PieceSplitter.cl100kEnd(text, start);
    }
  };

  private final String encodingName;
  /** jtokkit encodes a lone surrogate as 3 bytes for cl100k_base, as {@code ?} for the others. */
  private final boolean loneSurrogateAsThreeBytes;
  private volatile BytePairRanks ranks;

  TiktokenEncoding(String encodingName, boolean loneSurrogateAsThreeBytes) {
    this.encodingName = encodingName;
    this.loneSurrogateAsThreeBytes = loneSurrogateAsThreeBytes;
  }

  /** The encoding's name, as tiktoken calls it. */
  String encodingName() {
    return encodingName;
  }

  abstract int pieceEnd(String text, int start);

  /** The number of tokens of {@code text}. */
  int count(String text) {
    BytePairRanks ranks = ranks();
    byte[] utf8 = new byte[64];
    int tokens = 0;
    for (int start = 0; start < text.length(); ) {
      int end = pieceEnd(text, start);
      if (utf8.length < 3 * (end - start)) {
        utf8 = new byte[3 * (end - start)];
      }
      tokens += ranks.count(utf8, encode(text, start, end, utf8));
      start = end;
    }
    return tokens;
  }

  private BytePairRanks ranks() {
    BytePairRanks loaded = ranks;
    if (loaded == null) {
      synchronized (this) {
        loaded = ranks;
        if (loaded == null) {
          ranks = loaded = BytePairRanks.load(Encoding.class, "/com/knuddels/jtokkit/" + encodingName + ".tiktoken");
        }
      }
    }
    return loaded;
  }

  /**
   * Writes {@code text[from..to)} as UTF-8 into {@code out} (at least 3 bytes per UTF-16 unit) and
   * returns its length; a lone surrogate becomes {@code ?} (as {@code String.getBytes} makes it) or
   * its 3 bytes.
   */
  private int encode(String text, int from, int to, byte[] out) {
    int n = 0;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        out[n++] = (byte) c;
      } else if (c < 0x800) {
        out[n++] = (byte) (0xC0 | c >> 6);
        out[n++] = (byte) (0x80 | c & 0x3F);
      } else if (Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(text.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, text.charAt(++i));
        out[n++] = (byte) (0xF0 | cp >> 18);
        out[n++] = (byte) (0x80 | cp >> 12 & 0x3F);
        out[n++] = (byte) (0x80 | cp >> 6 & 0x3F);
        out[n++] = (byte) (0x80 | cp & 0x3F);
      } else if (Character.isSurrogate(c) && !loneSurrogateAsThreeBytes) {
        out[n++] = '?';
      } else {
        out[n++] = (byte) (0xE0 | c >> 12);
        out[n++] = (byte) (0x80 | c >> 6 & 0x3F);
        out[n++] = (byte) (0x80 | c & 0x3F);
      }
    }
    return n;
  }
}
