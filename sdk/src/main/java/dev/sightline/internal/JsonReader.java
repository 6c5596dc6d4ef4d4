package dev.sightline.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a JSON document into plain values: {@code Map<String, Object>} (in document order),
 * {@code List<Object>}, {@code String}, {@code Long} (whole numbers that fit), {@code Double},
 * {@code Boolean} and null. For the server's small answers, so nesting is limited to
 * {@link #MAX_DEPTH}. Stateless between calls; not thread-safe within one.
 */
public final class JsonReader {
  static final int MAX_DEPTH = 64;
  private final String s;
  private int at;

  private JsonReader(String s) {
    this.s = s;
  }

  /**
   * Reads one document.
   *
   * @throws IllegalArgumentException saying where it is not JSON
   */
  public static Object parse(String json) {
    JsonReader r = new JsonReader(json);
    Object v = r.value(0);
    r.space();
    if (r.at != json.length()) {
      throw r.bad("end of document expected");
    }
    return v;
  }

  private Object value(int depth) {
    if (depth > MAX_DEPTH) {
      throw bad("nested deeper than " + MAX_DEPTH);
    }
    space();
    if (at >= s.length()) {
      throw bad("value expected");
    }
    char c = s.charAt(at);
    switch (c) {
      case '{':
        return object(depth);
      case '[':
        return array(depth);
      case '"':
        return string();
      case 't':
        return literal("true", Boolean.TRUE);
      case 'f':
        return literal("false", Boolean.FALSE);
      case 'n':
        return literal("null", null);
      default:
        return number();
    }
  }

  private Map<String, Object> object(int depth) {
    Map<String, Object> map = new LinkedHashMap<>();
    at++;
    space();
    if (peek() == '}') {
      at++;
      return map;
    }
    while (true) {
      space();
      if (peek() != '"') {
        throw bad("field name expected");
      }
      String key = string();
      space();
      expect(':');
      map.put(key, value(depth + 1));
      space();
      if (peek() == ',') {
        at++;
      } else {
        expect('}');
        return map;
      }
    }
  }

  private List<Object> array(int depth) {
    List<Object> list = new ArrayList<>();
    at++;
    space();
    if (peek() == ']') {
      at++;
      return list;
    }
    while (true) {
      list.add(value(depth + 1));
      space();
      if (peek() == ',') {
        at++;
      } else {
        expect(']');
        return list;
      }
    }
  }

  private String string() {
    StringBuilder out = new StringBuilder();
    at++;
    while (at < s.length()) {
      char c = s.charAt(at++);
      if (c == '"') {
        return out.toString();
      }
      if (c != '\\') {
        out.append(c);
        continue;
      }
      if (at >= s.length()) {
        break;
      }
      char e = s.charAt(at++);
      switch (e) {
        case 'n': out.append('\n'); break;
        case 't': out.append('\t'); break;
        case 'r': out.append('\r'); break;
        case 'b': out.append('\b'); break;
        case 'f': out.append('\f'); break;
        case 'u':
          if (at + 4 > s.length()) {
            throw bad("bad \\u escape");
          }
          out.append((char) Integer.parseInt(s.substring(at, at + 4), 16));
          at += 4;
          break;
        default: out.append(e);
      }
    }
    throw bad("unterminated string");
  }

  private Object number() {
    int start = at;
    while (at < s.length() && "+-0123456789.eE".indexOf(s.charAt(at)) >= 0) {
      at++;
    }
    String n = s.substring(start, at);
    try {
      boolean whole = n.indexOf('.') < 0 && n.indexOf('e') < 0 && n.indexOf('E') < 0;
      return whole && n.length() < 19 ? (Object) Long.parseLong(n) : (Object) Double.parseDouble(n);
    } catch (NumberFormatException e) {
      at = start;
      throw bad("value expected");
    }
  }

  private Object literal(String word, Object value) {
    if (!s.startsWith(word, at)) {
      throw bad("value expected");
    }
    at += word.length();
    return value;
  }

  private void expect(char c) {
    if (peek() != c) {
      throw bad("'" + c + "' expected");
    }
    at++;
  }

  private char peek() {
    return at < s.length() ? s.charAt(at) : 0;
  }

  private void space() {
    while (at < s.length() && Character.isWhitespace(s.charAt(at))) {
      at++;
    }
  }

  private IllegalArgumentException bad(String what) {
    return new IllegalArgumentException("not JSON at character " + at + ": " + what);
  }
}
