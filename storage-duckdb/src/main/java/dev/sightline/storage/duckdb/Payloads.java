package dev.sightline.storage.duckdb;

import dev.sightline.core.model.Column;
import dev.sightline.core.model.EvaluatorVerdict;
import dev.sightline.core.model.Row;
import dev.sightline.core.model.Schema;
import dev.sightline.core.model.Table;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The big free-form texts of a row that no query filters, sorts or aggregates on: kept in the
 * {@link PayloadStore} rather than in DuckDB, where wide rows made every load and checkpoint several
 * times slower. A row's payload is one record: per payload column in order, a varint of the UTF-8
 * length plus one (0 for null), then the bytes. A span row's record is followed by the fields of
 * the verdicts packed into its row ({@link Verdicts}), each's comment and metadata as a score's
 * record has them: readers of the span stop before them. Stateless and thread-safe.
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

  /** The most bytes {@link #encode} may write for the row and its packed verdicts. */
  static int maxEncodedLength(Row row, List<EvaluatorVerdict> packed) {
    long n = 0;
    for (Column c : columns(row.table())) {
      n += maxLength(row.string(c));
    }
    for (EvaluatorVerdict v : packed) {
      n += maxLength(v.comment()) + maxLength(v.metadata());
    }
    return Math.toIntExact(n);
  }

  private static long maxLength(String value) {
    return 4 + (value == null ? 0 : 3L * value.length());
  }

  /**
   * Writes the payload record of a row of a table that has payload columns into {@code out} at
   * {@code at} (room for {@link #maxEncodedLength} bytes), and returns where it ends. A length is
   * written as a four-byte varint (continuation bits on the first three, which a varint reader
   * takes as it takes the shortest form). The text's bytes are {@code String.getBytes(UTF_8)}'s (an
   * unpaired surrogate becomes '?'): for the usual Latin-1 string without a byte above 127 that is
   * one vectorized check and copy, several times faster than encoding it char by char into
   * {@code out} (which this did before 2026-12-07), for a short-lived array.
   */
  static int encode(Row row, List<EvaluatorVerdict> packed, byte[] out, int at) {
    int pos = at;
    for (Column c : columns(row.table())) {
      pos = encode(row.string(c), out, pos);
    }
    for (EvaluatorVerdict v : packed) { // as a score's record: comment, then metadata (SCORES)
      pos = encode(v.metadata(), out, encode(v.comment(), out, pos));
    }
    return pos;
  }

  private static int encode(String value, byte[] out, int at) {
    if (value == null) {
      out[at] = 0;
      return at + 1;
    }
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    int v = utf8.length + 1;
    out[at] = (byte) (v & 0x7f | 0x80);
    out[at + 1] = (byte) (v >>> 7 & 0x7f | 0x80);
    out[at + 2] = (byte) (v >>> 14 & 0x7f | 0x80);
    out[at + 3] = (byte) (v >>> 21 & 0x7f);
    System.arraycopy(utf8, 0, out, at + 4, utf8.length);
    return at + 4 + utf8.length;
  }

  /**
   * Where the fields of the {@code k}th score packed into a span row start, in the span's record
   * that starts at {@code at}: its comment and metadata are read as a score's record.
   */
  static int packedAt(byte[] bytes, int at, int k) {
    int pos = at;
    for (int field = Schema.SPAN_PAYLOADS.size() + SCORES.size() * k; field > 0; field--) {
      long f = field(bytes, pos);
      pos = (int) (f >>> 32) + Math.max(0, (int) f - 1);
    }
    return pos;
  }

  /** Sets the payload columns of a row from its record, which starts at {@code at} in {@code bytes}. */
  static void decode(byte[] bytes, int at, Row.Builder row) {
    int pos = at;
    for (Column c : columns(row.table())) {
      long f = field(bytes, pos);
      int text = (int) (f >>> 32);
      int length = (int) f - 1; // -1: null
      if (length >= 0) {
        row.set(c, new String(bytes, text, length, StandardCharsets.UTF_8));
      }
      pos = text + Math.max(0, length);
    }
  }

  /**
   * The field at {@code pos}: where its text starts (high 32 bits) and its varint, the UTF-8 length
   * plus one or 0 for null (low 32 bits).
   */
  private static long field(byte[] bytes, int pos) {
    long length = 0;
    int shift = 0;
    byte b;
    do {
      b = bytes[pos++];
      length |= (long) (b & 0x7f) << shift;
      shift += 7;
    } while (b < 0);
    return (long) pos << 32 | length;
  }
}
