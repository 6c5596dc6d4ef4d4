package dev.sightline.server.evaluation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;

/** Stored JSON texts as judges read them. Thread-safe (stateless). */
final class JsonText {
  /** Strict: {@code {} x} is not JSON. */
  static final ObjectMapper MAPPER = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private JsonText() {}

  /**
   * The text of a stored JSON value: the decoded string if it is a JSON string, else the compact
   * JSON text itself; null for null.
   */
  static String text(String storedJson) {
    if (storedJson == null || storedJson.isEmpty() || storedJson.charAt(0) != '"') {
      return storedJson;
    }
    JsonNode node = tree(storedJson);
    return node.isTextual() ? node.textValue() : storedJson;
  }

  /** The tree of a stored JSON value; a text that is not JSON becomes a JSON string of it. */
  static JsonNode tree(String storedJson) {
    try {
      return MAPPER.readTree(storedJson);
    } catch (JsonProcessingException e) {
      return TextNode.valueOf(storedJson);
    }
  }

  /**
   * Parses a text as one JSON value.
   *
   * @throws JsonProcessingException when it is not exactly one JSON value
   */
  static JsonNode parse(String text) throws JsonProcessingException {
    JsonNode node = MAPPER.readValue(text, JsonNode.class); // unlike readTree, fails on empty text
    return node == null ? NullNode.instance : node;
  }

  /** Jackson's message without its source excerpt, for a comment. */
  static String reason(JsonProcessingException e) {
    String where = e.getLocation() == null ? ""
        : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
    return e.getOriginalMessage() + where;
  }
}
