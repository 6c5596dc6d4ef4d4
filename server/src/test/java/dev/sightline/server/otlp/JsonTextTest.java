package dev.sightline.server.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * JSON carried in attributes passed through as text: {@link JsonText#compact} must give exactly
 * what parsing and printing with Jackson gives ({@code AnyValues.parse(text).toString()}), or
 * decline (null), so that no row differs from what the tree would have stored.
 */
class JsonTextTest {

  /** The text Jackson stores for a JSON attribute: its tree printed, or the text as a JSON string. */
  private static String jackson(String text) {
    return AnyValues.parse(text).toString();
  }

  /** Compacts as Jackson would, or declines; never differs from Jackson. */
  private static String compact(String text) {
    String compact = JsonText.compact(text);
    if (compact != null) {
      assertThat(compact).as("compact(%s)", text).isEqualTo(jackson(text));
    }
    return compact;
  }

  @Test
  void compactTextIsTheTextItself() {
    String text = "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"Hi \\\"you\\\"\\n\"}]}]";
    assertThat(compact(text)).isSameAs(text);
  }

  @Test
  void whitespaceAndEscapesAreWrittenAsJacksonWritesThem() {
    assertThat(compact(" { \"a\" : [ 1 , 2 ] ,\n\t\"b\" : { } , \"c\" : [ ] }\r\n"))
        .isEqualTo("{\"a\":[1,2],\"b\":{},\"c\":[]}");
    assertThat(compact("\"a\\/b\"")).isEqualTo("\"a/b\"");
    assertThat(compact("\"\\u0041\\u00e9\\u001f\\u0022\\u005c\\u000A\"")).isEqualTo("\"Aé\\u001F\\\"\\\\\\n\"");
    assertThat(compact("\"\\ud83d\\ude00 \\b\\f\\r\\t\"")).isEqualTo("\"\uD83D\uDE00 \\b\\f\\r\\t\"");
    assertThat(compact("\"\uD83D\uDE00 ünï \u2028\"")).isEqualTo("\"\uD83D\uDE00 ünï \u2028\"");
  }

  @Test
  void numbersAreWrittenAsJacksonWritesThem() {
    assertThat(compact("[0,-5,123456789012345678901234567890,1.50,1e2,-2.5E-3,0.0,-0.0,1E-400]"))
        .isEqualTo("[0,-5,123456789012345678901234567890,1.5,100.0,-0.0025,0.0,-0.0,0.0]");
    assertThat(JsonText.compact("-0")).isNull(); // Jackson writes 0
    assertThat(JsonText.compact("1e400")).isNull(); // Jackson writes "Infinity"
    assertThat(JsonText.compact("1" + "0".repeat(100))).isNull(); // longer than it takes on
  }

  @Test
  void nestedArraysUpToNearTheLimit() {
    String deep = "[".repeat(60) + "1" + "]".repeat(60);
    assertThat(compact(deep)).isSameAs(deep);
    assertThat(JsonText.compact("[".repeat(64) + "]".repeat(64))).isNull();
    assertThat(JsonText.compact("[".repeat(65) + "]".repeat(65))).isNull();
    assertThat(jackson("[".repeat(65) + "]".repeat(65))).startsWith("\"["); // kept as text by Jackson
  }

  @Test
  void declinesWhatIsNotJsonOrWhatJacksonWouldChange() {
    for (String text : List.of("", " ", "hello", "{", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "{a:1}", "'a'",
        "[1] [2]", "01", "1.", ".5", "+1", "NaN", "tru", "nul", "\"open", "\"a\tb\"", "\"a\u0000\"",
        "\"\\x\"", "\"\\u12\"", "\"\\u\uFF10\uFF10\uFF14\uFF11\"", "\"\\ud800\"", "\"\\udc00\"", "\"\uD800\"", "\"\uDC00x\"",
        "{\"a\":1,\"a\":2}", "{\"a\\n\":1}", "{\"\uD83D\uDE00\":1}", "[1,2]x", "{\"a\":[1}", "[\"a\":1]")) {
      assertThat(JsonText.compact(text)).as(text).isNull();
    }
  }

  @Test
  void keysRepeatOnlyWithinTheirOwnObject() {
    assertThat(compact("{\"a\":{\"a\":1},\"b\":[{\"a\":2},{\"a\":3}]}")).isNotNull();
  }

  @Test
  void printWritesTreesAsJackson() {
    ObjectNode tree = JsonNodeFactory.instance.objectNode().put("a\n", 1).put("b", 2L << 40).put("c", 1.5f)
        .put("d", (String) null).put("e", new java.math.BigDecimal("1.10")).put("f", true);
    tree.putArray("g").add(1).addObject();
    tree.putObject("h").putArray("i");
    tree.put("j", new byte[] {1, 2});
    assertThat(JsonText.print(tree)).isEqualTo(tree.toString());
  }

  @Test
  void appendStringEscapesAsJackson() {
    StringBuilder out = new StringBuilder();
    String s = "q\" b\\ \u0000\u0001\b\t\n\u000b\f\r\u001f \u007f é \uD83D\uDE00 /";
    JsonText.appendString(out, s);
    assertThat(out.toString()).isEqualTo(JsonNodeFactory.instance.textNode(s).toString());
  }

  /**
   * Random documents, printed with random whitespace and escapes, and random cuts and splices of
   * them: whatever compact takes on, it writes as Jackson does; and print writes their trees as
   * Jackson does.
   */
  @Test
  void agreesWithJacksonOnRandomText() {
    Random random = new Random(7);
    int taken = 0;
    for (int i = 0; i < 20_000; i++) {
      String text = document(random, 0);
      if (random.nextInt(3) == 0) {
        int at = random.nextInt(text.length() + 1);
        text = random.nextBoolean() ? text.substring(0, at)
            : text.substring(0, at) + "{}[],:\"\\ 0-.eE\u0000\uD800"
                .charAt(random.nextInt(16)) + text.substring(at);
      }
      assertThat(JsonText.print(AnyValues.parse(text))).as("print(%s)", text).isEqualTo(jackson(text));
      if (compact(text) != null) {
        taken++;
      }
    }
    assertThat(taken).isGreaterThan(10_000);
  }

  private static String document(Random r, int depth) {
    StringBuilder out = new StringBuilder();
    space(r, out);
    switch (depth > 4 ? 2 + r.nextInt(3) : r.nextInt(5)) {
      case 0 -> {
        List<String> keys = new ArrayList<>();
        out.append('{');
        for (int n = r.nextInt(4), i = 0; i < n; i++) {
          String key = r.nextInt(5) == 0 ? "k" : "k" + r.nextInt(100);
          keys.add(key);
          out.append(i == 0 ? "" : ",").append('"').append(key).append('"');
          space(r, out);
          out.append(':').append(document(r, depth + 1));
        }
        out.append('}');
      }
      case 1 -> {
        out.append('[');
        for (int n = r.nextInt(4), i = 0; i < n; i++) {
          out.append(i == 0 ? "" : ",").append(document(r, depth + 1));
        }
        out.append(']');
      }
      case 2 -> string(r, out);
      case 3 -> out.append(List.of("0", "-1", "42", "3.25", "1e3", "2.50E-2", "-0.0", "9007199254740993",
          "0.1", "1.0E10", "123456.789e-3", "true", "false", "null").get(r.nextInt(14)));
      default -> {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("x", r.nextDouble() * Math.pow(10, r.nextInt(40) - 20));
        out.append(o);
      }
    }
    space(r, out);
    return out.toString();
  }

  private static void string(Random r, StringBuilder out) {
    out.append('"');
    for (int n = r.nextInt(6), i = 0; i < n; i++) {
      switch (r.nextInt(8)) {
        case 0 -> out.append(List.of("\\n", "\\\"", "\\\\", "\\/", "\\t", "\\b", "\\f", "\\r").get(r.nextInt(8)));
        case 1 -> out.append(String.format("\\u%04x", r.nextInt(0x80)));
        case 2 -> out.append(String.format("\\u%04X", r.nextInt(0x10000)));
        case 3 -> out.append("é\uD83D\uDE00\u2028");
        default -> out.append("abc xyz".charAt(r.nextInt(7)));
      }
    }
    out.append('"');
  }

  private static void space(Random r, StringBuilder out) {
    if (r.nextInt(4) == 0) {
      out.append(" \n\t\r".charAt(r.nextInt(4)));
    }
  }
}
