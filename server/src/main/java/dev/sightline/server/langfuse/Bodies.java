package dev.sightline.server.langfuse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.regex.Pattern;

/**
 * What the translations of Langfuse's event bodies share: reading ids and times, and copying a field
 * into a native item body. Values are copied as they came, so the native decoder checks their
 * types and sizes and names the field at fault. Stateless.
 */
final class Bodies {
  static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  /** An ISO-8601 time that ends in {@code Z} or an offset; Langfuse also takes local times, as UTC. */
  private static final Pattern ZONED = Pattern.compile(".*T.*(?:[zZ]|[+-]\\d{2}(?::?\\d{2})?)$");

  private Bodies() {}

  /** An invalid event: its message names the field of the Langfuse event. */
  static final class InvalidEvent extends RuntimeException {
    InvalidEvent(String message) {
      super(message, null, false, false);
    }
  }

  /** A string field, or null when absent or null. */
  static String text(JsonNode body, String field, String path) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual() || v.asText().isEmpty()) {
      throw new InvalidEvent(path + field + ": must be a non-empty string");
    }
    return v.asText();
  }

  /** Copies {@code from} as {@code to} unless absent or null. */
  static void copy(JsonNode body, String from, ObjectNode out, String to) {
    JsonNode v = body.get(from);
    if (v != null && !v.isNull()) {
      out.set(to, v);
    }
  }

  /** Copies a time as an ISO-8601 string with a zone ({@code Z} added to a local time). */
  static void time(JsonNode body, String from, ObjectNode out, String to) {
    String t = text(body, from, "body.");
    if (t != null) {
      out.put(to, zoned(t));
    }
  }

  static String zoned(String time) {
    return ZONED.matcher(time).matches() ? time : time + "Z";
  }

  /** Langfuse's {@code metadata}: any JSON; one that is not an object is kept as {@code {"metadata": …}}. */
  static void metadata(JsonNode body, ObjectNode out) {
    JsonNode v = body.get("metadata");
    if (v == null || v.isNull()) {
      return;
    }
    if (v.isObject()) {
      out.set("metadata", v.deepCopy());
    } else {
      metadataOf(out).set("metadata", v);
    }
  }

  /** The item's metadata object, made if it has none yet. */
  static ObjectNode metadataOf(ObjectNode out) {
    JsonNode m = out.get("metadata");
    return m instanceof ObjectNode ? (ObjectNode) m : out.putObject("metadata");
  }

  /** Langfuse's {@code version} of a trace or observation, kept as the attribute {@code version}. */
  static void version(JsonNode body, ObjectNode out) {
    JsonNode v = body.get("version");
    if (v != null && !v.isNull()) {
      out.putObject("attributes").set("version", v);
    }
  }
}
