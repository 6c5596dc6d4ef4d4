package dev.sightline.core.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.sightline.core.model.Column;
import dev.sightline.core.model.Row;
import dev.sightline.core.model.Schema;
import dev.sightline.core.model.Table;
import dev.sightline.core.storage.QuerySemantics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;

/**
 * Writes rows in the wire format of the native protocol: camelCase fields, {@code user} and
 * {@code organization} as nested objects, JSON fields as JSON, times as epoch microseconds, absent
 * fields left out. Adds {@code duration} (microseconds) to traces and spans.
 */
public final class RowJson {
  /**
   * Each column's field name (the part after the dot of a dotted name), encoded once, and its group
   * (the part before the dot, or null), by table ({@link Table#all()} order) and column position:
   * Jackson then copies the name's quoted bytes instead of escaping it char by char for every row
   * (a seventh of the JSON writing of an export, BENCHMARKS.md issue 13), and no row splits a name.
   * Filled in once, read-only after: thread-safe.
   */
  private static final SerializableString[][] FIELD_NAMES = new SerializableString[Table.all().size()][];
  private static final String[][] GROUPS = new String[Table.all().size()][];

  static {
    for (int t = 0; t < Table.all().size(); t++) {
      List<Column> columns = Table.all().get(t).columns();
      FIELD_NAMES[t] = new SerializableString[columns.size()];
      GROUPS[t] = new String[columns.size()];
      for (int i = 0; i < columns.size(); i++) {
        String name = columns.get(i).name();
        int dot = name.indexOf('.');
        FIELD_NAMES[t][i] = new SerializedString(name.substring(dot + 1));
        GROUPS[t][i] = dot < 0 ? null : name.substring(0, dot);
      }
    }
  }

  /** Writes the row's fields into the object the generator is in; the caller opens and closes it. */
  public static void writeFields(JsonGenerator g, Row row) throws IOException {
    writeFields(g, row, List.of());
  }

  /** As {@link #writeFields(JsonGenerator, Row)}, leaving out the {@code omitted} columns. */
  public static void writeFields(JsonGenerator g, Row row, Collection<Column> omitted) throws IOException {
    String group = null;
    List<Column> columns = row.table().columns();
    int t = Table.all().indexOf(row.table());
    for (int i = 0; i < columns.size(); i++) {
      Column c = columns.get(i);
      Object v = row.get(i);
      if (v == null || c == Schema.PROJECT_ID || omitted.contains(c)) {
        continue;
      }
      String nextGroup = GROUPS[t][i];
      if (group != null && !group.equals(nextGroup)) {
        g.writeEndObject();
      }
      if (nextGroup != null && !nextGroup.equals(group)) {
        g.writeObjectFieldStart(nextGroup);
      }
      group = nextGroup;
      g.writeFieldName(FIELD_NAMES[t][i]);
      writeValue(g, c, v);
    }
    if (group != null) {
      g.writeEndObject();
    }
    if (row.table() != Table.SCORES) {
      Long duration = QuerySemantics.duration(row);
      if (duration != null) {
        g.writeNumberField("duration", duration);
      }
    }
  }

  /** Writes the row as one JSON object. */
  public static void write(JsonGenerator g, Row row) throws IOException {
    g.writeStartObject();
    writeFields(g, row);
    g.writeEndObject();
  }

  private static void writeValue(JsonGenerator g, Column c, Object v) throws IOException {
    writeValue(g, c, v, false);
  }

  /**
   * Writes a column's value; a JSON column's text as JSON, or with {@code jsonAsString} as a JSON
   * string holding that text (which reads back exactly as it was, spacing and all).
   */
  static void writeValue(JsonGenerator g, Column c, Object v, boolean jsonAsString) throws IOException {
    switch (c.type()) {
      case JSON:
        if (jsonAsString) {
          g.writeString((String) v);
        } else {
          g.writeRawValue(new RawText((String) v));
        }
        break;
      case STRING:
        g.writeString((String) v);
        break;
      case LONG:
      case TIMESTAMP:
        g.writeNumber((Long) v);
        break;
      case DOUBLE:
        g.writeNumber((Double) v);
        break;
      case BOOLEAN:
        g.writeBoolean((Boolean) v);
        break;
      case STRING_LIST:
        g.writeStartArray();
        for (Object s : (List<?>) v) {
          g.writeString((String) s);
        }
        g.writeEndArray();
        break;
      default:
        throw new AssertionError(c.type());
    }
  }

  /**
   * A JSON text to write as it is, encoded by the JDK (an intrinsic copy for ASCII text) rather than
   * by Jackson's raw writer, which encodes it char by char: for the payloads of an export that was
   * the largest part of writing JSON (BENCHMARKS.md, issue 13). An unpaired surrogate, which text
   * from well-formed UTF-8 never has, becomes {@code ?}. Immutable.
   */
  private static final class RawText extends SerializedString {
    RawText(String text) {
      super(text);
      _unquotedUTF8Ref = text.getBytes(StandardCharsets.UTF_8);
    }
  }

  private RowJson() {}
}
