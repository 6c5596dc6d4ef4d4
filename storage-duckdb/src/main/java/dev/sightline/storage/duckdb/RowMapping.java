package dev.sightline.storage.duckdb;

import dev.sightline.core.model.Column;
import dev.sightline.core.model.ColumnType;
import dev.sightline.core.model.Row;
import dev.sightline.core.model.Schema;
import dev.sightline.core.model.Table;
import dev.sightline.core.storage.QuerySemantics;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.StringJoiner;
import java.util.UUID;
import org.duckdb.DuckDBAppender;

/**
 * Maps {@link Table}/{@link Column} metadata onto DuckDB: column types, column lists, reading a
 * result row back into a {@link Row} and appending a {@link Row}. Everything is derived from the
 * metadata, so a new column needs no code here. Stateless and thread-safe.
 */
final class RowMapping {
  /**
   * The load batch that last wrote a row: a hidden column on every table, so that recovery can
   * remove rows of a batch that never committed.
   */
  static final String BATCH_COLUMN = "_batch";
  /**
   * A hidden column of traces and spans: the sequence number of this version of the row, its
   * document in the {@link TextIndex}; a new version gets a new number. Rows are appended in its
   * order, so DuckDB skips every row group outside a range of them by its min/max statistics.
   */
  static final String SEQ = "_seq";
  /**
   * Hidden columns on every table: where the row's {@link Payloads} are in the
   * {@link PayloadStore} (block reference, offset in the block, length), or NULL if its payload
   * columns are stored in DuckDB (rows written before their table's payloads went to the payload
   * store: in {@link Extras}). Rows written before payloads were compressed have no offset
   * ({@link LegacyPayloads}).
   */
  static final String PAYLOAD = "_payload";
  static final String PAYLOAD_AT = "_payload_at";
  static final String PAYLOAD_LENGTH = "_payload_length";

  /**
   * A hidden column on every table: the row's {@link QuerySemantics#start start}, 0 if it has
   * none, as listings sort by it. Listings order by this plain column rather than an expression,
   * so DuckDB's top-N skips every row group whose min/max cannot make the page; rows arrive in
   * about time order, so the first page reads only the newest row groups.
   */
  static final String START = "_start";

  private RowMapping() {}

  /**
   * The definitions of the hidden columns every table has after the model's, in the order the
   * migrations added them (which is the order an appender fills them in).
   *
   * @param notNull whether {@link #BATCH_COLUMN} is declared NOT NULL (stored tables) or not
   *     (staging tables)
   */
  static String hiddenDefinitions(boolean notNull) {
    return BATCH_COLUMN + " BIGINT" + (notNull ? " NOT NULL, " : ", ") + PAYLOAD + " BIGINT, " + PAYLOAD_LENGTH
        + " INTEGER, " + START + " BIGINT, " + SEQ + " BIGINT, " + PAYLOAD_AT + " INTEGER";
  }

  /** The names of the {@link #hiddenDefinitions hidden columns}, in the same order. */
  static String hiddenColumns() {
    return BATCH_COLUMN + ", " + PAYLOAD + ", " + PAYLOAD_LENGTH + ", " + START + ", " + SEQ + ", " + PAYLOAD_AT;
  }

  /**
   * The DuckDB type of a column of a table. Timestamps stay epoch microseconds in a BIGINT; trace
   * and span ids are binary ({@link Ids}) in every table: scores' too since schema version 9, which
   * together with their texts in the {@link PayloadStore} halved what DuckDB alone charges for a
   * score row (BENCHMARKS.md, issue 14).
   */
  static String sqlType(Table table, Column column) {
    if (column == Schema.TRACE_ID) {
      return "UUID";
    }
    if (column == Schema.SPAN_ID || column == Schema.PARENT_SPAN_ID) {
      return "BIGINT";
    }
    return plainType(column);
  }

  /**
   * A SQL expression that turns a column of the table as migration 1 created it ({@link
   * #plainType}) into its value in {@link #sqlType}: hex ids cast to their binary form (failing
   * on one that is not hex, which ingest never stores), anything else as it is.
   */
  static String fromPlain(Table table, Column column) {
    String type = sqlType(table, column);
    return type.equals("UUID") ? "CAST(" + column.sqlName() + " AS UUID)"
        : type.equals("BIGINT") && column.type() == ColumnType.STRING
            ? "CAST(CAST(CAST(('0x' || " + column.sqlName() + ") AS UBIGINT) AS HUGEINT)"
                + " - 9223372036854775808 AS BIGINT)"
            : column.sqlName();
  }

  /** The type a column had before ids were binary, as migration 1 created it. */
  static String plainType(Column column) {
    switch (column.type()) {
      case STRING:
      case JSON: // Kept verbatim as VARCHAR: the JSON type would re-serialise what clients sent.
        return "VARCHAR";
      case LONG:
      case TIMESTAMP:
        return "BIGINT";
      case DOUBLE:
        return "DOUBLE";
      case BOOLEAN:
        return "BOOLEAN";
      case STRING_LIST:
        return "VARCHAR[]";
      default:
        throw new AssertionError(column.type());
    }
  }

  /**
   * The columns of the table that DuckDB has one of its own for, in storage order: all but the
   * payload columns ({@link Payloads}) and the {@link Extras}.
   */
  static List<Column> stored(Table table) {
    return table == Table.TRACES ? STORED_TRACES : table == Table.SPANS ? STORED_SPANS : STORED_SCORES;
  }

  private static final List<Column> STORED_TRACES = ownColumns(Table.TRACES);
  private static final List<Column> STORED_SPANS = ownColumns(Table.SPANS);
  private static final List<Column> STORED_SCORES = ownColumns(Table.SCORES);

  private static List<Column> ownColumns(Table table) {
    List<Column> out = new ArrayList<>();
    for (Column c : table.columns()) {
      if (!Payloads.columns(table).contains(c) && !Extras.holds(table, c)) {
        out.add(c);
      }
    }
    return List.copyOf(out);
  }

  /** {@code name TYPE, ...} for the table's own columns and its extras, in storage order. */
  static String columnDefinitions(Table table) {
    StringJoiner out = new StringJoiner(", ");
    for (Column c : stored(table)) {
      out.add(c.sqlName() + " " + sqlType(table, c));
    }
    out.add(Extras.COLUMN + " VARCHAR");
    return out.toString();
  }

  /**
   * The table's own columns and its extras in storage order, each prefixed by {@code alias.}
   * unless it is empty.
   */
  static String columnList(Table table, String alias) {
    StringJoiner out = new StringJoiner(", ");
    String prefix = alias.isEmpty() ? "" : alias + ".";
    for (Column c : stored(table)) {
      out.add(prefix + c.sqlName());
    }
    out.add(prefix + Extras.COLUMN);
    return out.toString();
  }

  /**
   * What a SELECT reads a row with ({@link #read}): the table's columns, extras and the payload
   * reference, each prefixed by {@code alias.}; for scores, then {@link #SEQ}, which is NULL in
   * the table and, for a score packed into its span's row, its index there ({@link Verdicts}).
   */
  static String selectList(Table table, String alias) {
    return columnList(table, alias) + ", " + alias + "." + PAYLOAD + ", " + alias + "." + PAYLOAD_LENGTH
        + ", " + alias + "." + PAYLOAD_AT + (table == Table.SCORES ? ", " + alias + "." + SEQ : "");
  }

  /** How many columns {@link #selectList} has. */
  static int selectWidth(Table table) {
    return stored(table).size() + 1 + 3 + (table == Table.SCORES ? 1 : 0);
  }

  /** The value to bind for a column of a table ({@link Ids} for binary ids). */
  static Object bindable(Table table, Column column, Object value) {
    if (value == null) {
      return null;
    }
    String type = sqlType(table, column);
    return type.equals("UUID") ? Ids.trace((String) value)
        : type.equals("BIGINT") && value instanceof String ? (Object) Ids.span((String) value) : value;
  }

  /**
   * Reads a row selected with {@link #selectList}, starting at a 1-based column index, with its
   * payload columns from the store (left out if {@code payloads} is null).
   */
  static Row read(Table table, ResultSet rs, int firstIndex, PayloadStore payloads) throws SQLException {
    RowBatch one = new RowBatch(table, payloads);
    one.add(rs, firstIndex);
    return one.build().get(0);
  }

  /**
   * Reads the own columns and extras of a row selected with {@link #selectList} into a new builder
   * added to {@code rows}, and returns the index of the payload reference columns that follow.
   */
  static int readColumns(List<Row.Builder> rows, Table table, ResultSet rs, int firstIndex) throws SQLException {
    Row.Builder row = Row.builder(table);
    int index = firstIndex;
    for (Column c : stored(table)) {
      row.set(c, value(table, c, rs, index++));
    }
    Extras.decode(rs.getString(index++), row);
    rows.add(row);
    return index;
  }

  /**
   * Begins an appender row with the row's own columns and extras in storage order; the caller
   * appends the hidden columns of its target table and ends the row. The columns' slots and how a
   * text is appended (as itself, a UUID or a span id) are worked out once per table.
   */
  static void beginRow(DuckDBAppender appender, Row row) throws SQLException {
    appender.beginRow();
    Table table = row.table();
    Appending plan = table == Table.TRACES ? TRACE_APPENDING : table == Table.SPANS ? SPAN_APPENDING : SCORE_APPENDING;
    int[] slots = plan.slots;
    byte[] texts = plan.texts;
    for (int i = 0; i < slots.length; i++) {
      Object v = row.get(slots[i]);
      if (v == null) {
        appender.appendNull();
      } else if (v instanceof String) {
        String text = (String) v;
        switch (texts[i]) {
          case UUID_TEXT -> appender.appendUUID(Terms.traceHigh(text), Terms.traceLow(text));
          case SPAN_ID_TEXT -> appender.append(Ids.span(text));
          default -> appender.append(text);
        }
      } else if (v instanceof Long) {
        appender.append(((Long) v).longValue());
      } else if (v instanceof Double) {
        appender.append(((Double) v).doubleValue());
      } else if (v instanceof Boolean) {
        appender.append(((Boolean) v).booleanValue());
      } else {
        appender.append((Collection<?>) v);
      }
    }
    String extras = Extras.encode(row);
    if (extras == null) {
      appender.appendNull();
    } else {
      appender.append(extras);
    }
  }

  private static final byte PLAIN_TEXT = 0;
  private static final byte UUID_TEXT = 1;
  private static final byte SPAN_ID_TEXT = 2;

  /** A table's stored columns as {@link #beginRow} appends them: their slots, and per text how. */
  private record Appending(int[] slots, byte[] texts) {
    static Appending of(Table table) {
      List<Column> columns = stored(table);
      int[] slots = new int[columns.size()];
      byte[] texts = new byte[columns.size()];
      for (int i = 0; i < slots.length; i++) {
        Column c = columns.get(i);
        slots[i] = table.columns().indexOf(c);
        String type = sqlType(table, c);
        texts[i] = type.equals("UUID") ? UUID_TEXT : type.equals("BIGINT") ? SPAN_ID_TEXT : PLAIN_TEXT;
      }
      return new Appending(slots, texts);
    }
  }

  private static final Appending TRACE_APPENDING = Appending.of(Table.TRACES);
  private static final Appending SPAN_APPENDING = Appending.of(Table.SPANS);
  private static final Appending SCORE_APPENDING = Appending.of(Table.SCORES);

  /** A key column's value as its text (ids as hex), read at a 1-based index. */
  static String keyPart(Table table, Column column, ResultSet rs, int index) throws SQLException {
    return (String) value(table, column, rs, index);
  }

  private static Object value(Table table, Column column, ResultSet rs, int index) throws SQLException {
    String type = sqlType(table, column);
    if (type.equals("UUID")) {
      Object id = rs.getObject(index);
      return id == null ? null : Ids.trace((UUID) id);
    }
    if (type.equals("BIGINT") && column.type() == ColumnType.STRING) {
      long id = rs.getLong(index);
      return rs.wasNull() ? null : Ids.span(id);
    }
    Object v;
    switch (column.type()) {
      case LONG:
      case TIMESTAMP:
        v = rs.getLong(index);
        break;
      case DOUBLE:
        v = rs.getDouble(index);
        break;
      case BOOLEAN:
        v = rs.getBoolean(index);
        break;
      case STRING_LIST:
        Array array = rs.getArray(index);
        return array == null ? null
            : Arrays.stream((Object[]) array.getArray()).map(String.class::cast).toList();
      default:
        return rs.getString(index);
    }
    return rs.wasNull() ? null : v;
  }
}
