package dev.sightline.storage.duckdb;

import dev.sightline.core.storage.LogPosition;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * What the last committed load batch reached, kept in DuckDB's one-row {@code checkpoint} table
 * and moved in the same transaction as the batch's rows, so that everything outside DuckDB is
 * judged by it after a crash: the log is replayed after {@code position}, payload files are cut at
 * {@code payloadFile}:{@code payloadEnd}, index segments of later batches are dropped.
 *
 * @param position the write-ahead log position the batch reached
 * @param batch the batch's number (0 before any)
 * @param nextSeq the sequence number the next row version gets
 * @param payloadFile the payload file the batch's blocks end in
 * @param payloadEnd where they end in it, bytes
 */
record Checkpoint(LogPosition position, long batch, long nextSeq, int payloadFile, long payloadEnd) {

  static Checkpoint read(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT segment, log_offset, batch, next_seq, payload_file,"
            + " payload_end FROM checkpoint")) {
      rs.next();
      return new Checkpoint(new LogPosition(rs.getLong(1), rs.getLong(2)), rs.getLong(3), rs.getLong(4),
          rs.getInt(5), rs.getLong(6));
    }
  }

  /** Updates the row, inside the caller's transaction. */
  void write(Connection c) throws SQLException {
    try (PreparedStatement p = c.prepareStatement("UPDATE checkpoint SET segment = ?, log_offset = ?,"
        + " batch = ?, next_seq = ?, payload_file = ?, payload_end = ?")) {
      p.setLong(1, position.segment());
      p.setLong(2, position.offset());
      p.setLong(3, batch);
      p.setLong(4, nextSeq);
      p.setInt(5, payloadFile);
      p.setLong(6, payloadEnd);
      p.executeUpdate();
    }
  }
}
