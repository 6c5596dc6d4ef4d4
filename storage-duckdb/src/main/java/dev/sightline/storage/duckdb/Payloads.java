package dev.sightline.storage.duckdb;

import dev.sightline.core.model.Column;
import dev.sightline.core.model.Row;
import dev.sightline.core.model.Schema;
import dev.sightline.core.model.Table;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The big free-form texts of a row that no query filters, sorts or aggregates on: kept in the
 * {@link PayloadStore} rather than in DuckDB, where wide rows made every load and checkpoint several
 * times slower. A row's payload is one record: per payload column in order, a varint of the UTF-8
 * length plus one (0 for null), then the bytes. Stateless and thread-safe.
 */
final class Payloads {
  /**
   * A score's comment and metadata (schema version 9): together with binary ids, this halved what
   * DuckDB alone charges to load an evaluator's score row (BENCHMARKS.md, issue 14); either change
   * alone did nothing.
   */
  private static final List<Column> SCORES = List.of(Schema.COMMENT, Schema.METADATA);

  private Payloads() {}

  /** The table's payload columns, in the order of a record's fields. */
  static List<Column> columns(Table table) {
    return table == Table.TRACES ? Schema.TRACE_PAYLOADS : table == Table.SPANS ? Schema.SPAN_PAYLOADS : SCORES;
  }

  /** The most bytes {@link #encode} may write for the row. */
  static int maxEncodedLength(Row row) {
    long n = 0;
    for (Column c : columns(row.table())) {
      String value = row.string(c);
      n += 4 + (value == null ? 0 : 3L * value.length());
    }
    return Math.toIntExact(n);
  }

  /**
   * Writes the payload record of a row of a table that has payload columns into {@code out} at
   * {@code at} (room for {@link #maxEncodedLength} bytes), straight from the strings' chars, and
   * returns where it ends. A length is written as a four-byte varint (continuation bits on the
   * first three, which a varint reader takes as it takes the shortest form), so that it can be
   * filled in after the text.
   */
  static int encode(Row row, byte[] out, int at) {
    int pos = at;
    for (Column c : columns(row.table())) {
      String value = row.string(c);
      if (value == null) {
        out[pos++] = 0;
        continue;
      }
      int lengthAt = pos;
      pos = utf8(value, out, pos + 4);
      int v = pos - lengthAt - 4 + 1;
      out[lengthAt] = (byte) (v & 0x7f | 0x80);
      out[lengthAt + 1] = (byte) (v >>> 7 & 0x7f | 0x80);
      out[lengthAt + 2] = (byte) (v >>> 14 & 0x7f | 0x80);
      out[lengthAt + 3] = (byte) (v >>> 21 & 0x7f);
    }
    return pos;
  }

  /** UTF-8 as {@code String.getBytes(UTF_8)} makes it (an unpaired surrogate becomes '?'). */
  private static int utf8(String s, byte[] out, int at) {
    int pos = at;
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        out[pos++] = (byte) c;
      } else if (c < 0x800) {
        out[pos++] = (byte) (0xc0 | c >> 6);
        out[pos++] = (byte) (0x80 | c & 0x3f);
      } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, s.charAt(++i));
        out[pos++] = (byte) (0xf0 | cp >> 18);
        out[pos++] = (byte) (0x80 | cp >> 12 & 0x3f);
        out[pos++] = (byte) (0x80 | cp >> 6 & 0x3f);
        out[pos++] = (byte) (0x80 | cp & 0x3f);
      } else if (Character.isSurrogate(c)) {
        out[pos++] = '?';
      } else {
        out[pos++] = (byte) (0xe0 | c >> 12);
        out[pos++] = (byte) (0x80 | c >> 6 & 0x3f);
        out[pos++] = (byte) (0x80 | c & 0x3f);
      }
    }
    return pos;
  }

  /** Sets the payload columns of a row from its record, which starts at {@code at} in {@code bytes}. */
  static void decode(byte[] bytes, int at, Row.Builder row) {
    int pos = at;
    for (Column c : columns(row.table())) {
      long length = 0;
      int shift = 0;
      byte b;
      do {
        b = bytes[pos++];
        length |= (long) (b & 0x7f) << shift;
        shift += 7;
      } while (b < 0);
      if (length > 0) {
        row.set(c, new String(bytes, pos, (int) length - 1, StandardCharsets.UTF_8));
        pos += (int) length - 1;
      }
    }
  }
}
