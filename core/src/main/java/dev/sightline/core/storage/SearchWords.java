package dev.sightline.core.storage;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * The one definition of the words full-text search matches: maximal runs of letters and digits
 * ({@link Character#isLetterOrDigit}, on UTF-16 chars, so a surrogate pair separates words),
 * lower-cased in the root locale, cut into pieces of at most {@link #MAX_WORD} chars so that no
 * term of an index is unbounded. The words of a stored JSON text are those of its decoded string
 * values and of its numbers; object keys and the literals {@code true}, {@code false} and
 * {@code null} are left out. A query's words are those of its plain text ({@link #text}).
 *
 * <p>This is the hot loop of indexing, so it reads each char once, from a char array the text is
 * copied into (one bulk copy instead of a bounds-checked {@code charAt} per char): it walks the
 * JSON, decodes string values as it goes, and builds each ASCII word's lower-cased bytes (one
 * table lookup per char) and their FNV-1a hash in the same step, in local variables; a word with
 * other chars falls back to {@link String}'s lower-casing, which may change its length. Repeats are
 * handed over too. JSON texts must be valid (stored values are validated on the way in); an
 * invalid one yields some words and no exception. Not thread-safe; reusable for document after
 * document.
 */
public final class SearchWords {
  /** The longest word, in chars; a longer run is handed over in pieces. */
  public static final int MAX_WORD = 5000;
  private static final long FNV_PRIME = 0x100000001b3L;
  /** Per ASCII char: its lower-cased byte if it is a letter or digit, else 0 (a separator). */
  private static final byte[] ASCII = new byte[128];

  static {
    for (char c = '0'; c <= '9'; c++) {
      ASCII[c] = (byte) c;
    }
    for (char c = 'a'; c <= 'z'; c++) {
      ASCII[c] = (byte) c;
      ASCII[c - 'a' + 'A'] = (byte) c;
    }
  }

  /** Receives each word, in order, repeats included. */
  @FunctionalInterface
  public interface Sink {
    /**
     * The word's lower-cased UTF-8 bytes are {@code bytes[0, length)} (only valid during the
     * call); {@code fnv} is their 64-bit FNV-1a hash started from the seed given ({@link #fnv}).
     */
    void word(byte[] bytes, int length, long fnv);
  }

  private Sink sink;
  private long seed;
  /** The text being read. */
  private char[] text = new char[0];
  /** Per open bracket: whether it is an object (else an array). */
  private boolean[] objects = new boolean[16];
  /**
   * The word being read: its lower-cased bytes while it is ASCII, else its chars. Both hold at
   * least {@code min(MAX_WORD, text length)} (no word is longer), so the loop checks no bounds;
   * they grow with the texts, so a short-lived instance (a query's) stays small.
   */
  private byte[] bytes = new byte[0];
  private char[] chars = new char[0];

  /**
   * Hands every word of one document, made of these JSON texts (nulls are skipped), to the sink.
   *
   * @param seed the FNV-1a state the words' hashes start from (a backend may seed per project)
   */
  public void json(long seed, Sink sink, String... jsons) {
    this.seed = seed;
    this.sink = sink;
    try {
      for (String json : jsons) {
        if (json != null) {
          scan(load(json), json.length());
        }
      }
    } finally {
      finish();
    }
  }

  /** Hands every word of a plain text (a query), to the sink. */
  public void text(long seed, Sink sink, String text) {
    this.seed = seed;
    this.sink = sink;
    try {
      words(load(text), 0, text.length(), false);
    } finally {
      finish();
    }
  }

  /** The 64-bit FNV-1a hash of {@code bytes[0, length)} started from {@code seed}. */
  public static long fnv(long seed, byte[] bytes, int length) {
    long h = seed;
    for (int i = 0; i < length; i++) {
      h = (h ^ (bytes[i] & 0xff)) * FNV_PRIME;
    }
    return h;
  }

  /** Copies the text into {@link #text}, which it returns. */
  private char[] load(String s) {
    int n = s.length();
    if (n > text.length) {
      text = new char[Math.max(n, Math.min(text.length * 2, 1 << 20))];
    }
    if (Math.min(n, MAX_WORD) > bytes.length) {
      bytes = new byte[Math.min(Math.max(n, bytes.length * 2), MAX_WORD)];
    }
    s.getChars(0, n, text, 0);
    return text;
  }

  private void finish() {
    sink = null;
    if (text.length > 1 << 20) {
      text = new char[0]; // let a huge text's buffer go
    }
  }

  private void scan(char[] s, int n) {
    int depth = 0;
    boolean expectKey = false;
    for (int pos = 0; pos < n; ) {
      char c = s[pos];
      if (c == '"') {
        if (expectKey) {
          expectKey = false;
          pos = skipString(s, pos + 1, n);
        } else {
          pos = words(s, pos + 1, n, true);
        }
      } else if (c == '-' || (c >= '0' && c <= '9')) {
        int end = pos;
        while (end < n && isNumberChar(s[end])) {
          end++;
        }
        pos = words(s, pos, end, false);
      } else {
        switch (c) {
          case '{':
          case '[':
            if (depth == objects.length) {
              objects = Arrays.copyOf(objects, depth * 2);
            }
            objects[depth++] = c == '{';
            expectKey = c == '{';
            break;
          case '}':
          case ']':
            depth--;
            expectKey = false;
            break;
          case ',':
            expectKey = depth > 0 && objects[depth - 1];
            break;
          default:
            break; // ':', whitespace and the letters of true, false, null
        }
        pos++;
      }
    }
  }

  /**
   * Hands over the words of {@code s[from, end)}: if {@code json}, of a JSON string's chars (escapes
   * decoded) up to its closing quote; else of the chars as they are. Returns the index after the
   * closing quote (or {@code end}).
   */
  private int words(char[] s, int from, int end, boolean json) {
    final byte[] ascii = ASCII;
    final byte[] bytes = this.bytes;
    final long seed = this.seed;
    int i = from;
    int length = 0;
    long hash = seed;
    boolean other = false; // the word has a non-ASCII char: its chars are in this.chars
    while (i < end) {
      char c = s[i++];
      if (json) {
        if (c == '"') {
          break;
        }
        if (c == '\\') {
          char e = s[i++];
          switch (e) {
            case 'n': c = '\n'; break;
            case 't': c = '\t'; break;
            case 'r': c = '\r'; break;
            case 'b': c = '\b'; break;
            case 'f': c = '\f'; break;
            case 'u':
              c = (char) hex4(s, i);
              i += 4;
              break;
            default: c = e; // \" \\ \/
          }
        }
      }
      if (c < 0x80) {
        byte b = ascii[c];
        if (b == 0) {
          if (length > 0) {
            emit(length, hash, other);
            length = 0;
            hash = seed;
            other = false;
          }
          continue;
        }
        if (length == MAX_WORD) {
          emit(length, hash, other);
          length = 0;
          hash = seed;
          other = false;
        }
        if (other) {
          chars[length++] = (char) b;
        } else {
          bytes[length++] = b;
          hash = (hash ^ b) * FNV_PRIME;
        }
      } else if (Character.isLetterOrDigit(c)) {
        if (length == MAX_WORD) {
          emit(length, hash, other);
          length = 0;
          hash = seed;
          other = false;
        }
        if (!other) {
          if (chars.length < bytes.length) {
            chars = new char[bytes.length];
          }
          // The ASCII chars so far, lower-cased already: String's lower-casing of the whole word
          // gives the same result, as no rule depends on whether an ASCII letter was upper case.
          for (int k = 0; k < length; k++) {
            chars[k] = (char) bytes[k];
          }
          other = true;
        }
        chars[length++] = c;
      } else if (length > 0) {
        emit(length, hash, other);
        length = 0;
        hash = seed;
        other = false;
      }
    }
    if (length > 0) {
      emit(length, hash, other);
    }
    return i;
  }

  /** Hands a word to the sink: {@code bytes[0, length)} with its hash, or {@code chars[0, length)}. */
  private void emit(int length, long hash, boolean other) {
    if (!other) {
      sink.word(bytes, length, hash);
    } else {
      // String's rules for non-ASCII words, which may even change the length.
      byte[] utf8 = new String(chars, 0, length).toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8);
      sink.word(utf8, utf8.length, fnv(seed, utf8, utf8.length));
    }
  }

  /** The index after the closing quote of a key. */
  private static int skipString(char[] s, int from, int end) {
    int i = from;
    while (i < end) {
      char c = s[i++];
      if (c == '"') {
        return i;
      }
      if (c == '\\') {
        i++;
      }
    }
    return end;
  }

  /** The value of the four hex digits at {@code s[at]}. */
  private static int hex4(char[] s, int at) {
    int v = 0;
    for (int k = 0; k < 4; k++) {
      v = v << 4 | Character.digit(s[at + k], 16);
    }
    return v;
  }

  private static boolean isNumberChar(char c) {
    return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
  }
}
