package dev.sightline.server.usage;

/**
 * Splits text into the pieces that OpenAI's encodings encode one by one, as jtokkit's
 * pre-tokenizers do, with a scanner of its own instead of a regex engine (jtokkit's
 * {@code o200k_base}, which splits with a regex, took five to eight times as long as its
 * {@code cl100k_base}, which scans: BENCHMARKS.md, issue 13).
 *
 * <p>{@code o200k_base} ({@link #o200kEnd}) splits as its pattern does in jtokkit, a
 * {@code java.util.regex} pattern compiled with {@code UNICODE_CHARACTER_CLASS}; its seven
 * alternatives, tried in this order at each position with the regex engine's backtracking, are:
 * <ol>
 *   <li>an optional prefix (not a letter, digit, CR or LF), then upper-case-like letters, then at
 *       least one lower-case-like letter, then an optional contraction ({@code 's 't 're 've 'm
 *       'll 'd}, any case);
 *   <li>the same with at least one upper-case-like letter and any lower-case-like ones;
 *   <li>one to three digits ({@code \p{N}});
 *   <li>an optional space, then characters that are neither whitespace, letters nor digits, then
 *       any CRs, LFs and slashes;
 *   <li>whitespace up to and including its last CR or LF;
 *   <li>whitespace not followed by a non-whitespace character (a run before a word leaves its last
 *       character to the word);
 *   <li>whitespace.
 * </ol>
 * "Upper-case-like" is {@code Lu Lt Lm Lo M}, "lower-case-like" {@code Ll Lm Lo M} (general
 * categories of {@link Character#getType(int)}); whitespace is Unicode's {@code White_Space}.
 *
 * <p>{@code cl100k_base} ({@link #cl100kEnd}) splits as jtokkit's hand-written scanner for it does:
 * a contraction ({@code 's 'd 't 'm 'll 've 're}, any case, and {@code 'ſ}); an optional prefix
 * (as above) kept only if letters ({@code \p{L}}, marks are not letters here) follow, then the
 * letters; one to three digits; then alternatives 4 to 7 above, without slashes in 4.
 *
 * <p>Positions are UTF-16 indexes; surrogate pairs are one character, lone surrogates are neither
 * letters, digits nor whitespace. Stateless and thread-safe.
 */
final class PieceSplitter {
  private static final int UPPERISH = 1;
  private static final int LOWERISH = 2;
  private static final int LETTER = 4;
  private static final int DIGIT = 8;
  private static final int SPACE = 16;
  /** The classes of the characters of the Basic Multilingual Plane, by character. */
  private static final byte[] BMP = new byte[0x10000];

  static {
    for (int c = 0; c < BMP.length; c++) {
      BMP[c] = (byte) classify(c);
    }
  }

  private PieceSplitter() {}

  /**
   * The end (exclusive UTF-16 index) of the {@code o200k_base} piece that starts at {@code start}.
   *
   * @param start an index below {@code text.length()}, at the end of the previous piece (or 0)
   */
  static int o200kEnd(String text, int start) {
    int end = letters(text, start, true);
    if (end < 0) {
      end = letters(text, start, false);
    }
    if (end < 0) {
      end = digits(text, start);
    }
    if (end < 0) {
      end = symbols(text, start, true);
    }
    if (end < 0) {
      end = whitespace(text, start);
    }
    return end;
  }

  /**
   * The end (exclusive UTF-16 index) of the {@code cl100k_base} piece that starts at {@code start}.
   *
   * @param start an index below {@code text.length()}, at the end of the previous piece (or 0)
   */
  static int cl100kEnd(String text, int start) {
    int end = cl100kContraction(text, start);
    if (end < 0) {
      end = cl100kLetters(text, start);
    }
    if (end < 0) {
      end = digits(text, start);
    }
    if (end < 0) {
      end = symbols(text, start, false);
    }
    if (end < 0) {
      end = whitespace(text, start);
    }
    return end;
  }

  /** {@code '(?i:[sdtm]|ll|ve|re)}, and {@code 'ſ}, as jtokkit matches them; -1 if none. */
  private static int cl100kContraction(String s, int start) {
    if (s.charAt(start) != '\'' || start + 1 >= s.length()) {
      return -1;
    }
    char first = s.charAt(start + 1);
    if ("sdtmSDTMſ".indexOf(first) >= 0) {
      return start + 2;
    }
    if (start + 2 >= s.length()) {
      return -1;
    }
    char second = Character.toUpperCase(s.charAt(start + 2));
    switch (Character.toUpperCase(first)) {
      case 'L':
        return second == 'L' ? start + 3 : -1;
      case 'V':
      case 'R':
        return second == 'E' ? start + 3 : -1;
      default:
        return -1;
    }
  }

  /** {@code [^\r\n\p{L}\p{N}]?+\p{L}+}: the prefix is never given back; -1 if it does not match. */
  private static int cl100kLetters(String s, int start) {
    int c = s.codePointAt(start);
    int from = start;
    if ((classOf(c) & LETTER) == 0) {
      if (c == '\r' || c == '\n' || (classOf(c) & DIGIT) != 0) {
        return -1;
      }
      from += Character.charCount(c);
    }
    int end = run(s, from, LETTER);
    return end == from ? -1 : end;
  }

  /** Alternatives 1 ({@code lowerLast}) and 2: tried with the prefix first, then without; -1 if neither matches. */
  private static int letters(String s, int start, boolean lowerLast) {
    int c = s.codePointAt(start);
    if (c != '\r' && c != '\n' && (classOf(c) & (LETTER | DIGIT)) == 0) {
      int end = lowerLast ? upperThenLower(s, start + Character.charCount(c)) : upperAndLower(s, start + Character.charCount(c));
      if (end >= 0) {
        return end;
      }
    }
    return lowerLast ? upperThenLower(s, start) : upperAndLower(s, start);
  }

  /** {@code U*W+C?} at {@code from}: U* gives characters back until W+ can start. */
  private static int upperThenLower(String s, int from) {
    int upper = run(s, from, UPPERISH);
    if (upper < s.length() && is(s, upper, LOWERISH)) {
      return contraction(s, run(s, upper, LOWERISH));
    }
    // The character at `upper` is not lower-case-like: the last upper-case-like one that is also
    // lower-case-like (Lm Lo M) becomes W+, alone, since the ones after it are not.
    for (int k = upper; k > from; ) {
      k -= Character.charCount(s.codePointBefore(k));
      if (is(s, k, LOWERISH)) {
        return contraction(s, k + Character.charCount(s.codePointAt(k)));
      }
    }
    return -1;
  }

  /** {@code U+W*C?} at {@code from}. */
  private static int upperAndLower(String s, int from) {
    int upper = run(s, from, UPPERISH);
    return upper == from ? -1 : contraction(s, run(s, upper, LOWERISH));
  }

  /** {@code (?i:'s|'t|'re|'ve|'m|'ll|'d)?} at {@code at}: where it ends (at {@code at} if none). */
  private static int contraction(String s, int at) {
    int n = s.length();
    if (at + 1 >= n || s.charAt(at) != '\'') {
      return at;
    }
    switch (fold(s.charAt(at + 1))) {
      case 's':
      case 't':
      case 'm':
      case 'd':
        return at + 2;
      case 'r':
      case 'v':
        return at + 2 < n && fold(s.charAt(at + 2)) == 'e' ? at + 3 : at;
      case 'l':
        return at + 2 < n && fold(s.charAt(at + 2)) == 'l' ? at + 3 : at;
      default:
        return at;
    }
  }

  /** A UTF-16 unit as the regex engine compares it case-insensitively (Unicode case): ſ is s, K is k. */
  private static int fold(char c) {
    return Character.toLowerCase(Character.toUpperCase(c));
  }

  /** Alternative 3: {@code \p{N}{1,3}}. */
  private static int digits(String s, int start) {
    int end = start;
    for (int i = 0; i < 3 && end < s.length() && is(s, end, DIGIT); i++) {
      end += Character.charCount(s.codePointAt(end));
    }
    return end == start ? -1 : end;
  }

  /** Alternative 4: {@code  ?[^\s\p{L}\p{N}]+[\r\n/]*}, or {@code [\r\n]*} at its end without {@code slashes}. */
  private static int symbols(String s, int start, boolean slashes) {
    int from = s.charAt(start) == ' ' ? start + 1 : start;
    if (from >= s.length() || (classOf(s.codePointAt(from)) & (SPACE | LETTER | DIGIT)) != 0) {
      return -1; // a space is not a symbol, so without the optional space it fails too
    }
    int end = from;
    while (end < s.length() && (classOf(s.codePointAt(end)) & (SPACE | LETTER | DIGIT)) == 0) {
      end += Character.charCount(s.codePointAt(end));
    }
    while (end < s.length() && (s.charAt(end) == '\r' || s.charAt(end) == '\n' || slashes && s.charAt(end) == '/')) {
      end++;
    }
    return end;
  }

  /** Alternatives 5, 6 and 7; every character that reaches them is whitespace. */
  private static int whitespace(String s, int start) {
    int end = run(s, start, SPACE);
    if (end == start) {
      throw new IllegalStateException("no piece matches at " + start); // every class is covered above
    }
    for (int k = end; k > start; ) { // 5: \s*[\r\n]+ ends after the run's last CR or LF
      k -= Character.charCount(s.codePointBefore(k));
      char c = s.charAt(k);
      if (c == '\r' || c == '\n') {
        return k + 1;
      }
    }
    if (end == s.length()) {
      return end; // 6 at the end of the text
    }
    int beforeLast = end - Character.charCount(s.codePointBefore(end));
    return beforeLast > start ? beforeLast : end; // 6 leaves the last one to what follows; else 7
  }

  /** Where the run of characters of class {@code cls} that starts at {@code from} ends. */
  private static int run(String s, int from, int cls) {
    int i = from;
    int n = s.length();
    while (i < n) {
      char ch = s.charAt(i);
      if (!Character.isSurrogate(ch)) {
        if ((BMP[ch] & cls) == 0) {
          break;
        }
        i++;
      } else {
        int c = s.codePointAt(i);
        if ((classOf(c) & cls) == 0) {
          break;
        }
        i += Character.charCount(c);
      }
    }
    return i;
  }

  private static boolean is(String s, int at, int cls) {
    return (classOf(s.codePointAt(at)) & cls) != 0;
  }

  private static int classOf(int c) {
    return c < 0x10000 ? BMP[c] : classify(c);
  }

  private static int classify(int c) {
    switch (Character.getType(c)) {
      case Character.UPPERCASE_LETTER:
      case Character.TITLECASE_LETTER:
        return LETTER | UPPERISH;
      case Character.LOWERCASE_LETTER:
        return LETTER | LOWERISH;
      case Character.MODIFIER_LETTER:
      case Character.OTHER_LETTER:
        return LETTER | UPPERISH | LOWERISH;
      case Character.NON_SPACING_MARK:
      case Character.ENCLOSING_MARK:
      case Character.COMBINING_SPACING_MARK:
        return UPPERISH | LOWERISH;
      case Character.DECIMAL_DIGIT_NUMBER:
      case Character.LETTER_NUMBER:
      case Character.OTHER_NUMBER:
        return DIGIT;
      case Character.SPACE_SEPARATOR:
      case Character.LINE_SEPARATOR:
      case Character.PARAGRAPH_SEPARATOR:
        return SPACE;
      default:
        return (c >= 0x9 && c <= 0xd) || c == 0x85 ? SPACE : 0;
    }
  }
}
