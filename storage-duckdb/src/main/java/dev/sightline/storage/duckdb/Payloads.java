package dev.sightline.storage.duckdb;

import dev.sightline.server.model.Column;
import dev.sightline.server.model.Row;
import dev.sightline.server.model.Schema;
import dev.sightline.server.model.Table;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The big free-form texts of a row that no query filters, sorts or aggregates on: kept in the
 * {@link PayloadStore} rather than in DuckDB, where wide rows made every load and checkpoint several
 * times slower. A row's payload is one record: per payload column in order, a varint of the UTF-8
 * length plus one (0 for null), then the bytes. Stateless and thread-safe.
 */
final class Payloads {
  private static final List<Column> TRACE_COLUMNS = List.of(Schema.INPUT, Schema.OUTPUT);
  private static final List<Column> SPAN_COLUMNS = List.of(Schema.INPUT, Schema.OUTPUT, Schema.VARIABLES);

  private Payloads() {}

  /** The table's payload columns (none for scores). */
  static List<Column> columns(Table table) {
    return table == Table.TRACES ? TRACE_COLUMNS : table == Table.SPANS ? SPAN_COLUMNS : List.of();
  }

  /** The payload record of a row of a table that has payload columns. */
  static byte[] encode(Row row) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(2048);
    for (Column c : columns(row.table())) {
      String value = row.string(c);
      if (value == null) {
        out.write(0);
        continue;
      }
      byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
      for (long v = bytes.length + 1L; ; v >>>= 7) {
        if (v < 0x80) {
          out.write((int) v);
          break;
        }
        out.write((int) (v & 0x7f) | 0x80);
      }
      out.write(bytes, 0, bytes.length);
    }
    return out.toByteArray();
  }

  /** Sets the payload columns of a row from its record. */
  static void decode(byte[] record, Row.Builder row) {
    int pos = 0;
    for (Column c : columns(row.table())) {
      long length = 0;
      int shift = 0;
      byte b;
      do {
        b = record[pos++];
        length |= (long) (b & 0x7f) << shift;
        shift += 7;
      } while (b < 0);
      if (length > 0) {
        row.set(c, new String(record, pos, (int) length - 1, StandardCharsets.UTF_8));
        pos += (int) length - 1;
      }
    }
  }
}
