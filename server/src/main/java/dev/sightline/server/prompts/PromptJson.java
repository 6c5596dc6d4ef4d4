package dev.sightline.server.prompts;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Prompts as JSON: the body of {@code POST /api/prompts} ({@code {"name", "type", "prompt",
 * "config", "labels", "commitMessage"}}), a version as the API answers it and as a store keeps it.
 * Stateless and thread-safe.
 */
final class PromptJson {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> FIELDS = Set.of("name", "type", "prompt", "config", "labels", "commitMessage");
  private static final Set<String> STORED = Set.of("name", "version", "type", "prompt", "config",
      "commitMessage", "createdAt", "createdBy");

  private PromptJson() {}

  /**
   * Reads and checks a request for a new version.
   *
   * @throws IllegalArgumentException naming the field at fault and its limit
   */
  static Draft draft(JsonNode body) {
    if (body == null || !body.isObject()) {
      throw new IllegalArgumentException("body: must be a JSON object");
    }
    known(body, FIELDS);
    String name = PromptRules.name("name", body.path("name").isTextual() ? body.get("name").asText() : null);
    JsonNode prompt = body.get("prompt");
    PromptVersion.Type type = type(body.get("type"), prompt);
    checkTemplate(type, prompt);
    return new Draft(name, type, prompt, config(body.get("config")), PromptRules.labels(body.get("labels")),
        commitMessage(body.get("commitMessage")));
  }

  /** Reads a version a store wrote with {@link #write}; checked as a request is. */
  static PromptVersion stored(JsonNode node) {
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("version: must be a JSON object");
    }
    known(node, STORED);
    ObjectNode body = ((ObjectNode) node).deepCopy();
    body.remove(List.of("version", "createdAt", "createdBy"));
    return draft(body).numbered(node.path("version").asInt(), node.path("createdAt").asLong(),
        node.path("createdBy").asText());
  }

  /**
   * Writes a version: as the API answers it with its labels and the template's variable names, or
   * as a store keeps it ({@code labels} null: labels are not part of a version).
   */
  static void write(JsonGenerator g, PromptVersion v, List<String> labels) throws IOException {
    g.writeStartObject();
    g.writeStringField("name", v.name());
    g.writeNumberField("version", v.version());
    g.writeStringField("type", v.type().wireName());
    g.writeFieldName("prompt");
    JSON.writeTree(g, v.prompt());
    g.writeFieldName("config");
    JSON.writeTree(g, v.config());
    if (labels != null) {
      writeStrings(g, "labels", labels);
      writeStrings(g, "variables", List.copyOf(PromptCompiler.variablesOf(v)));
    }
    if (v.commitMessage() != null) {
      g.writeStringField("commitMessage", v.commitMessage());
    }
    g.writeNumberField("createdAt", v.createdAt());
    g.writeStringField("createdBy", v.createdBy());
    g.writeEndObject();
  }

  static void writeStrings(JsonGenerator g, String field, List<String> values) throws IOException {
    g.writeArrayFieldStart(field);
    for (String s : values) {
      g.writeString(s);
    }
    g.writeEndArray();
  }

  static void known(JsonNode node, Set<String> fields) {
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String field = names.next();
      if (!fields.contains(field)) {
        throw new IllegalArgumentException(field + ": unknown field; known: " + new TreeSet<>(fields));
      }
    }
  }

  /** The type given, or the one the template's shape says (a string: text; an array: chat). */
  private static PromptVersion.Type type(JsonNode type, JsonNode prompt) {
    if (type == null || type.isNull()) {
      return prompt != null && prompt.isArray() ? PromptVersion.Type.CHAT : PromptVersion.Type.TEXT;
    }
    for (PromptVersion.Type t : PromptVersion.Type.values()) {
      if (type.isTextual() && t.wireName().equals(type.asText())) {
        return t;
      }
    }
    throw new IllegalArgumentException("type: must be text or chat");
  }

  private static void checkTemplate(PromptVersion.Type type, JsonNode prompt) {
    long chars;
    if (type == PromptVersion.Type.TEXT) {
      if (prompt == null || !prompt.isTextual()) {
        throw new IllegalArgumentException("prompt: a text prompt must be a string");
      }
      chars = prompt.asText().length();
    } else {
      chars = checkMessages(prompt);
    }
    if (chars > PromptRules.MAX_TEMPLATE_CHARS) {
      throw new IllegalArgumentException("prompt: " + chars + " characters, more than the limit of "
          + PromptRules.MAX_TEMPLATE_CHARS + " (256 KiB)");
    }
  }

  private static long checkMessages(JsonNode prompt) {
    if (prompt == null || !prompt.isArray() || prompt.isEmpty() || prompt.size() > PromptRules.MAX_MESSAGES) {
      throw new IllegalArgumentException("prompt: a chat prompt must be an array of 1 to " + PromptRules.MAX_MESSAGES
          + " {\"role\", \"content\"} messages");
    }
    long chars = 0;
    for (int i = 0; i < prompt.size(); i++) {
      JsonNode m = prompt.get(i);
      String at = "prompt[" + i + "]";
      if (!m.isObject()) {
        throw new IllegalArgumentException(at + ": must be {\"role\": string, \"content\": string}");
      }
      known(m, Set.of("role", "content"));
      JsonNode role = m.get("role");
      if (role == null || !role.isTextual() || role.asText().isBlank()
          || role.asText().length() > PromptRules.MAX_ROLE_CHARS) {
        throw new IllegalArgumentException(at + ".role: must be a non-blank string of at most "
            + PromptRules.MAX_ROLE_CHARS + " characters");
      }
      JsonNode content = m.get("content");
      if (content == null || !content.isTextual()) {
        throw new IllegalArgumentException(at + ".content: must be a string");
      }
      chars += content.asText().length();
    }
    return chars;
  }

  private static JsonNode config(JsonNode config) {
    if (config == null || config.isNull()) {
      return JsonNodeFactory.instance.objectNode();
    }
    if (!config.isObject() || config.toString().length() > PromptRules.MAX_CONFIG_CHARS) {
      throw new IllegalArgumentException("config: must be a JSON object of at most " + PromptRules.MAX_CONFIG_CHARS
          + " characters");
    }
    return config;
  }

  private static String commitMessage(JsonNode m) {
    if (m == null || m.isNull()) {
      return null;
    }
    if (!m.isTextual() || m.asText().length() > PromptRules.MAX_COMMIT_MESSAGE_CHARS) {
      throw new IllegalArgumentException("commitMessage: must be a string of at most "
          + PromptRules.MAX_COMMIT_MESSAGE_CHARS + " characters");
    }
    return m.asText();
  }
}
