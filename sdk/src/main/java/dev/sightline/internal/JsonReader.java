package dev.sightline.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses a JSON document into plain Java values: {@code null}, {@link String}, {@link Boolean},
 * {@link Long} (integers that fit) or {@link Double}, unmodifiable {@link List} and {@link Map}
 * (keys in document order). For the server's answers the SDK reads (dataset items); the SDK has
 * no JSON library. Stateless and thread-safe.
 */
public final class JsonReader {
  private static final int MAX_DEPTH = 256;
  private final String text;
  private int at;

  private JsonReader(String text) {
    this.text = text;
  }

  /**
   * The value of a whole document.
   *
   * @throws IllegalArgumentException saying where the text is not JSON
   */
  public static Object parse(String text) {
    JsonReader r = new JsonReader(text);
    Object v = r.value(0);
    r.space();
    if (r.at != text.length()) {
      throw r.error("text after the value");
    }
    return v;
  }

  private Object value(int depth) {
    if (depth > MAX_DEPTH) {
      throw error("nested deeper than " + MAX_DEPTH);
    }
    space();
    if (at >= text.length()) {
      throw error("a value was expected");
    }
    char c = text.charAt(at);
    switch (c) {
      case '{': return object(depth);
      case '[': return array(depth);
      case '"': return string();
      case 't': return word("true", Boolean.TRUE);
      case 'f': return word("false", Boolean.FALSE);
      case 'n': return word("null", null);
      default: return number();
    }
  }

  private Map<String, Object> object(int depth) {
    Map<String, Object> out = new LinkedHashMap<>();
    at++;
    space();
    if (consume('}')) {
      return Collections.unmodifiableMap(out);
    }
    do {
      space();
      if (!peek('"')) {
        throw error("a string key was expected");
      }
      String key = string();
      space();
      expect(':');
      out.put(key, value(depth + 1));
      space();
    } while (consume(','));
    expect('}');
    return Collections.unmodifiableMap(out);
  }

  private List<Object> array(int depth) {
    List<Object> out = new ArrayList<>();
    at++;
    space();
    if (consume(']')) {
      return Collections.unmodifiableList(out);
    }
    do {
      out.add(value(depth + 1));
      space();
    } while (consume(','));
    expect(']');
    return Collections.unmodifiableList(out);
  }

  private String string() {
    at++; // the opening quote
    StringBuilder b = new StringBuilder();
    while (at < text.length()) {
      char c = text.charAt(at++);
      if (c == '"') {
        return b.toString();
      }
      if (c != '\\') {
        b.append(c);
        continue;
      }
      if (at >= text.length()) {
        break;
      }
      char e = text.charAt(at++);
      switch (e) {
        case 'b': b.append('\b'); break;
        case 'f': b.append('\f'); break;
        case 'n': b.append('\n'); break;
        case 'r': b.append('\r'); break;
        case 't': b.append('\t'); break;
        case 'u':
          if (at + 4 > text.length()) {
            throw error("a \\u escape was cut");
          }
          try {
            b.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
          } catch (NumberFormatException x) {
            throw error("a \\u escape is not hex");
          }
          at += 4;
          break;
        default: b.append(e); // \" \\ \/
      }
    }
    throw error("a string was not closed");
  }

  private Object number() {
    int start = at;
    while (at < text.length() && "+-0123456789.eE".indexOf(text.charAt(at)) >= 0) {
      at++;
    }
    String n = text.substring(start, at);
    try {
      if (n.indexOf('.') < 0 && n.indexOf('e') < 0 && n.indexOf('E') < 0) {
        return Long.valueOf(n);
      }
      return Double.valueOf(n);
    } catch (NumberFormatException e) {
      try {
        return Double.valueOf(n); // an integer too large for a long
      } catch (NumberFormatException x) {
        at = start;
        throw error("a value was expected");
      }
    }
  }

  private Object word(String word, Object value) {
    if (!text.startsWith(word, at)) {
      throw error("a value was expected");
    }
    at += word.length();
    return value;
  }

  private void space() {
    while (at < text.length() && " \t\r\n".indexOf(text.charAt(at)) >= 0) {
      at++;
    }
  }

  private boolean peek(char c) {
    return at < text.length() && text.charAt(at) == c;
  }

  private boolean consume(char c) {
    if (at < text.length() && text.charAt(at) == c) {
      at++;
      return true;
    }
    return false;
  }

  private void expect(char c) {
    if (!consume(c)) {
      throw error("'" + c + "' was expected");
    }
  }

  private IllegalArgumentException error(String what) {
    return new IllegalArgumentException("not JSON at character " + at + ": " + what);
  }
}
