package dev.sightline.server.scoring;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sightline.core.model.Schema;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads and writes a {@link ScoreConfig} as JSON: {@code {"name", "dataType": "numeric" |
 * "boolean" | "categorical", "min", "max", "categories": [{"label", "value"}], "description"}}, the
 * form of the API and of the stored file. Stateless and thread-safe.
 */
final class ScoreConfigJson {
  private static final Set<String> FIELDS = Set.of("name", "dataType", "min", "max", "categories", "description");
  private static final int MAX_CATEGORIES = 100;
  private static final int MAX_DESCRIPTION = 4096;

  private ScoreConfigJson() {}

  /**
   * Reads one config of the score {@code name}; a {@code name} in the JSON must be the same.
   *
   * @throws IllegalArgumentException naming the field at fault
   */
  static ScoreConfig read(String name, JsonNode node) {
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("body: must be a JSON object");
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String field = names.next();
      if (!FIELDS.contains(field)) {
        throw new IllegalArgumentException(field + ": unknown field; known: " + FIELDS);
      }
    }
    if (name.isBlank() || name.length() > Schema.NAME.maxLength()) {
      throw new IllegalArgumentException("name: must be a non-blank score name of at most "
          + Schema.NAME.maxLength() + " characters");
    }
    JsonNode sent = node.get("name");
    if (sent != null && !sent.isNull() && !sent.asText().equals(name)) {
      throw new IllegalArgumentException("name: must be the name in the path, '" + name + "'");
    }
    ScoreConfig.DataType type = dataType(node.get("dataType"));
    Double min = number(node, "min", type);
    Double max = number(node, "max", type);
    if (min != null && max != null && min > max) {
      throw new IllegalArgumentException("max: must not be below min");
    }
    List<ScoreConfig.Category> categories = categories(node.get("categories"), type);
    JsonNode description = node.get("description");
    if (description != null && !description.isNull()
        && (!description.isTextual() || description.asText().length() > MAX_DESCRIPTION)) {
      throw new IllegalArgumentException("description: must be a string of at most " + MAX_DESCRIPTION
          + " characters");
    }
    return new ScoreConfig(name, type, min, max, categories,
        description == null || description.isNull() ? null : description.asText());
  }

  static void write(JsonGenerator g, ScoreConfig c) throws IOException {
    g.writeStartObject();
    g.writeStringField("name", c.name());
    g.writeStringField("dataType", c.dataType().wireName());
    if (c.min() != null) {
      g.writeNumberField("min", c.min());
    }
    if (c.max() != null) {
      g.writeNumberField("max", c.max());
    }
    if (c.dataType() == ScoreConfig.DataType.CATEGORICAL) {
      g.writeArrayFieldStart("categories");
      for (ScoreConfig.Category category : c.categories()) {
        g.writeStartObject();
        g.writeStringField("label", category.label());
        g.writeNumberField("value", category.value());
        g.writeEndObject();
      }
      g.writeEndArray();
    }
    if (c.description() != null) {
      g.writeStringField("description", c.description());
    }
    g.writeEndObject();
  }

  private static ScoreConfig.DataType dataType(JsonNode v) {
    if (v == null || v.isNull()) {
      throw new IllegalArgumentException("dataType: required: numeric, boolean or categorical");
    }
    for (ScoreConfig.DataType t : ScoreConfig.DataType.values()) {
      if (v.isTextual() && t.wireName().equals(v.asText().toLowerCase(Locale.ROOT))) {
        return t;
      }
    }
    throw new IllegalArgumentException("dataType: must be numeric, boolean or categorical");
  }

  private static Double number(JsonNode node, String field, ScoreConfig.DataType type) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (type != ScoreConfig.DataType.NUMERIC) {
      throw new IllegalArgumentException(field + ": only for dataType numeric");
    }
    if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
      throw new IllegalArgumentException(field + ": must be a finite number");
    }
    return v.asDouble();
  }

  private static List<ScoreConfig.Category> categories(JsonNode v, ScoreConfig.DataType type) {
    boolean absent = v == null || v.isNull();
    if (type != ScoreConfig.DataType.CATEGORICAL) {
      if (!absent) {
        throw new IllegalArgumentException("categories: only for dataType categorical");
      }
      return List.of();
    }
    if (absent || !v.isArray() || v.isEmpty() || v.size() > MAX_CATEGORIES) {
      throw new IllegalArgumentException("categories: must be an array of 1 to " + MAX_CATEGORIES
          + " {\"label\", \"value\"}");
    }
    List<ScoreConfig.Category> categories = new ArrayList<>();
    Set<String> labels = new HashSet<>();
    for (int i = 0; i < v.size(); i++) {
      String at = "categories[" + i + "]";
      JsonNode c = v.get(i);
      JsonNode label = c.get("label");
      JsonNode value = c.get("value");
      if (!c.isObject() || c.size() != 2 || label == null || value == null) {
        throw new IllegalArgumentException(at + ": must be {\"label\": string, \"value\": number}");
      }
      if (!label.isTextual() || label.asText().isBlank() || label.asText().length() > Schema.LABEL.maxLength()) {
        throw new IllegalArgumentException(at + ".label: must be a non-blank string of at most "
            + Schema.LABEL.maxLength() + " characters");
      }
      if (!value.isNumber() || !Double.isFinite(value.asDouble())) {
        throw new IllegalArgumentException(at + ".value: must be a finite number");
      }
      if (!labels.add(label.asText())) {
        throw new IllegalArgumentException(at + ".label: '" + label.asText() + "' is already a category");
      }
      categories.add(new ScoreConfig.Category(label.asText(), value.asDouble()));
    }
    return categories;
  }
}
