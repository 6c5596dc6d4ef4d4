package dev.sightline.storage.duckdb;

import dev.sightline.server.model.Column;
import dev.sightline.server.model.Row;
import dev.sightline.server.model.Table;
import dev.sightline.server.storage.LogPosition;
import dev.sightline.server.storage.WriteBatch;
import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Applies {@link WriteBatch}es to DuckDB, each in one transaction: the rows are appended to an
 * in-memory TEMP staging table per table (DuckDB's Appender is several times faster into a TEMP
 * table than into a file-backed one), the stored rows with replaced keys are deleted with one
 * semi-join against the staged keys, the staged rows are copied with one INSERT … SELECT, and the
 * checkpoint row is updated. Never row-by-row statements. The rows' {@link Payloads} go to the
 * {@link PayloadStore}, forced to disk before the transaction commits.
 *
 * <p>Not thread-safe: used by the pipeline's single loader thread only.
 */
final class BatchWriter {
  private static final String REPLACED = "_replaced";

  private final DuckDBConnection connection;
  private final PayloadStore payloads;
  private LogPosition position;
  private long batch;

  BatchWriter(DuckDBConnection connection, PayloadStore payloads) throws SQLException {
    this.connection = connection;
    this.payloads = payloads;
    try (Statement s = connection.createStatement()) {
      for (Table table : Table.all()) {
        s.execute("CREATE OR REPLACE TEMP TABLE " + stage(table) + " ("
            + RowCodec.columnDefinitions(table) + ", " + RowCodec.PAYLOAD_DEFINITIONS + ", " + REPLACED
            + " BOOLEAN)");
      }
      try (ResultSet rs = s.executeQuery("SELECT segment, log_offset, batch FROM checkpoint")) {
        rs.next();
        position = new LogPosition(rs.getLong(1), rs.getLong(2));
        batch = rs.getLong(3);
      }
    }
    connection.setAutoCommit(false);
  }

  /** The log position of the last batch committed to DuckDB. */
  LogPosition position() {
    return position;
  }

  /** The number of the last committed batch (0 before any); it grows by one per batch. */
  long batch() {
    return batch;
  }

  /**
   * Stores the batch and its position atomically.
   *
   * @return the number given to this batch, stored with its rows
   */
  long write(WriteBatch writeBatch) throws SQLException, IOException {
    long number = batch + 1;
    try {
      for (Map.Entry<Table, List<Row>> e : groupByTable(writeBatch.rows()).entrySet()) {
        load(e.getKey(), e.getValue(), writeBatch, number);
      }
      try (PreparedStatement p = connection.prepareStatement(
          "UPDATE checkpoint SET segment = ?, log_offset = ?, batch = ?")) {
        p.setLong(1, writeBatch.position().segment());
        p.setLong(2, writeBatch.position().offset());
        p.setLong(3, number);
        p.executeUpdate();
      }
      payloads.sync();
      connection.commit();
    } catch (SQLException | IOException | RuntimeException e) {
      payloads.discard();
      connection.rollback();
      throw e;
    }
    position = writeBatch.position();
    batch = number;
    return number;
  }

  private void load(Table table, List<Row> rows, WriteBatch writeBatch, long number)
      throws SQLException {
    boolean anyReplaced = false;
    try (Statement s = connection.createStatement()) {
      // A failed earlier batch may have left staged rows behind if the appender flushed outside it.
      s.execute("DELETE FROM " + stage(table));
      try (DuckDBAppender appender = connection.createAppender("temp", "main", stage(table))) {
        for (Row row : rows) {
          boolean replaced = writeBatch.replaced().contains(row.key());
          anyReplaced |= replaced;
          RowCodec.beginRow(appender, row);
          if (Payloads.columns(table).isEmpty()) {
            appender.appendNull().appendNull();
          } else {
            byte[] payload = Payloads.encode(row);
            appender.append(payloads.put(payload)).append(payload.length);
          }
          appender.append(replaced).endRow();
        }
      }
      if (anyReplaced) {
        s.execute("DELETE FROM " + table.sqlName() + " USING " + stage(table) + " s WHERE s."
            + REPLACED + keyJoin(table));
      }
      String columns = RowCodec.columnList(table, "") + ", " + RowCodec.PAYLOAD + ", " + RowCodec.PAYLOAD_LENGTH;
      s.execute("INSERT INTO " + table.sqlName() + " (" + columns + ", " + RowCodec.BATCH_COLUMN
          + ") SELECT " + columns + ", " + number + " FROM " + stage(table));
      s.execute("DELETE FROM " + stage(table));
    }
  }

  private static String keyJoin(Table table) {
    StringJoiner out = new StringJoiner("");
    for (Column key : table.keyColumns()) {
      out.add(" AND " + table.sqlName() + "." + key.sqlName() + " = s." + key.sqlName());
    }
    return out.toString();
  }

  private static Map<Table, List<Row>> groupByTable(List<Row> rows) {
    Map<Table, List<Row>> out = new HashMap<>();
    for (Row row : rows) {
      out.computeIfAbsent(row.table(), t -> new ArrayList<>()).add(row);
    }
    return out;
  }

  private static String stage(Table table) {
    return "stage_" + table.sqlName();
  }
}
