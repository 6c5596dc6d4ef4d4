package dev.sightline.storage.duckdb;

import dev.sightline.core.model.Row;
import dev.sightline.core.model.Schema;
import dev.sightline.core.model.Table;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.Stream;
import org.duckdb.DuckDBConnection;

/**
 * Builds the full-text index again from what DuckDB holds, when it is missing batches: deleted by
 * hand, or a store from before this index. The stored trace and span rows are read in sequence
 * order and cut into segments of at most {@link TextIndex#MAX_MERGED_DOCS} documents; each
 * segment is committed as a load batch of its own (a new batch number in the checkpoint, no rows),
 * so that recovery treats it like any other. Runs at open, before anything else uses the store.
 */
final class IndexRebuild {
  private static final System.Logger LOG = System.getLogger(IndexRebuild.class.getName());

  private IndexRebuild() {}

  /** Rebuilds the index in {@code dir} and returns the checkpoint after its batches. */
  static Checkpoint run(Database db, PayloadStore payloads, Path dir, Checkpoint checkpoint)
      throws SQLException, IOException {
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.toList()) {
        Files.delete(f);
      }
    }
    long started = System.nanoTime();
    DuckDBConnection c = db.writer();
    Checkpoint[] at = {checkpoint};
    SegmentBuilder[] segment = {null};
    long[] docs = {0};
    String columns = "project_id, trace_id, " + Extras.COLUMN + ", " + RowMapping.PAYLOAD + ", "
        + RowMapping.PAYLOAD_LENGTH + ", " + RowMapping.PAYLOAD_AT + ", " + RowMapping.SEQ;
    String select = "SELECT * FROM (SELECT " + columns + ", false AS span FROM traces UNION ALL SELECT "
        + columns + ", true FROM spans) ORDER BY " + RowMapping.SEQ;
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(select)) {
      while (rs.next()) {
        boolean span = rs.getBoolean(8);
        Row.Builder row = Row.builder(span ? Table.SPANS : Table.TRACES);
        Extras.decode(rs.getString(3), row); // the texts of rows from before payload blocks
        long reference = rs.getLong(4);
        if (!rs.wasNull()) {
          int length = rs.getInt(5);
          int offset = rs.getInt(6);
          Payloads.decode(payloads.read(reference, rs.wasNull() ? -1 : offset, length), 0, row);
        }
        long seq = rs.getLong(7);
        if (segment[0] != null && seq - segment[0].seqBase() >= TextIndex.MAX_MERGED_DOCS) {
          at[0] = commit(c, dir, segment[0], at[0]);
          segment[0] = null;
        }
        if (segment[0] == null) {
          segment[0] = new SegmentBuilder(at[0].batch() + 1, seq);
        }
        segment[0].add(seq, rs.getString(1), Ids.trace((java.util.UUID) rs.getObject(2)), span,
            (String) row.get(Schema.INPUT),
            (String) row.get(Schema.OUTPUT));
        docs[0]++;
      }
    }
    if (segment[0] != null) {
      at[0] = commit(c, dir, segment[0], at[0]);
    }
    LOG.log(System.Logger.Level.INFO, String.format("rebuilt the full-text index: %d documents in %.1f s",
        docs[0], (System.nanoTime() - started) / 1e9));
    return at[0];
  }

  private static Checkpoint commit(DuckDBConnection c, Path dir, SegmentBuilder segment, Checkpoint before)
      throws SQLException, IOException {
    SegmentData data = segment.build();
    SegmentWriter.write(data, dir.resolve(TextIndex.name(data.firstBatch(), data.lastBatch())));
    Checkpoint after = new Checkpoint(before.position(), data.firstBatch(), before.nextSeq(),
        before.payloadFile(), before.payloadEnd());
    boolean autoCommit = c.getAutoCommit();
    c.setAutoCommit(false);
    try {
      after.write(c);
      c.commit();
    } finally {
      c.setAutoCommit(autoCommit);
    }
    return after;
  }
}
