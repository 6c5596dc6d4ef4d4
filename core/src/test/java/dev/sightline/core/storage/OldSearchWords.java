package dev.sightline.core.storage;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * The tokenizer as it was before it read words straight from a char array (2026-12-07), kept
 * unchanged as the reference {@code SearchWordsTest} holds {@link SearchWords} to: the same words
 * with the same hashes, in the same order. The rest of this comment is the old class's.
 *
 * <p>The one definition of the words full-text search matches: maximal runs of letters and digits
 * ({@link Character#isLetterOrDigit}, on UTF-16 chars, so a surrogate pair separates words),
 * lower-cased in the root locale, cut into pieces of at most {@link SearchWords#MAX_WORD} chars so that no
 * term of an index is unbounded. The words of a stored JSON text are those of its decoded string
 * values and of its numbers; object keys and the literals {@code true}, {@code false} and
 * {@code null} are left out. A query's words are those of its plain text ({@link SearchWords#text}).
 *
 * <p>This is the hot loop of indexing, so it reads each char once: it walks the JSON, decodes
 * string values as it goes, and builds each ASCII word's lower-cased bytes and their FNV-1a hash in
 * the same step (a word with other chars falls back to {@link String}'s lower-casing, which may
 * change its length). Repeats are handed over too. JSON texts must be valid (stored values are
 * validated on the way in). Not thread-safe; reusable for document after document.
 */
final class OldSearchWords {
  /** The longest word, in chars; a longer run is handed over in pieces. */
  public static final int MAX_WORD = 5000;
  private static final long FNV_PRIME = 0x100000001b3L;

  /** Receives each word, in order, repeats included. */
  @FunctionalInterface
  interface Sink {
    /**
     * The word's lower-cased UTF-8 bytes are {@code bytes[0, length)} (only valid during the
     * call); {@code fnv} is their 64-bit FNV-1a hash started from the seed given ({@link SearchWords#fnv}).
     */
    void word(byte[] bytes, int length, long fnv);
  }
  private Sink sink;
  private long seed;
  private String json = "";
  /** Per open bracket: whether it is an object (else an array). */
  private boolean[] objects = new boolean[16];
  private int depth;
  private boolean expectKey;
  /** The word being read: its chars as they came, and, while they are ASCII, its bytes and hash. */
  private char[] chars = new char[64];
  private byte[] bytes = new byte[64];
  private int length;
  private boolean ascii = true;
  private long hash;

  /**
   * Hands every word of one document, made of these JSON texts (nulls are skipped), to the sink.
   *
   * @param seed the FNV-1a state the words' hashes start from (a backend may seed per project)
   */
  public void json(long seed, Sink sink, String... jsons) {
    start(seed, sink);
    for (String text : jsons) {
      if (text != null) {
        scan(text);
      }
    }
    finish();
  }

  /** Hands every word of a plain text (a query), to the sink. */
  public void text(long seed, Sink sink, String text) {
    start(seed, sink);
    for (int i = 0; i < text.length(); i++) {
      feed(text.charAt(i));
    }
    flush();
    finish();
  }

  /** The 64-bit FNV-1a hash of {@code bytes[0, length)} started from {@code seed}. */
  public static long fnv(long seed, byte[] bytes, int length) {
    long h = seed;
    for (int i = 0; i < length; i++) {
      h = (h ^ (bytes[i] & 0xff)) * FNV_PRIME;
    }
    return h;
  }

  private void start(long seed, Sink sink) {
    this.seed = seed;
    this.sink = sink;
    this.hash = seed;
  }

  private void finish() {
    json = "";
    sink = null;
    if (chars.length > 1 << 16) {
      chars = new char[64]; // let a huge word's buffers go
      bytes = new byte[64];
    }
  }

  private void scan(String text) {
    json = text;
    depth = 0;
    expectKey = false;
    int n = text.length();
    for (int pos = 0; pos < n; ) {
      char c = text.charAt(pos);
      if (c == '"') {
        boolean key = expectKey;
        expectKey = false;
        pos = key ? skipString(pos + 1) : readString(pos + 1);
      } else if (c == '-' || (c >= '0' && c <= '9')) {
        while (pos < n && isNumberChar(c = text.charAt(pos))) {
          feed(c);
          pos++;
        }
        flush();
      } else {
        structure(c);
        pos++;
      }
    }
  }

  /** Reads a string value's words; returns the index after its closing quote. */
  private int readString(int from) {
    String text = json;
    int i = from;
    while (true) {
      char c = text.charAt(i++);
      if (c == '"') {
        flush();
        return i;
      }
      if (c == '\\') {
        char e = text.charAt(i++);
        switch (e) {
          case 'n': c = '\n'; break;
          case 't': c = '\t'; break;
          case 'r': c = '\r'; break;
          case 'b': c = '\b'; break;
          case 'f': c = '\f'; break;
          case 'u':
            c = (char) Integer.parseInt(text, i, i + 4, 16);
            i += 4;
            break;
          default: c = e; // \" \\ \/
        }
      }
      feed(c);
    }
  }

  /** The index after the closing quote of a key. */
  private int skipString(int from) {
    int i = from;
    while (json.charAt(i) != '"') {
      i += json.charAt(i) == '\\' ? 2 : 1;
    }
    return i + 1;
  }

  private void feed(char c) {
    if (c < 0x80) {
      boolean upper = c >= 'A' && c <= 'Z';
      if (!upper && !(c >= 'a' && c <= 'z') && !(c >= '0' && c <= '9')) {
        flush();
        return;
      }
      if (length == MAX_WORD) {
        flush();
      }
      ensureRoom();
      chars[length] = c;
      byte b = (byte) (upper ? c + ('a' - 'A') : c);
      bytes[length++] = b;
      hash = (hash ^ b) * FNV_PRIME;
    } else if (Character.isLetterOrDigit(c)) {
      if (length == MAX_WORD) {
        flush();
      }
      ensureRoom();
      chars[length++] = c;
      ascii = false;
    } else {
      flush();
    }
  }

  /** Hands the word read so far to the sink, if there is one, and starts the next. */
  private void flush() {
    if (length == 0) {
      return;
    }
    if (ascii) {
      sink.word(bytes, length, hash);
    } else {
      // String's rules for non-ASCII words, which may even change the length.
      byte[] utf8 = new String(chars, 0, length).toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8);
      sink.word(utf8, utf8.length, fnv(seed, utf8, utf8.length));
    }
    length = 0;
    ascii = true;
    hash = seed;
  }

  private void ensureRoom() {
    if (length == chars.length) {
      chars = Arrays.copyOf(chars, length * 2);
      bytes = Arrays.copyOf(bytes, length * 2);
    }
  }

  private void structure(char c) {
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
  }

  private static boolean isNumberChar(char c) {
    return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
  }
}
