package dev.sightline.storage.duckdb;

import dev.sightline.server.model.Column;
import dev.sightline.server.model.Row;
import dev.sightline.server.model.Table;
import dev.sightline.server.storage.LogPosition;
import dev.sightline.server.storage.QuerySemantics;
import dev.sightline.server.storage.Sort;
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
 * Applies {@link WriteBatch}es to DuckDB, each in one transaction with the checkpoint row. The rows
 * of a table none of whose keys are replaced (the common case) are appended straight to it. If
 * some replace stored rows, the table's rows are appended to an in-memory TEMP staging table, the
 * stored rows with replaced keys are deleted with one semi-join against the staged keys and the
 * staged rows are copied with one INSERT … SELECT. Never row-by-row statements. The rows'
 * {@link Payloads} go to the {@link PayloadStore}, forced to disk before the transaction commits.
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
            + RowCodec.columnDefinitions(table) + ", " + RowCodec.BATCH_COLUMN + " BIGINT, "
            + RowCodec.PAYLOAD_DEFINITIONS + ", " + RowCodec.START + " BIGINT, " + REPLACED + " BOOLEAN)");
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

  /** Stores the batch and its position atomically, as batch number {@link #batch()} + 1. */
  void write(WriteBatch writeBatch) throws SQLException, IOException {
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
  }

  private void load(Table table, List<Row> rows, WriteBatch writeBatch, long number)
      throws SQLException {
    if (rows.stream().noneMatch(r -> writeBatch.replaced().contains(r.key()))) {
      try (DuckDBAppender appender = connection.createAppender(table.sqlName())) {
        for (Row row : rows) {
          append(appender, row, number);
          appender.endRow();
        }
      }
      return;
    }
    try (Statement s = connection.createStatement()) {
      // A failed earlier batch may have left staged rows behind if the appender flushed outside it.
      s.execute("DELETE FROM " + stage(table));
      try (DuckDBAppender appender = connection.createAppender("temp", "main", stage(table))) {
        for (Row row : rows) {
          append(appender, row, number);
          appender.append(writeBatch.replaced().contains(row.key())).endRow();
        }
      }
      s.execute("DELETE FROM " + table.sqlName() + " USING " + stage(table) + " s WHERE s."
          + REPLACED + keyJoin(table));
      String columns = RowCodec.columnList(table, "") + ", " + RowCodec.BATCH_COLUMN + ", "
          + RowCodec.PAYLOAD + ", " + RowCodec.PAYLOAD_LENGTH + ", " + RowCodec.START;
      s.execute("INSERT INTO " + table.sqlName() + " (" + columns + ") SELECT " + columns + " FROM "
          + stage(table));
      s.execute("DELETE FROM " + stage(table));
    }
  }

  /** Appends a row's columns, batch number, payload reference and start: a stored row's columns. */
  private void append(DuckDBAppender appender, Row row, long number) throws SQLException {
    RowCodec.beginRow(appender, row);
    appender.append(number);
    if (Payloads.columns(row.table()).isEmpty()) {
      appender.appendNull().appendNull();
    } else {
      byte[] payload = Payloads.encode(row);
      appender.append(payloads.put(payload)).append(payload.length);
    }
    appender.append((long) QuerySemantics.sortValue(row, Sort.START_TIME));
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
