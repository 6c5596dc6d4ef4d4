package dev.sightline.server.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * An evaluator's {@code config} object, read field by field; every error is an
 * {@link IllegalArgumentException} whose message starts with the field ({@code config.pattern: ...}),
 * for a 400 answer. Immutable.
 */
final class Config {
  private final JsonNode node;

  private Config(JsonNode node) {
    this.node = node;
  }

  /**
   * The config, checked to be an object (null or absent reads as empty) holding only fields of
   * {@code allowed}.
   */
  static Config of(JsonNode node, Set<String> allowed) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return new Config(JsonNodeFactory.instance.objectNode());
    }
    if (!node.isObject()) {
      throw new IllegalArgumentException("config: must be an object");
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (name.equals("apiKey")) {
        throw error(name, "keys are never stored; name an environment variable in apiKeyEnv");
      }
      if (!allowed.contains(name)) {
        throw error(name, "unknown field; there are " + new TreeSet<>(allowed));
      }
    }
    return new Config(node);
  }

  static IllegalArgumentException error(String field, String message) {
    return new IllegalArgumentException("config." + field + ": " + message);
  }

  boolean has(String field) {
    return node.has(field) && !node.get(field).isNull();
  }

  JsonNode get(String field) {
    return node.get(field);
  }

  /** A required non-blank string. */
  String text(String field) {
    if (!has(field)) {
      throw error(field, "required");
    }
    return text(field, null);
  }

  /** A non-blank string, or {@code otherwise} when absent. */
  String text(String field, String otherwise) {
    if (!has(field)) {
      return otherwise;
    }
    JsonNode v = node.get(field);
    if (!v.isTextual() || v.textValue().isBlank()) {
      throw error(field, "must be a non-empty string");
    }
    return v.textValue();
  }

  /** One of {@code choices}, or the first of them when absent. */
  String choice(String field, List<String> choices) {
    String value = text(field, choices.get(0));
    if (!choices.contains(value)) {
      throw error(field, "must be one of " + choices);
    }
    return value;
  }

  boolean bool(String field, boolean otherwise) {
    if (!has(field)) {
      return otherwise;
    }
    if (!node.get(field).isBoolean()) {
      throw error(field, "must be true or false");
    }
    return node.get(field).booleanValue();
  }

  /** A number of at least {@code min} (more than {@code min} if {@code exclusive}), or null when absent. */
  Double number(String field, double min, boolean exclusive) {
    if (!has(field)) {
      return null;
    }
    JsonNode v = node.get(field);
    double d = v.asDouble();
    if (!v.isNumber() || !Double.isFinite(d) || d < min || exclusive && d == min) {
      throw error(field, "must be a number " + (exclusive ? "above " : "of at least ") + format(min));
    }
    return d;
  }

  /** An integer in [min, max], or {@code otherwise} when absent (null allowed). */
  Integer integer(String field, int min, int max, Integer otherwise) {
    if (!has(field)) {
      return otherwise;
    }
    JsonNode v = node.get(field);
    if (!v.canConvertToInt() || !v.isIntegralNumber() || v.intValue() < min || v.intValue() > max) {
      throw error(field, "must be an integer from " + min + " to " + max);
    }
    return v.intValue();
  }

  /** A required non-empty list of non-empty strings. */
  List<String> strings(String field) {
    JsonNode v = node.get(field);
    if (v == null || !v.isArray() || v.isEmpty()) {
      throw error(field, "must be a non-empty list of strings");
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      if (!v.get(i).isTextual() || v.get(i).textValue().isEmpty()) {
        throw error(field + "[" + i + "]", "must be a non-empty string");
      }
      out.add(v.get(i).textValue());
    }
    return List.copyOf(out);
  }

  /** An object of string values, in order; empty when absent. */
  Map<String, String> stringMap(String field) {
    if (!has(field)) {
      return Map.of();
    }
    JsonNode v = node.get(field);
    if (!v.isObject()) {
      throw error(field, "must be an object of strings");
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().isTextual()) {
        throw error(field + "." + e.getKey(), "must be a string");
      }
      out.put(e.getKey(), e.getValue().textValue());
    }
    return out;
  }

  private static String format(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }
}
