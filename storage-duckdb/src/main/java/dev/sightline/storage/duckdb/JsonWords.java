package dev.sightline.storage.duckdb;

import dev.sightline.server.storage.QuerySemantics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.BytesTermAttribute;
import org.apache.lucene.util.BytesRef;

/**
 * The distinct words of a document's JSON texts as a Lucene token stream, read straight from the
 * JSON: the words of {@link QuerySemantics#words} applied to {@link QuerySemantics#searchText},
 * i.e. maximal runs of letters and digits (UTF-16 chars, so a surrogate pair separates words) of
 * the decoded string values and of the numbers, lower-cased in the root locale; object keys and
 * the literals {@code true}, {@code false}, {@code null} are left out. Words longer than
 * {@link #MAX_WORD} chars are cut into pieces (Lucene refuses terms over 32766 UTF-8 bytes).
 *
 * <p>This is the hot loop of indexing, so it avoids the usual analysis chain: one pass over the
 * text, terms handed over as UTF-8 bytes, and each word only once per document (the index records
 * which documents hold a word, not how often). The texts must be valid JSON (stored values are
 * validated on the way in). Not thread-safe; reusable for document after document through
 * {@link #setTexts}.
 */
final class JsonWords extends TokenStream {
  static final int MAX_WORD = 5000;

  private final BytesTermAttribute term = addAttribute(BytesTermAttribute.class);
  private final BytesRef termRef = new BytesRef();
  private final WordSet seen = new WordSet();
  private final List<String> texts = new ArrayList<>(2);
  private int textIndex;
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

  /** The JSON texts of the next document; nulls are skipped. */
  void setTexts(String... jsons) {
    if (value.length > 1 << 16) {
      value = new char[1024]; // let a huge text's buffer go
    }
    texts.clear();
    for (String j : jsons) {
      if (j != null) {
        texts.add(j);
      }
    }
  }

  @Override
  public void reset() {
    textIndex = 0;
    json = "";
    pos = 0;
    depth = 0;
    expectKey = false;
    valueLength = 0;
    valuePos = 0;
    seen.clear();
  }

  @Override
  public boolean incrementToken() {
    clearAttributes();
    while (true) {
      while (nextWord()) {
        if (seen.add(termRef)) {
          term.setBytesRef(termRef);
          return true;
        }
      }
      while (!nextValue()) {
        if (textIndex == texts.size()) {
          return false;
        }
        json = texts.get(textIndex++);
        pos = 0;
        depth = 0;
        expectKey = false;
      }
    }
  }

  /** Puts the next word of the current value into {@link #termRef}, if it has one left. */
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
      termRef.bytes = ensure(termRef.bytes, length);
      for (int i = 0; i < length; i++) {
        char c = value[start + i];
        termRef.bytes[i] = (byte) (c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
      }
      termRef.length = length;
    } else {
      // String's rules for non-ASCII words, which may even change the length.
      termRef.bytes = new String(value, start, length).toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8);
      termRef.length = termRef.bytes.length;
    }
    termRef.offset = 0;
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
