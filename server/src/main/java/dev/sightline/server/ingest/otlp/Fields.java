package dev.sightline.server.ingest.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.sightline.server.ingest.FieldRules;
import dev.sightline.server.model.Column;
import dev.sightline.server.model.ColumnType;
import dev.sightline.server.model.Row;
import dev.sightline.server.model.Schema;
import dev.sightline.server.model.Table;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Sightline fields mapped so far for one row: the conventions fill them in order of
 * precedence, so a field once set is kept ({@link #offer}). JSON fields are held as trees until
 * the row is built, so several attributes can add to one object (metadata, model parameters).
 * Not thread-safe.
 */
final class Fields {
  private final Table table;
  private final Map<Column, Object> values = new LinkedHashMap<>();

  Fields(Table table) {
    this.table = table;
  }

  boolean has(Column c) {
    return values.containsKey(c);
  }

  Object get(Column c) {
    return values.get(c);
  }

  /**
   * Sets a field unless it is already set or the value is null (or a JSON null).
   *
   * @param value the Java type of the column (see {@link ColumnType}), but JSON as a {@link JsonNode}
   *     (or text, taken as a JSON string)
   * @return whether the value was taken
   */
  boolean offer(Column c, Object value) {
    if (value == null || value instanceof JsonNode && ((JsonNode) value).isNull() || has(c)) {
      return false;
    }
    set(c, value);
    return true;
  }

  /** Sets a field, replacing what it held; text for a JSON field is a JSON string. */
  void set(Column c, Object value) {
    if (!table.has(c)) {
      throw new IllegalArgumentException(table + " has no column " + c);
    }
    values.put(c, c.type() == ColumnType.JSON && value instanceof String ? TextNode.valueOf((String) value) : value);
  }

  /**
   * The JSON object held by a field, created empty if absent, to which attributes add keys; a
   * value that is not an object is kept under the key {@code value}.
   */
  ObjectNode object(Column c) {
    Object current = values.get(c);
    if (current instanceof ObjectNode) {
      return (ObjectNode) current;
    }
    ObjectNode object = AnyValues.NODES.objectNode();
    if (current != null) {
      object.set("value", (JsonNode) current);
    }
    values.put(c, object);
    return object;
  }

  /**
   * Adds to an object field the keys of a JSON object that it lacks (keys set earlier, by a more
   * explicit convention, win); a value that is not an object is added under {@code key}.
   */
  void merge(Column c, String key, JsonNode value) {
    if (value == null || value.isNull()) {
      return;
    }
    ObjectNode target = object(c);
    if (value.isObject()) {
      for (Map.Entry<String, JsonNode> e : value.properties()) {
        target.putIfAbsent(e.getKey(), e.getValue());
      }
    } else {
      target.putIfAbsent(key, value);
    }
  }

  boolean isEmpty() {
    return values.isEmpty();
  }

  /**
   * Builds the row with the limits of the native protocol.
   *
   * @throws IllegalArgumentException naming the field at fault
   */
  Row.Builder build(String projectId) {
    Row.Builder row = Row.builder(table).set(Schema.PROJECT_ID, projectId);
    for (Map.Entry<Column, Object> e : values.entrySet()) {
      Column c = e.getKey();
      Object v = c.type() == ColumnType.JSON ? e.getValue().toString() : e.getValue();
      try {
        row.set(c, FieldRules.check(c, v));
      } catch (IllegalArgumentException ex) {
        throw new IllegalArgumentException(c.name() + ": " + ex.getMessage());
      }
    }
    return row;
  }
}
