package dev.sightline.server.otlp;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A JSON field's value held as the compact text the row stores, exactly as a Jackson tree of it
 * prints ({@link JsonText#compact}), so that it goes to the row without a tree being built and
 * printed; a tree is made only if a convention needs to change it. Immutable.
 */
final class RawJson {
  private final String text;

  /** @param text compact JSON, not {@code null}, as {@link JsonText#compact} returns it */
  RawJson(String text) {
    this.text = text;
  }

  /** The value as a tree: JSON nodes as they are, raw JSON parsed. */
  static JsonNode tree(Object value) {
    return value instanceof RawJson ? AnyValues.parse(((RawJson) value).text) : (JsonNode) value;
  }

  /** The compact JSON text, as {@link JsonNode#toString()} gives it for a tree. */
  @Override
  public String toString() {
    return text;
  }
}
