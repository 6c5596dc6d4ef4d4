package dev.sightline.storage.duckdb;

import dev.sightline.server.model.Column;
import dev.sightline.server.model.Row;
import dev.sightline.server.model.Table;
import dev.sightline.server.storage.QuerySemantics;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.StringJoiner;
import org.duckdb.DuckDBAppender;

/**
 * Maps {@link Table}/{@link Column} metadata onto DuckDB: column types, column lists, reading a
 * result row back into a {@link Row} and appending a {@link Row}. Everything is derived from the
 * metadata, so a new column needs no code here. Stateless and thread-safe.
 */
final class RowCodec {
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
   * columns are stored in DuckDB (rows written before the payload store existed) or it has none.
   * Rows written before payloads were compressed have no offset ({@link LegacyPayloads}).
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

  private RowCodec() {}

  /** The DuckDB type of a column. Timestamps stay epoch microseconds in a BIGINT. */
  static String sqlType(Column column) {
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

  /** {@code name TYPE, ...} for every column of the table, in storage order. */
  static String columnDefinitions(Table table) {
    StringJoiner out = new StringJoiner(", ");
    for (Column c : table.columns()) {
      out.add(c.sqlName() + " " + sqlType(c));
    }
    return out.toString();
  }

  /** The table's columns in storage order, each prefixed by {@code alias.} unless it is empty. */
  static String columnList(Table table, String alias) {
    StringJoiner out = new StringJoiner(", ");
    for (Column c : table.columns()) {
      out.add(alias.isEmpty() ? c.sqlName() : alias + "." + c.sqlName());
    }
    return out.toString();
  }

  /**
   * What a SELECT reads a row with ({@link #read}): the table's columns and the payload reference,
   * each prefixed by {@code alias.}.
   */
  static String selectList(Table table, String alias) {
    return columnList(table, alias) + ", " + alias + "." + PAYLOAD + ", " + alias + "." + PAYLOAD_LENGTH
        + ", " + alias + "." + PAYLOAD_AT;
  }

  /** How many columns {@link #selectList} has. */
  static int selectWidth(Table table) {
    return table.columns().size() + 3;
  }

  /** The key columns joined by unit separators: the text form of a {@link dev.sightline.server.model.RowKey}. */
  static String keyExpression(Table table, String alias) {
    StringJoiner out = new StringJoiner(", ", "concat_ws(chr(31), ", ")");
    for (Column c : table.keyColumns()) {
      out.add(alias + "." + c.sqlName());
    }
    return out.toString();
  }

  /** The Java counterpart of {@link #keyExpression}. */
  static String keyText(List<String> parts) {
    return String.join("\u001f", parts);
  }

  /**
   * Reads a row selected with {@link #selectList}, starting at a 1-based column index, with its
   * payload columns from the store (left out if {@code payloads} is null).
   */
  static Row read(Table table, ResultSet rs, int firstIndex, PayloadStore payloads) throws SQLException {
    Row.Builder row = Row.builder(table);
    int index = firstIndex;
    for (Column c : table.columns()) {
      row.set(c, value(c, rs, index++));
    }
    long reference = rs.getLong(index);
    if (!rs.wasNull() && payloads != null) {
      int length = rs.getInt(index + 1);
      int at = rs.getInt(index + 2);
      Payloads.decode(payloads.read(reference, rs.wasNull() ? -1 : at, length), row);
    }
    return row.build();
  }

  /**
   * Begins an appender row with every column of the row in storage order, except that payload
   * columns are left NULL; the caller appends the payload reference and any further columns of
   * its target table, and ends the row.
   */
  static void beginRow(DuckDBAppender appender, Row row) throws SQLException {
    appender.beginRow();
    List<Column> columns = row.table().columns();
    List<Column> payload = Payloads.columns(row.table());
    for (int i = 0; i < columns.size(); i++) {
      Object v = row.get(i);
      if (v == null || payload.contains(columns.get(i))) {
        appender.appendNull();
      } else if (v instanceof String) {
        appender.append((String) v);
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
  }

  private static Object value(Column column, ResultSet rs, int index) throws SQLException {
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
