package dev.sightline.server.datasets;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sightline.core.codec.JsonErrors;
import dev.sightline.core.codec.NativeDecoder;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * What the request bodies of the dataset API share: JSON read within a nesting limit, objects
 * checked for unknown fields, lists of one or many, and JSON payloads bounded in bytes. Every
 * refusal is an {@link IllegalArgumentException} naming the field. Stateless and thread-safe.
 */
final class Bodies {
  /** Items, or run results, one request may carry. */
  static final int MAX_PER_REQUEST = 1000;
  private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(NativeDecoder.MAX_DEPTH).build())
      .build());

  private Bodies() {}

  /** The body as a JSON object. */
  static JsonNode object(String body) {
    JsonNode node;
    try {
      node = JSON.readTree(body.isEmpty() ? "null" : body);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(JsonErrors.malformed(e, NativeDecoder.MAX_DEPTH).getMessage());
    }
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("body: must be a JSON object");
    }
    return node;
  }

  /**
   * The body's one object, or the elements of its {@code listField} when that is its only field
   * (then 1 to {@link #MAX_PER_REQUEST} objects), each with the prefix its errors are named by
   * ({@code ""} or {@code "items[3]."}).
   */
  static List<Element> oneOrMany(JsonNode body, String listField) {
    if (!(body.size() == 1 && body.has(listField))) {
      return List.of(new Element("", body));
    }
    JsonNode list = body.get(listField);
    if (!list.isArray() || list.isEmpty() || list.size() > MAX_PER_REQUEST) {
      throw new IllegalArgumentException(listField + ": must be an array of 1 to " + MAX_PER_REQUEST + " objects");
    }
    List<Element> out = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      String at = listField + "[" + i + "].";
      if (!list.get(i).isObject()) {
        throw new IllegalArgumentException(at.substring(0, at.length() - 1) + ": must be an object");
      }
      out.add(new Element(at, list.get(i)));
    }
    return out;
  }

  /** One object of a request, and how its fields are named in errors. */
  record Element(String at, JsonNode node) {}

  /** Refuses any field of {@code node} not in {@code known}. */
  static void known(JsonNode node, String at, Set<String> known) {
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String field = names.next();
      if (!known.contains(field)) {
        throw new IllegalArgumentException(at + field + ": unknown field; known: " + known);
      }
    }
  }

  /** A JSON payload as compact text, null if absent or JSON null; refused if larger than {@code maxBytes}. */
  static String payload(JsonNode node, String at, String field, int maxBytes) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    return bounded(v.toString(), at + field, maxBytes);
  }

  /** The compact JSON text, refused if larger than {@code maxBytes} in UTF-8. */
  static String bounded(String json, String field, int maxBytes) {
    long bytes = utf8Length(json);
    if (bytes > maxBytes) {
      throw new IllegalArgumentException(field + ": " + bytes + " bytes of JSON, more than the limit of "
          + maxBytes);
    }
    return json;
  }

  /** The bytes of the text in UTF-8, counted without encoding it; 0 for null. */
  static long utf8Length(String text) {
    if (text == null) {
      return 0;
    }
    long n = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        n++;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        n += 4;
        i++;
      } else {
        n += 3;
      }
    }
    return n;
  }

  /** A string field, null if absent; refused if not a string or longer than {@code maxChars}. */
  static String text(JsonNode node, String at, String field, int maxChars) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual() || v.asText().length() > maxChars) {
      throw new IllegalArgumentException(at + field + ": must be a string of at most " + maxChars + " characters");
    }
    return v.asText();
  }
}
