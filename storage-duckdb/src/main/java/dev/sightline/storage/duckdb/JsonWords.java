package dev.sightline.storage.duckdb;

import dev.sightline.server.storage.QuerySemantics;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * The words of a document's JSON texts, read straight from the JSON: the words of
 * {@link QuerySemantics#words} applied to {@link QuerySemantics#searchText}, i.e. maximal runs of
 * letters and digits (UTF-16 chars, so a surrogate pair separates words) of the decoded string
 * values and of the numbers, lower-cased in the root locale; object keys and the literals
 * {@code true}, {@code false}, {@code null} are left out. Words longer than {@link #MAX_WORD}
 * chars are cut into pieces, so that no term of the index is unbounded.
 *
 * <p>This is the hot loop of indexing: one pass over the text, words handed over as UTF-8 bytes
 * without making a String (the index drops repeats: it records which documents hold a word, not
 * how often). The texts must be valid JSON (stored values are validated on the way in). Not
 * thread-safe; reusable for document after document.
 */
final class JsonWords {
  static final int MAX_WORD = 5000;

  /** Receives each word of a document, in order, repeats included. */
  @FunctionalInterface
  interface Sink {
    /** The word's lower-cased UTF-8 bytes are {@code bytes[0, length)}; only valid during the call. */
    void word(byte[] bytes, int length);
  }

  private byte[] term = new byte[64];
  private int termLength;
  private String json = "";
  private int pos;
  /** Per open bracket: whether it is an object (else an array). */
  private boolean[] objects = new boolean[16];
  private int depth;
  private boolean expectKey;
  /** The decoded value being split into words. */
  private char[] value = new char[1024];
  private int valueLength;
  private int valuePos;

  /** Hands every word of one document, made of these JSON texts (nulls are skipped), to the sink. */
  void words(Sink sink, String... jsons) {
    for (String text : jsons) {
      if (text == null) {
        continue;
      }
      json = text;
      pos = 0;
      depth = 0;
      expectKey = false;
      while (nextValue()) {
        while (nextWord()) {
          sink.word(term, termLength);
        }
      }
    }
    json = "";
    if (value.length > 1 << 16) {
      value = new char[1024]; // let a huge text's buffer go
    }
  }

  /** Puts the next word of the current value into {@link #term}, if it has one left. */
  private boolean nextWord() {
    while (valuePos < valueLength && !isWordChar(value[valuePos])) {
      valuePos++;
    }
    if (valuePos == valueLength) {
      return false;
    }
    int start = valuePos;
    boolean ascii = true;
    while (valuePos < valueLength && valuePos - start < MAX_WORD && isWordChar(value[valuePos])) {
      ascii &= value[valuePos] < 0x80;
      valuePos++;
    }
    int length = valuePos - start;
    if (ascii) {
      term = ensure(term, length);
      for (int i = 0; i < length; i++) {
        char c = value[start + i];
        term[i] = (byte) (c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
      }
      termLength = length;
    } else {
      // String's rules for non-ASCII words, which may even change the length.
      byte[] utf8 = new String(value, start, length).toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8);
      term = ensure(term, utf8.length);
      System.arraycopy(utf8, 0, term, 0, utf8.length);
      termLength = utf8.length;
    }
    return true;
  }

  /** Scans the JSON to the next string value or number and decodes it; false at the end. */
  private boolean nextValue() {
    valueLength = 0;
    valuePos = 0;
    while (pos < json.length()) {
      char c = json.charAt(pos);
      if (c == '"') {
        boolean key = expectKey;
        expectKey = false;
        int end = endOfString(pos + 1);
        if (!key) {
          readString(pos + 1, end);
          pos = end + 1;
          return true;
        }
        pos = end + 1;
      } else if (c == '-' || (c >= '0' && c <= '9')) {
        int end = pos;
        while (end < json.length() && "+-.0123456789eE".indexOf(json.charAt(end)) >= 0) {
          end++;
        }
        copy(pos, end);
        pos = end;
        return true;
      } else {
        structure(c);
        pos++;
      }
    }
    return false;
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

  /** The index of the quote that closes the string whose first char is at {@code from}. */
  private int endOfString(int from) {
    int i = from;
    while (json.charAt(i) != '"') {
      i += json.charAt(i) == '\\' ? 2 : 1;
    }
    return i;
  }

  /** Decodes the string between its quotes into the value buffer. */
  private void readString(int from, int end) {
    int backslash = json.indexOf('\\', from);
    if (backslash < 0 || backslash >= end) {
      copy(from, end);
      return;
    }
    value = ensure(value, end - from);
    for (int i = from; i < end; ) {
      char c = json.charAt(i++);
      if (c != '\\') {
        value[valueLength++] = c;
        continue;
      }
      char e = json.charAt(i++);
      switch (e) {
        case 'n': value[valueLength++] = '\n'; break;
        case 't': value[valueLength++] = '\t'; break;
        case 'r': value[valueLength++] = '\r'; break;
        case 'b': value[valueLength++] = '\b'; break;
        case 'f': value[valueLength++] = '\f'; break;
        case 'u':
          value[valueLength++] = (char) Integer.parseInt(json, i, i + 4, 16);
          i += 4;
          break;
        default: value[valueLength++] = e; // \" \\ \/
      }
    }
  }

  private void copy(int from, int end) {
    value = ensure(value, end - from);
    json.getChars(from, end, value, 0);
    valueLength = end - from;
  }

  private static char[] ensure(char[] buffer, int length) {
    return buffer.length >= length ? buffer : new char[Math.max(length, buffer.length * 2)];
  }

  private static byte[] ensure(byte[] buffer, int length) {
    return buffer.length >= length ? buffer : new byte[Math.max(length, buffer.length * 2)];
  }

  private static boolean isWordChar(char c) {
    if (c < 0x80) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }
    return Character.isLetterOrDigit(c);
  }
}
