package dev.sightline.core.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import dev.sightline.core.model.Column;
import dev.sightline.core.model.Row;
import dev.sightline.core.model.Schema;
import dev.sightline.core.model.Table;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Rows as the server itself writes them, for its write-ahead log when it changed a request before
 * storing it (masking): {@code {"rows":[{"table":"span","values":{...}}, ...]}}, every column by
 * its name, JSON columns as the string of their text so that they read back exactly as they were.
 * Decoding gives back equal rows; it trusts its input, which only the server writes, beyond
 * refusing what it cannot read. Thread-safe.
 */
public final class RowsCodec implements RequestDecoder {
  private static final JsonFactory JSON = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
      .build();

  /** The rows, in order, without their project (the log keeps it with the record). */
  public byte[] encode(List<Row> rows) {
    try (ByteArrayBuilder out = new ByteArrayBuilder(4096); JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeArrayFieldStart("rows");
      for (Row row : rows) {
        g.writeStartObject();
        g.writeStringField("table", row.table().itemType());
        g.writeObjectFieldStart("values");
        List<Column> columns = row.table().columns();
        for (int i = 0; i < columns.size(); i++) {
          Object v = row.get(i);
          if (v != null && columns.get(i) != Schema.PROJECT_ID) {
            g.writeFieldName(columns.get(i).name());
            RowJson.writeValue(g, columns.get(i), v, true);
          }
        }
        g.writeEndObject();
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
      g.flush();
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The rows of {@link #encode}, each given the project; {@code receivedAt} is not needed. */
  @Override
  public DecodedBatch decode(byte[] body, String projectId, long receivedAt) {
    List<Row> rows = new ArrayList<>();
    try (JsonParser p = JSON.createParser(body)) {
      expect(p.nextToken() == JsonToken.START_OBJECT && p.nextToken() == JsonToken.FIELD_NAME
          && p.currentName().equals("rows") && p.nextToken() == JsonToken.START_ARRAY);
      while (p.nextToken() == JsonToken.START_OBJECT) {
        expect(p.nextToken() == JsonToken.FIELD_NAME && p.nextToken() == JsonToken.VALUE_STRING);
        Table table = table(p.getText());
        expect(p.nextToken() == JsonToken.FIELD_NAME && p.nextToken() == JsonToken.START_OBJECT);
        Row.Builder row = Row.builder(table).set(Schema.PROJECT_ID, projectId);
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          Column c = table.column(p.currentName());
          expect(c != null);
          p.nextToken();
          row.set(c, readValue(p, c));
        }
        expect(p.nextToken() == JsonToken.END_OBJECT);
        rows.add(row.build());
      }
    } catch (IOException e) {
      throw new IngestException(400, "rows: not readable (" + e.getMessage() + ")");
    }
    return new DecodedBatch(rows, List.of(), rows.size());
  }

  /**
   * The value of a column the parser is at, as {@link RowJson} writes it with JSON columns as
   * strings of their text; shared by every reader of rows this way.
   */
  public static Object readValue(JsonParser p, Column c) throws IOException {
    switch (c.type()) {
      case JSON:
      case STRING:
        return p.getText();
      case LONG:
      case TIMESTAMP:
        return p.getLongValue();
      case DOUBLE:
        return p.getDoubleValue();
      case BOOLEAN:
        return p.getBooleanValue();
      case STRING_LIST:
        List<String> items = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          items.add(p.getText());
        }
        return List.copyOf(items);
      default:
        throw new AssertionError(c.type());
    }
  }

  private static Table table(String itemType) throws IOException {
    for (Table t : Table.all()) {
      if (t.itemType().equals(itemType)) {
        return t;
      }
    }
    throw new IOException("no table " + itemType);
  }

  private static void expect(boolean shape) throws IOException {
    if (!shape) {
      throw new IOException("unexpected structure");
    }
  }
}
