package dev.sightline.server.query;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A generation's input and output as chat messages, from the shapes Sightline stores them in: the
 * SDK's and OpenAI's {@code [{"role", "content"}]} (content a string or a list of parts), the
 * OpenTelemetry GenAI messages {@code [{"role", "parts": [{"type": "text", "content"}]}]},
 * {@code {"messages": [...]}}, one message object, or a plain string (a user message, or the
 * assistant's answer). Text parts are joined; other parts (images, tool calls) are left out, and a
 * message with no text at all makes the input unusable. Stateless.
 */
final class ChatMessages {
  static final Set<String> ROLES = Set.of("system", "user", "assistant", "tool");

  /** One chat message; content is its text. */
  record Message(String role, String content) {}

  /** The input as a conversation, or null if it is none (or holds a message we cannot carry). */
  static List<Message> input(JsonNode input) {
    if (input == null) {
      return null;
    }
    if (input.isTextual()) {
      return input.textValue().isBlank() ? null : List.of(new Message("user", input.textValue()));
    }
    if (input.isObject() && input.path("messages").isArray()) {
      return input(input.get("messages"));
    }
    if (input.isObject()) {
      Message m = message(input);
      return m == null ? null : List.of(m);
    }
    if (!input.isArray() || input.isEmpty()) {
      return null;
    }
    List<Message> out = new ArrayList<>(input.size());
    for (JsonNode item : input) {
      Message m = message(item);
      if (m == null) {
        return null;
      }
      out.add(m);
    }
    return out;
  }

  /**
   * The answer's text: a string, a message (its content), OpenAI's {@code {"choices": [...]}} (the
   * first choice's message), or a list of messages (the last assistant one); null if none.
   */
  static String output(JsonNode output) {
    if (output == null) {
      return null;
    }
    if (output.isTextual()) {
      return output.textValue().isBlank() ? null : output.textValue();
    }
    if (output.isObject() && output.path("choices").isArray()) {
      return output(output.get("choices").path(0).get("message"));
    }
    if (output.isObject()) {
      return text(output);
    }
    if (output.isArray()) {
      for (int i = output.size() - 1; i >= 0; i--) {
        JsonNode m = output.get(i);
        if (m.isTextual() || "assistant".equals(m.path("role").asText("assistant"))) {
          return output(m);
        }
      }
    }
    return null;
  }

  private static Message message(JsonNode m) {
    if (!m.isObject()) {
      return null;
    }
    String role = m.path("role").asText("").toLowerCase(Locale.ROOT);
    String content = text(m);
    return ROLES.contains(role) && content != null ? new Message(role, content) : null;
  }

  /** A message's text: {@code content} as a string or parts, else {@code parts}; null if none. */
  private static String text(JsonNode message) {
    JsonNode content = message.get("content");
    if (content != null && content.isTextual()) {
      return content.textValue();
    }
    JsonNode parts = content != null && content.isArray() ? content : message.get("parts");
    if (parts == null || !parts.isArray()) {
      return null;
    }
    StringBuilder text = new StringBuilder();
    boolean any = false;
    for (JsonNode part : parts) {
      String t = part.isTextual() ? part.textValue()
          : "text".equals(part.path("type").asText("text")) ? textOf(part) : null;
      if (t != null) {
        text.append(t);
        any = true;
      }
    }
    return any ? text.toString() : null;
  }

  private static String textOf(JsonNode part) {
    JsonNode t = part.has("text") ? part.get("text") : part.get("content");
    return t != null && t.isTextual() ? t.textValue() : null;
  }

  private ChatMessages() {}
}
