package dev.sightline.server.usage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TokenCounterTest {
  private final TokenCounter counter = new TokenCounter();

  @Test
  void choosesTheEncodingOfTheModelFamily() {
    assertThat(counter.tokenizerFor("gpt-4o-2024-08-06").name()).isEqualTo("o200k_base");
    assertThat(counter.tokenizerFor("openai/gpt-4.1-mini").name()).isEqualTo("o200k_base");
    assertThat(counter.tokenizerFor("gpt-5").name()).isEqualTo("o200k_base");
    assertThat(counter.tokenizerFor("o3-mini").name()).isEqualTo("o200k_base");
    assertThat(counter.tokenizerFor("gpt-4-turbo").name()).isEqualTo("cl100k_base");
    assertThat(counter.tokenizerFor("azure/gpt-35-turbo").name()).isEqualTo("cl100k_base");
    assertThat(counter.tokenizerFor("claude-sonnet-4-5").name()).isEqualTo("cl100k_base");
    assertThat(counter.tokenizerFor(null).name()).isEqualTo("cl100k_base");
    assertThat(counter.tokenizerFor("gpt-4o-2024-08-06").name()).as("remembered").isEqualTo("o200k_base");
    assertThat(counter.tokenizerFor("gpt-4-turbo").name()).as("remembered").isEqualTo("cl100k_base");
    for (int i = 0; i < 5_000; i++) { // more names than it remembers: it forgets, and still chooses
      assertThat(counter.tokenizerFor("gpt-4o-custom-" + i).name()).isEqualTo("o200k_base");
    }
    assertThat(counter.tokenizerFor("claude-sonnet-4-5").name()).isEqualTo("cl100k_base");
  }

  /** Figures published for OpenAI's tokenizers (the cookbook's "How to count tokens with tiktoken"). */
  @Test
  void countsPlainTextAsTheTokenizerDoes() {
    Tokenizer cl100k = counter.tokenizerFor("gpt-4");
    Tokenizer o200k = counter.tokenizerFor("gpt-4o");
    assertThat(counter.count(cl100k, "\"tiktoken is great!\"", true)).isEqualTo(6);
    assertThat(counter.count(o200k, "\"tiktoken is great!\"", true)).isEqualTo(6);
    assertThat(counter.count(cl100k, "\"hello world\"", false)).isEqualTo(2);
    // The two encodings split other scripts differently: o200k_base has far more non-English tokens.
    String hindi = "\"नमस्ते दुनिया, आप कैसे हैं?\"";
    assertThat(counter.count(o200k, hindi, false)).isLessThan(counter.count(cl100k, hindi, false));
  }

  @Test
  void countsChatMessagesWithTheirOverhead() {
    Tokenizer e = counter.tokenizerFor("gpt-4o");
    String one = "[{\"role\":\"user\",\"content\":\"hello world\"}]";
    // 3 for the message, 2 for its text, 3 for the reply's priming.
    assertThat(counter.count(e, one, true)).isEqualTo(8);
    String two = "[{\"role\":\"system\",\"content\":\"tiktoken is great!\"},"
        + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"hello world\"},"
        + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://example.com/a.png\"}}]}]";
    assertThat(counter.count(e, two, true)).isEqualTo(3 + 3 + 6 + 3 + 2);
    // An answer message counts its text only (it is not a prompt).
    assertThat(counter.count(e, "{\"role\":\"assistant\",\"content\":\"hello world\"}", false)).isEqualTo(2);
    // OpenTelemetry GenAI's messages keep their text in parts.
    String parts = "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"hello world\"}]}]";
    assertThat(counter.count(e, parts, true)).isEqualTo(8);
  }

  @Test
  void countsOtherJsonByItsText() {
    Tokenizer e = counter.tokenizerFor("gpt-4o");
    String json = "{\"query\":\"hello world\"}";
    assertThat(counter.count(e, json, true)).isEqualTo(e.count(json)).isGreaterThan(2);
    assertThat(counter.count(e, "\"<|endoftext|>\"", false)).isPositive(); // special tokens are plain text here
  }

  /** Read as a stream, every payload counts as it does read into a tree, odd shapes included. */
  @Test
  void theStreamCountsAsTheTreeDoes() {
    SplittableRandom random = new SplittableRandom(5);
    Tokenizer e = counter.tokenizerFor("gpt-4o");
    List<String> fixed = List.of("[]", "{}", "\"\"", "42", "null", "true", "not json", "{\"role\":", "[1, 2]",
        "{\"role\":\"user\",\"content\":\"hi\"} trailing", "\"a\" \"b\"", "[{\"role\":\"user\"}, 3]",
        "{\"content\":\"no role\"}", "{\"role\":\"user\",\"name\":\"no body\"}");
    List<String> payloads = new ArrayList<>(fixed);
    for (int i = 0; i < 3_000; i++) {
      payloads.add(random.nextInt(4) == 0 ? message(random) : messages(random));
    }
    for (String json : payloads) {
      for (boolean prompt : new boolean[] {true, false}) {
        assertThat(counter.count(e, json, prompt)).as(json).isEqualTo(counter.countTree(e, json, prompt));
      }
    }
  }

  private static String messages(SplittableRandom random) {
    List<String> out = new ArrayList<>();
    for (int i = random.nextInt(0, 4); i > 0; i--) {
      out.add(random.nextInt(30) == 0 ? value(random) : message(random));
    }
    return "[" + String.join(",", out) + "]";
  }

  private static String message(SplittableRandom random) {
    List<String> fields = new ArrayList<>();
    String[] names = {"role", "content", "parts", "tool_calls", "toolCalls", "name", "metadata"};
    for (int i = random.nextInt(0, 5); i > 0; i--) {
      String name = names[random.nextInt(names.length)];
      String value = name.equals("content") || name.equals("parts") ? content(random) : value(random);
      fields.add("\"" + name + "\":" + value);
    }
    if (random.nextInt(5) != 0) {
      fields.add(random.nextInt(fields.size() + 1), "\"role\":\"user\"");
    }
    return "{" + String.join(",", fields) + "}";
  }

  private static String content(SplittableRandom random) {
    if (random.nextInt(3) != 0) {
      return value(random);
    }
    List<String> parts = new ArrayList<>();
    for (int i = random.nextInt(0, 4); i > 0; i--) {
      switch (random.nextInt(4)) {
        case 0 -> parts.add(value(random));
        case 1 -> parts.add("{\"type\":\"text\",\"text\":" + value(random) + "}");
        case 2 -> parts.add("{\"type\":\"text\",\"content\":" + value(random) + ",\"text\":" + value(random) + "}");
        default -> parts.add("{\"content\":" + value(random) + ",\"content\":" + value(random) + "}");
      }
    }
    return "[" + String.join(",", parts) + "]";
  }

  private static String value(SplittableRandom random) {
    return switch (random.nextInt(7)) {
      case 0 -> "null";
      case 1 -> Integer.toString(random.nextInt(1000));
      case 2 -> "{\"id\":\"call_" + random.nextInt(100) + "\",\"arguments\":{\"q\":[1,\"two\"]}}";
      case 3 -> "[\"a b\",{\"text\":\"c\"}]";
      default -> "\"" + "tiktoken is great! ".repeat(random.nextInt(0, 30)) + random.nextInt() + "\"";
    };
  }
}
