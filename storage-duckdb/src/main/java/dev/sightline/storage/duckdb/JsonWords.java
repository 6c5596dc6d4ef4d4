package dev.sightline.storage.duckdb;

import dev.sightline.server.storage.QuerySemantics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * The words of JSON texts as a Lucene token stream, read straight from the JSON: the words of
 * {@link QuerySemantics#words} applied to {@link QuerySemantics#searchText}, i.e. maximal runs of
 * letters and digits (UTF-16 chars, so a surrogate pair separates words) of the decoded string
 * values and of the numbers, lower-cased in the root locale; object keys and the literals
 * {@code true}, {@code false}, {@code null} are left out. Words longer than {@link #MAX_WORD}
 * chars are cut into pieces (Lucene refuses terms over 32766 UTF-8 bytes).
 *
 * <p>One pass over the text and no intermediate strings: this is the hot loop of indexing. The
 * texts must be valid JSON (stored values are validated on the way in). Not thread-safe; reusable
 * for document after document through {@link #setTexts}.
 */
final class JsonWords extends TokenStream {
  static final int MAX_WORD = 5000;

  private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
  private final List<String> texts = new ArrayList<>(2);
  private int textIndex;
  private String json = "";
  private int pos;
  /** Per open bracket: whether it is an object (else an array). */
  private boolean[] objects = new boolean[16];
  private int depth;
  private boolean expectKey;
  /** The decoded value being split into words. */
  private char[] value = new char[256];
  private int valueLength;
  private int valuePos;

  /** The JSON texts of the next document; nulls are skipped. */
  void setTexts(String... jsons) {
    if (value.length > 1 << 16) {
      value = new char[256]; // let a huge text's buffer go
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
  }

  @Override
  public boolean incrementToken() {
    clearAttributes();
    while (true) {
      if (nextWord()) {
        return true;
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

  /** Emits the next word of the current value, if it has one left. */
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
    if (ascii) {
      char[] out = term.resizeBuffer(valuePos - start);
      for (int i = start; i < valuePos; i++) {
        char c = value[i];
        out[i - start] = c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
      }
      term.setLength(valuePos - start);
    } else {
      // String's rules for non-ASCII words, which may even change the length.
      term.append(new String(value, start, valuePos - start).toLowerCase(Locale.ROOT));
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
        if (!key) {
          readString();
          return true;
        }
        skipString();
      } else if (c == '-' || (c >= '0' && c <= '9')) {
        readNumber();
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

  private void readNumber() {
    while (pos < json.length() && "+-.0123456789eE".indexOf(json.charAt(pos)) >= 0) {
      append(json.charAt(pos++));
    }
  }

  private void readString() {
    pos++;
    while (true) {
      char c = json.charAt(pos++);
      if (c == '"') {
        return;
      }
      if (c != '\\') {
        append(c);
        continue;
      }
      char e = json.charAt(pos++);
      switch (e) {
        case 'n': append('\n'); break;
        case 't': append('\t'); break;
        case 'r': append('\r'); break;
        case 'b': append('\b'); break;
        case 'f': append('\f'); break;
        case 'u':
          append((char) Integer.parseInt(json, pos, pos + 4, 16));
          pos += 4;
          break;
        default: append(e); // \" \\ \/
      }
    }
  }

  private void skipString() {
    pos++;
    while (true) {
      char c = json.charAt(pos++);
      if (c == '"') {
        return;
      }
      if (c == '\\') {
        pos++;
      }
    }
  }

  private void append(char c) {
    if (valueLength == value.length) {
      value = Arrays.copyOf(value, valueLength * 2);
    }
    value[valueLength++] = c;
  }

  private static boolean isWordChar(char c) {
    if (c < 0x80) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }
    return Character.isLetterOrDigit(c);
  }
}
