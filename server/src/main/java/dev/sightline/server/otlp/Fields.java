package dev.sightline.server.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.sightline.core.codec.FieldRules;
import dev.sightline.core.model.Column;
import dev.sightline.core.model.ColumnType;
import dev.sightline.core.model.Row;
import dev.sightline.core.model.Schema;
import dev.sightline.core.model.Table;
import java.util.Arrays;
import java.util.Map;

/**
 * The Sightline fields mapped so far for one row: the conventions fill them in order of
 * precedence, so a field once set is kept ({@link #offer}). JSON fields are held as trees until
 * the row is built, so several attributes can add to one object (metadata, model parameters), or
 * as {@link RawJson} text that no convention changed. A few columns at most, so they are kept in
 * arrays in the order set (which orders the checks of {@link #build}). Not thread-safe.
 */
final class Fields {
  private final Table table;
  private Column[] columns = new Column[16];
  private Object[] values = new Object[16];
  private int size;

  Fields(Table table) {
    this.table = table;
  }

  private int find(Column c) {
    for (int i = 0; i < size; i++) {
      if (columns[i] == c) {
        return i;
      }
    }
    return -1;
  }

  boolean has(Column c) {
    return find(c) >= 0;
  }

  Object get(Column c) {
    int at = find(c);
    return at < 0 ? null : values[at];
  }

  /**
   * Sets a field unless it is already set or the value is null (or a JSON null).
   *
   * @param value the Java type of the column (see {@link ColumnType}), but JSON as a {@link JsonNode}
   *     or {@link RawJson} (or text, taken as a JSON string)
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
    put(c, c.type() == ColumnType.JSON && value instanceof String ? TextNode.valueOf((String) value) : value);
  }

  private void put(Column c, Object value) {
    int at = find(c);
    if (at >= 0) {
      values[at] = value;
      return;
    }
    if (size == columns.length) {
      columns = Arrays.copyOf(columns, size * 2);
      values = Arrays.copyOf(values, size * 2);
    }
    columns[size] = c;
    values[size++] = value;
  }

  /**
   * The JSON object held by a field, created empty if absent, to which attributes add keys; a
   * value that is not an object is kept under the key {@code value}.
   */
  ObjectNode object(Column c) {
    Object current = get(c);
    if (current instanceof ObjectNode) {
      return (ObjectNode) current;
    }
    JsonNode tree = current == null ? null : RawJson.tree(current);
    if (tree instanceof ObjectNode) {
      put(c, tree);
      return (ObjectNode) tree;
    }
    ObjectNode object = AnyValues.NODES.objectNode();
    if (tree != null) {
      object.set("value", tree);
    }
    put(c, object);
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
    return size == 0;
  }

  /**
   * Builds the row with the limits of the native protocol.
   *
   * @throws IllegalArgumentException naming the field at fault
   */
  Row.Builder build(String projectId) {
    Row.Builder row = Row.builder(table).set(Schema.PROJECT_ID, projectId);
    for (int i = 0; i < size; i++) {
      Column c = columns[i];
      Object v = values[i] instanceof JsonNode ? JsonText.print((JsonNode) values[i])
          : c.type() == ColumnType.JSON ? values[i].toString() : values[i];
      try {
        row.set(c, FieldRules.check(c, v));
      } catch (IllegalArgumentException ex) {
        throw new IllegalArgumentException(c.name() + ": " + ex.getMessage());
      }
    }
    return row;
  }
}
