package dev.sightline.storage.duckdb;

import dev.sightline.core.model.Table;
import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Reclaims the payload bytes that no row references any more (texts of deleted traces, and of row
 * versions whose texts changed): a payload file is compacted by copying its live records into the
 * current file and pointing the rows at the copies, in bounded steps, then deleting it.
 *
 * <p>A file is compacted if {@code payload_purge} lists it (it holds texts of a deleted trace: the
 * current file is first rolled over so that it can be), or if it is older than the current file
 * and rows reference less than {@value #LIVE_FRACTION} of its uncompressed bytes.
 *
 * <p>A step is a load batch without rows, crash-safe the same way ({@link BatchWriter}): it reads
 * up to {@value #STEP_BYTES} bytes of the file's live records, appends them to the current file's
 * blocks in memory, updates the rows' hidden payload columns (one UPDATE … FROM a TEMP table of the
 * moves per table) and the {@link Checkpoint}'s payload end, writes and forces the blocks, and
 * commits. The step that moves the file's last record also drops it from {@code payload_purge};
 * after that commit the file is deleted ({@link PayloadStore#retire}). A crash before a commit
 * leaves bytes past the checkpoint's end, which recovery cuts; one after the last commit leaves a
 * file no row references, which recovery deletes. The batch number and log position do not move.
 *
 * <p>Not thread-safe: runs on the writer connection, between batches, under the storage's lock.
 */
final class PayloadCompaction {
  /** Below this fraction of live bytes, an older file is worth rewriting. */
  static final double LIVE_FRACTION = 0.5;
  /** Live uncompressed bytes one step copies at most, so that ingest waits well under a second. */
  static final int STEP_BYTES = 16 << 20;
  private static final int STEP_RECORDS = 20_000;
  private static final String MOVES = "compact_moves";
  private static final List<Table> WITH_PAYLOADS = Table.all();

  private final DuckDBConnection connection;
  private final PayloadStore payloads;
  private final BatchWriter.Steps steps;

  /**
   * What a step did.
   *
   * @param checkpoint the checkpoint it committed
   * @param copied live uncompressed payload bytes it copied
   * @param written compressed bytes it appended to the current file
   * @param freed bytes of the file it deleted (0 until the last step)
   * @param done whether the file is now deleted
   */
  record Step(Checkpoint checkpoint, long copied, long written, long freed, boolean done) {}

  PayloadCompaction(DuckDBConnection connection, PayloadStore payloads, BatchWriter.Steps steps)
      throws SQLException {
    this.connection = connection;
    this.payloads = payloads;
    this.steps = steps;
    try (Statement s = connection.createStatement()) {
      s.execute("CREATE OR REPLACE TEMP TABLE " + MOVES
          + " (old_block BIGINT, old_at INTEGER, new_block BIGINT, new_at INTEGER)");
    }
  }

  /**
   * The live uncompressed payload bytes of each payload file that rows reference, by file number.
   * Rows of stores written before compression (legacy payloads) are not counted.
   */
  static Map<Integer, Long> liveBytes(java.sql.Connection c) throws SQLException {
    Map<Integer, Long> out = new HashMap<>();
    StringBuilder sql = new StringBuilder("SELECT file, sum(length) FROM (");
    for (Table t : WITH_PAYLOADS) {
      sql.append(t == WITH_PAYLOADS.get(0) ? "" : " UNION ALL ").append("SELECT ").append(RowMapping.PAYLOAD)
          .append(" >> 40 AS file, ").append(RowMapping.PAYLOAD_LENGTH).append(" AS length FROM ")
          .append(t.sqlName()).append(" WHERE ").append(RowMapping.PAYLOAD_AT).append(" IS NOT NULL");
    }
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql + ") GROUP BY file")) {
      while (rs.next()) {
        out.put(rs.getInt(1), rs.getLong(2));
      }
    }
    return out;
  }

  /** The files to compact, in order: those holding deleted texts, then those mostly dead. */
  List<Integer> victims() throws SQLException, IOException {
    Set<Integer> out = new LinkedHashSet<>();
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("SELECT DISTINCT file FROM payload_purge ORDER BY file")) {
      while (rs.next()) {
        out.add(rs.getInt(1));
      }
    }
    Map<Integer, Long> live = liveBytes(connection);
    for (int file : payloads.olderFiles()) {
      if (live.getOrDefault(file, 0L) < LIVE_FRACTION * payloads.rawBytes(file)) {
        out.add(file);
      }
    }
    connection.commit(); // ends the reading transaction
    return new ArrayList<>(out);
  }

  /** Moves up to {@value #STEP_BYTES} bytes of the file's live records; deletes it once none are left. */
  Step step(int file, Checkpoint checkpoint) throws SQLException, IOException {
    try {
      if (file == payloads.file()) {
        payloads.roll();
        steps.reached("compaction-rolled", file);
      }
      List<long[]> records = liveRecords(file);
      long copied = copy(records);
      boolean done = records.size() <= STEP_RECORDS && copied == total(records);
      steps.reached("compaction-copied", file);
      try (Statement s = connection.createStatement()) {
        for (Table t : WITH_PAYLOADS) {
          s.execute("UPDATE " + t.sqlName() + " SET " + RowMapping.PAYLOAD + " = m.new_block, "
              + RowMapping.PAYLOAD_AT + " = m.new_at FROM " + MOVES + " m WHERE " + t.sqlName() + "."
              + RowMapping.PAYLOAD + " = m.old_block AND " + t.sqlName() + "." + RowMapping.PAYLOAD_AT
              + " = m.old_at");
        }
        s.execute("DELETE FROM " + MOVES);
        if (done) {
          s.execute("DELETE FROM payload_purge WHERE file = " + file);
        }
      }
      payloads.seal();
      Checkpoint moved = new Checkpoint(checkpoint.position(), checkpoint.batch(), checkpoint.nextSeq(),
          payloads.file(), payloads.end());
      moved.write(connection);
      steps.reached("compaction-repointed", file);
      payloads.sync();
      steps.reached("compaction-synced", file);
      connection.commit();
      steps.reached("compaction-committed", file);
      long freed = 0;
      if (done) {
        freed = payloads.retire(file);
        steps.reached("compaction-retired", file);
      }
      long before = checkpoint.payloadFile() == moved.payloadFile() ? checkpoint.payloadEnd() : 0;
      return new Step(moved, copied, moved.payloadEnd() - before, freed, done);
    } catch (SQLException | IOException | RuntimeException e) {
      payloads.discard();
      try {
        connection.rollback();
      } catch (SQLException rollback) {
        e.addSuppressed(rollback);
      }
      throw e;
    }
  }

  /** The file's distinct live records, {@code [block, offset, length]}, in block order. */
  private List<long[]> liveRecords(int file) throws SQLException {
    long from = (long) file << 40;
    long to = (long) (file + 1) << 40;
    StringBuilder sql = new StringBuilder();
    for (Table t : WITH_PAYLOADS) {
      sql.append(t == WITH_PAYLOADS.get(0) ? "" : " UNION ").append("SELECT ").append(RowMapping.PAYLOAD)
          .append(", ").append(RowMapping.PAYLOAD_AT).append(", ").append(RowMapping.PAYLOAD_LENGTH)
          .append(" FROM ").append(t.sqlName()).append(" WHERE ").append(RowMapping.PAYLOAD).append(" >= ")
          .append(from).append(" AND ").append(RowMapping.PAYLOAD).append(" < ").append(to).append(" AND ")
          .append(RowMapping.PAYLOAD_AT).append(" IS NOT NULL");
    }
    sql.append(" ORDER BY 1, 2 LIMIT ").append(STEP_RECORDS + 1);
    List<long[]> out = new ArrayList<>();
    try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql.toString())) {
      while (rs.next()) {
        out.add(new long[] {rs.getLong(1), rs.getInt(2), rs.getInt(3)});
      }
    }
    return out;
  }

  /**
   * Appends the records to the current file's blocks (in memory until synced) and their moves to
   * the TEMP table, up to {@value #STEP_BYTES} bytes and {@value #STEP_RECORDS} records; returns
   * the bytes copied.
   */
  private long copy(List<long[]> records) throws SQLException {
    long copied = 0;
    try (DuckDBAppender moves = connection.createAppender("temp", "main", MOVES)) {
      for (int i = 0; i < Math.min(records.size(), STEP_RECORDS) && copied < STEP_BYTES; i++) {
        long[] r = records.get(i);
        long[] to = payloads.putRecord(payloads.read(r[0], (int) r[1], (int) r[2]));
        moves.beginRow();
        moves.append(r[0]).append((int) r[1]).append(to[0]).append((int) to[1]);
        moves.endRow();
        copied += r[2];
      }
    }
    return copied;
  }

  private static long total(List<long[]> records) {
    long n = 0;
    for (long[] r : records) {
      n += r[2];
    }
    return n;
  }
}
