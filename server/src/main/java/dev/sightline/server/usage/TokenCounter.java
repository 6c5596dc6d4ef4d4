package dev.sightline.server.usage;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Counts the tokens of a generation's input or output with OpenAI's tokenizers
 * ({@link TiktokenEncoding}: jtokkit's counts, faster):
 * {@code o200k_base} for the gpt-4o, gpt-4.1, gpt-4.5, gpt-5 and o-series families,
 * {@code cl100k_base} for older OpenAI models and, as an approximation, for every other model
 * (their own tokenizers are not public or not in Java; expect their counts to differ, by about a
 * tenth to a third for Anthropic's Claude models, which count more).
 *
 * <p>A payload is counted by its text: a string as it is; chat messages ({@code [{"role",
 * "content"}]}) as OpenAI bills them, each message's text plus 3 tokens, plus 3 for the reply;
 * content parts by their {@code text} (or {@code content}) fields, so images and other media count
 * nothing; any other JSON by its JSON text. Encodings load on first use; each {@link Tokenizer}
 * remembers the counts of recent long texts. Thread-safe.
 */
final class TokenCounter {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern O200K = Pattern.compile("(chatgpt-4o|gpt-4o|gpt-4\\.1|gpt-4\\.5|gpt-5|gpt-oss|o1|o3|o4)\\b.*");
  /** The fields of a message that count, and its role: bits of a mask, in this order. */
  private static final List<String> MESSAGE_FIELDS = List.of("role", "content", "parts", "tool_calls", "toolCalls", "name");
  private static final int PER_MESSAGE = 3;
  private static final int REPLY_PRIMING = 3;
  /** Most model names whose encoding is remembered. */
  private static final int MAX_CHOSEN = 4096;
  private final Tokenizer o200k = tokenizer(TiktokenEncoding.O200K_BASE);
  private final Tokenizer cl100k = tokenizer(TiktokenEncoding.CL100K_BASE);
  private final Map<String, Tokenizer> chosen = new ConcurrentHashMap<>();

  private static Tokenizer tokenizer(TiktokenEncoding encoding) {
    return new Tokenizer(encoding.encodingName(), encoding::count);
  }

  /** The encoding a model's tokens are counted with (a model may be null). */
  Tokenizer tokenizerFor(String model) {
    if (model == null) {
      return cl100k;
    }
    // Normalising the name and matching it was a sixth of inference's CPU; applications use few
    // model names. Cleared rather than evicted when a client sends too many distinct ones.
    if (chosen.size() > MAX_CHOSEN) {
      chosen.clear();
    }
    return chosen.computeIfAbsent(model, m -> O200K.matcher(ModelNames.normalize(m)).matches() ? o200k : cl100k);
  }

  /**
   * The tokens of a stored payload (JSON text, as rows hold {@code input} and {@code output}).
   *
   * @param prompt whether it is a prompt, whose chat messages cost the reply's priming too
   */
  long count(Tokenizer tokenizer, String json, boolean prompt) {
    // Read as a stream: reading every payload into a tree was a third of inference's CPU. The
    // tree answers the shapes the stream leaves to it (other JSON, repeated fields, bad JSON).
    try (JsonParser p = JSON.createParser(json)) {
      long tokens = streamed(tokenizer, p, prompt);
      if (tokens >= 0 && p.nextToken() == null) {
        return tokens;
      }
    } catch (IOException e) {
      // The tree tells bad JSON from the rest.
    }
    return countTree(tokenizer, json, prompt);
  }

  /** {@link #count} read into a tree: what {@link #streamed} must agree with. */
  long countTree(Tokenizer tokenizer, String json, boolean prompt) {
    JsonNode node;
    try {
      node = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      return tokenizer.count(json); // stored payloads are JSON; count the text anyway
    }
    if (isMessages(node)) {
      long tokens = prompt ? REPLY_PRIMING : 0;
      for (JsonNode message : node) {
        tokens += PER_MESSAGE + message(tokenizer, message);
      }
      return tokens;
    }
    if (node.isObject() && (node.has("content") || node.has("parts")) && node.has("role")) {
      return message(tokenizer, node);
    }
    return text(tokenizer, node);
  }

  /** The tokens of a text, a chat message or a list of them; -1 for the tree to count. */
  private long streamed(Tokenizer tokenizer, JsonParser p, boolean prompt) throws IOException {
    JsonToken first = p.nextToken();
    if (first == JsonToken.VALUE_STRING) {
      return tokenizer.count(p.getText());
    }
    if (first == JsonToken.START_OBJECT) {
      return streamedMessage(tokenizer, p, true);
    }
    if (first != JsonToken.START_ARRAY) {
      return -1;
    }
    long tokens = prompt ? REPLY_PRIMING : 0;
    int messages = 0;
    for (JsonToken t; (t = p.nextToken()) != JsonToken.END_ARRAY; messages++) {
      long message = t == JsonToken.START_OBJECT ? streamedMessage(tokenizer, p, false) : -1;
      if (message < 0) {
        return -1;
      }
      tokens += PER_MESSAGE + message;
    }
    return messages == 0 ? -1 : tokens;
  }

  /**
   * The tokens of a message's fields (the parser at its start); -1 if it has no role, or a field
   * twice, or (with {@code needsBody}) neither content nor parts.
   */
  private long streamedMessage(Tokenizer tokenizer, JsonParser p, boolean needsBody) throws IOException {
    long tokens = 0;
    int seen = 0;
    for (String field; (field = p.nextFieldName()) != null; ) {
      JsonToken value = p.nextToken();
      int bit = MESSAGE_FIELDS.indexOf(field);
      if (bit < 0) {
        p.skipChildren();
        continue;
      }
      if ((seen & 1 << bit) != 0) {
        return -1;
      }
      seen |= 1 << bit;
      if (field.equals("role")) {
        p.skipChildren();
      } else if (field.equals("content") || field.equals("parts")) {
        tokens += streamedContent(tokenizer, p, value);
      } else {
        tokens += streamedText(tokenizer, p, value);
      }
    }
    boolean hasRole = (seen & 1) != 0;
    boolean hasBody = (seen & 0b110) != 0;
    return hasRole && (hasBody || !needsBody) ? tokens : -1;
  }

  private long streamedContent(Tokenizer tokenizer, JsonParser p, JsonToken value) throws IOException {
    if (value != JsonToken.START_ARRAY) {
      return streamedText(tokenizer, p, value);
    }
    long tokens = 0;
    for (JsonToken part; (part = p.nextToken()) != JsonToken.END_ARRAY; ) {
      if (part == JsonToken.VALUE_STRING) {
        tokens += tokenizer.count(p.getText());
      } else if (part == JsonToken.START_OBJECT) {
        tokens += streamedPart(tokenizer, p);
      } else {
        p.skipChildren();
      }
    }
    return tokens;
  }

  /** A content part: its {@code text} if it has one, else its {@code content}, when a string. */
  private long streamedPart(Tokenizer tokenizer, JsonParser p) throws IOException {
    boolean hasText = false;
    String text = null;
    String content = null;
    for (String field; (field = p.nextFieldName()) != null; ) {
      JsonToken value = p.nextToken();
      String string = value == JsonToken.VALUE_STRING ? p.getText() : null;
      if (string == null) {
        p.skipChildren();
      }
      if (field.equals("text")) {
        hasText = true;
        text = string; // a repeated field counts as the tree keeps it: the last
      } else if (field.equals("content")) {
        content = string;
      }
    }
    String counted = hasText ? text : content;
    return counted == null ? 0 : tokenizer.count(counted);
  }

  private static long streamedText(Tokenizer tokenizer, JsonParser p, JsonToken value) throws IOException {
    if (value == JsonToken.VALUE_NULL) {
      return 0;
    }
    return value == JsonToken.VALUE_STRING ? tokenizer.count(p.getText())
        : tokenizer.count(p.<JsonNode>readValueAsTree().toString());
  }

  private long message(Tokenizer tokenizer, JsonNode message) {
    long tokens = 0;
    for (String field : new String[] {"content", "parts", "tool_calls", "toolCalls", "name"}) {
      JsonNode v = message.get(field);
      if (v != null && !v.isNull()) {
        tokens += field.equals("content") || field.equals("parts") ? content(tokenizer, v) : text(tokenizer, v);
      }
    }
    return tokens;
  }

  private long content(Tokenizer tokenizer, JsonNode content) {
    if (!content.isArray()) {
      return text(tokenizer, content);
    }
    long tokens = 0;
    for (JsonNode part : content) {
      JsonNode text = part.isObject() ? part.has("text") ? part.get("text") : part.get("content") : part;
      if (text != null && text.isTextual()) {
        tokens += tokenizer.count(text.asText());
      }
    }
    return tokens;
  }

  private static long text(Tokenizer tokenizer, JsonNode node) {
    return tokenizer.count(node.isTextual() ? node.asText() : node.toString());
  }

  private static boolean isMessages(JsonNode node) {
    if (!node.isArray() || node.isEmpty()) {
      return false;
    }
    for (JsonNode m : node) {
      if (!m.isObject() || !m.has("role")) {
        return false;
      }
    }
    return true;
  }
}
