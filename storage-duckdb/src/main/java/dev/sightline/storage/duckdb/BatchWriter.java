package dev.sightline.storage.duckdb;

import dev.sightline.core.model.Column;
import dev.sightline.core.model.Row;
import dev.sightline.core.model.RowKey;
import dev.sightline.core.model.Schema;
import dev.sightline.core.model.Table;
import dev.sightline.core.storage.QuerySemantics;
import dev.sightline.core.storage.Sort;
import dev.sightline.core.storage.TraceDeletion;
import dev.sightline.core.storage.WriteBatch;
import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Applies a {@link WriteBatch} as one load batch, all of it or nothing:
 * <ol>
 *   <li>every trace and span row version gets the next sequence number, and the index segment of
 *       its words (up to its bitmaps) is built on the indexer thread meanwhile; except a version replacing a stored
 *       one with the same texts ({@link StoredVersions}): it keeps that one's number (its
 *       document) and payload;
 *   <li>payloads go into compressed blocks (in memory);
 *   <li>inside one transaction, begun by a statement first (DuckDB's Appender joins a transaction
 *       that is under way, but commits on its own if none is), the rows of a table none of whose
 *       keys are replaced (the common case) are appended straight to it; otherwise they are
 *       appended to an in-memory TEMP staging table, the stored rows with replaced keys are
 *       deleted with one semi-join (their sequence numbers become the segment's tombstones) and
 *       the staged rows are copied with one INSERT … SELECT; the {@link Checkpoint} row is
 *       updated;
 *   <li>the segment and the payload blocks are written and forced to disk;
 *   <li>DuckDB commits: from here on, the batch exists; then the segment is published to queries.
 * </ol>
 * A crash before the commit leaves files that {@link DuckDbStore#open} cuts back to the
 * checkpoint; a failure rolls the transaction back and discards the files. Never row-by-row
 * statements.
 *
 * <p>Not thread-safe: used by the pipeline's single loader thread only.
 */
final class BatchWriter {
  private static final String REPLACED = "_replaced";

  private final DuckDBConnection connection;
  private final PayloadStore payloads;
  private final TextIndex index;
  private final ExecutorService indexer;
  private final Steps steps;
  private final StoredVersions versions;
  private final TextSearch locator;
  private final ScoredProjects scored;
  /** The index builder's arrays, reused batch after batch (one batch is indexed at a time). */
  private final SegmentBuilder.Scratch scratch = new SegmentBuilder.Scratch();
  private Checkpoint checkpoint;

  /**
   * The steps of a batch, named for tests that stop the world between them (a crash at that
   * point): {@code begun}, {@code loaded}, {@code checkpointed}, {@code indexed}, {@code synced},
   * {@code committed}, {@code published}; and of a {@link PayloadCompaction} step, with the
   * compacted file's number in place of the batch's: {@code compaction-rolled} (if it is the
   * current file), {@code -copied}, {@code -repointed}, {@code -synced}, {@code -committed},
   * {@code -retired} (after the last step).
   */
  @FunctionalInterface
  interface Steps {
    Steps NONE = (step, batch) -> { };

    void reached(String step, long batch) throws IOException;
  }

  BatchWriter(DuckDBConnection connection, PayloadStore payloads, TextIndex index,
      ExecutorService indexer, Checkpoint checkpoint, Steps steps, StoredVersions versions, TextSearch locator,
      ScoredProjects scored) throws SQLException {
    this.connection = connection;
    this.scored = scored;
    this.locator = locator;
    this.versions = versions;
    this.payloads = payloads;
    this.index = index;
    this.indexer = indexer;
    this.steps = steps;
    this.checkpoint = checkpoint;
    try (Statement s = connection.createStatement()) {
      for (Table table : Table.all()) {
        s.execute("CREATE OR REPLACE TEMP TABLE " + stage(table) + " (" + RowMapping.columnDefinitions(table)
            + ", " + RowMapping.hiddenDefinitions(false) + (table == Table.SPANS ? ", " + Verdicts.COLUMN + " VARCHAR" : "")
            + ", " + REPLACED + " BOOLEAN)");
      }
    }
    connection.setAutoCommit(false);
  }

  /** What the last committed batch reached. */
  Checkpoint checkpoint() {
    return checkpoint;
  }

  /** Stores the batch and its position atomically, as batch number {@code checkpoint().batch() + 1}. */
  void write(WriteBatch batch) throws SQLException, IOException {
    long number = checkpoint.batch() + 1;
    List<Row> rows = batch.rows();
    long[] seqs = new long[rows.size()];
    StoredVersions.Version[] kept = new StoredVersions.Version[rows.size()];
    Set<Long> keptSeqs = new HashSet<>();
    long next = checkpoint.nextSeq();
    for (int i = 0; i < rows.size(); i++) {
      Row row = rows.get(i);
      kept[i] = batch.replaced().contains(row.key()) ? versions.reusableFor(row) : null;
      if (kept[i] != null && payloads.retired(kept[i].block())) {
        kept[i] = null; // fetched before compaction moved its payload: store the texts again
      }
      if (kept[i] != null) {
        seqs[i] = kept[i].seq(); // same texts: the same document and payload
        keptSeqs.add(seqs[i]);
      } else {
        seqs[i] = row.table() == Table.SCORES ? -1 : next++;
      }
    }
    versions.clear();
    VerdictPacking packing = new VerdictPacking(rows, batch.replaced(), batch.verdicts());
    long seqBase = checkpoint.nextSeq();
    Checkpoint committed;
    List<Long> deletedSeqs;
    // Made on the indexer thread, which runs one batch's task at a time: the scratch arrays are
    // never in two builders' hands, even after a failed batch whose task still runs.
    Future<SegmentBuilder> indexing = indexer.submit(() -> {
      SegmentBuilder segment = new SegmentBuilder(number, seqBase, scratch);
      for (int i = 0; i < rows.size(); i++) {
        Row row = rows.get(i);
        if (seqs[i] >= 0 && kept[i] == null) {
          segment.add(seqs[i], row.string(Schema.PROJECT_ID), row.string(Schema.TRACE_ID),
              row.table() == Table.SPANS, row.string(Schema.INPUT), row.string(Schema.OUTPUT));
        }
      }
      segment.finishTerms(); // the bitmaps too, off the loader thread
      return segment;
    });
    try {
      begin();
      steps.reached("begun", number);
      List<Long> replacedSeqs = new ArrayList<>();
      long deletedRows = 0;
      for (TraceDeletion deletion : batch.deletions()) {
        deletedRows += delete(deletion, replacedSeqs);
      }
      if (deletedRows > 0) {
        DatabaseRewrite.markPending(connection, System.currentTimeMillis() * 1000);
      }
      deletedSeqs = List.copyOf(replacedSeqs);
      List<Row> unpacked = new ArrayList<>(packing.unpackStored(connection, locator, payloads));
      Map<Table, List<Item>> items = items(batch, seqs, kept, packing);
      for (Table table : List.of(Table.TRACES, Table.SPANS)) {
        load(table, items.get(table), number, replacedSeqs, unpacked);
      }
      Set<RowKey> written = new HashSet<>(); // the batch's version of a score wins over an unpacked one
      rows.forEach(row -> written.add(row.key()));
      for (Row score : unpacked) {
        if (written.add(score.key())) {
          items.get(Table.SCORES).add(new Item(score, -1, null, null, false));
        }
      }
      load(Table.SCORES, items.get(Table.SCORES), number, replacedSeqs, unpacked);
      replacedSeqs.removeAll(keptSeqs);
      steps.reached("loaded", number);
      payloads.seal();
      committed = new Checkpoint(batch.position(), number, next, payloads.file(), payloads.end());
      committed.write(connection);
      steps.reached("checkpointed", number);
      SegmentBuilder segment = indexing.get();
      replacedSeqs.forEach(segment::tombstone);
      index.write(segment.build());
      steps.reached("indexed", number);
      payloads.sync();
      steps.reached("synced", number);
    } catch (SQLException | IOException | RuntimeException | InterruptedException | ExecutionException e) {
      indexing.cancel(false);
      payloads.discard();
      index.discard(number);
      try {
        connection.rollback();
      } catch (SQLException rollback) {
        e.addSuppressed(rollback);
      }
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      if (e instanceof SQLException) {
        throw (SQLException) e;
      }
      if (e instanceof IOException) {
        throw (IOException) e;
      }
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new IllegalStateException("write failed: " + cause.getMessage(), cause);
    }
    // If the commit fails, whether it happened is unknown: the files stay, and the reopened store
    // keeps them or cuts them back according to the checkpoint it finds.
    connection.commit();
    checkpoint = committed;
    steps.reached("committed", number);
    index.publish(number);
    steps.reached("published", number);
    index.expunge(deletedSeqs);
    payloads.rollIfFull();
  }

  /** The checkpoint a compaction step committed (it moves only the payload file and end). */
  void payloadsMoved(Checkpoint moved) {
    checkpoint = moved;
  }

  /**
   * Deletes the traces' rows from every table; their sequence numbers become the segment's
   * tombstones, so search stops finding them when the batch is published. The payload files that
   * hold their texts go into {@code payload_purge}, in the same transaction, for {@link
   * PayloadCompaction} to rewrite. Returns how many rows it deleted.
   */
  private long delete(TraceDeletion deletion, List<Long> tombstones) throws SQLException {
    if (deletion.traceIds().isEmpty()) {
      return 0;
    }
    long deleted = 0;
    Set<Integer> purge = new HashSet<>();
    String ids = String.join(", ", Collections.nCopies(deletion.traceIds().size(), "?"));
    for (Table table : Table.all()) {
      try (PreparedStatement s = connection.prepareStatement("DELETE FROM " + table.sqlName() + " WHERE "
          + Schema.PROJECT_ID.sqlName() + " = ? AND " + Schema.TRACE_ID.sqlName() + " IN (" + ids + ") RETURNING "
          + RowMapping.SEQ + ", " + RowMapping.PAYLOAD + ", " + RowMapping.PAYLOAD_AT)) {
        int i = 1;
        s.setString(i++, deletion.projectId());
        for (String id : deletion.traceIds()) {
          s.setString(i++, id);
        }
        try (ResultSet gone = s.executeQuery()) {
          while (gone.next()) {
            deleted++;
            long seq = gone.getLong(1);
            if (!gone.wasNull()) {
              tombstones.add(seq);
            }
            long block = gone.getLong(2);
            if (!gone.wasNull() && gone.getObject(3) != null) {
              purge.add(PayloadStore.fileOf(block));
            }
          }
        }
      }
    }
    if (!purge.isEmpty()) {
      try (Statement s = connection.createStatement()) {
        s.execute("INSERT INTO payload_purge VALUES (" + String.join("), (", purge.stream().map(String::valueOf)
            .toList()) + ")");
      }
    }
    return deleted;
  }

  /** Begins the transaction with a statement, so that the appenders join it. */
  private void begin() throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute("SELECT batch FROM checkpoint");
    }
  }

  /**
   * A row to load: its sequence number (-1: none), the stored version whose payload it keeps
   * (null: a new payload), its packed verdicts (spans only; null: none), whether it replaces a
   * stored row.
   */
  private record Item(Row row, long seq, StoredVersions.Version kept, VerdictPacking.Packed packed,
      boolean replaced) {}

  /** The batch's rows to load, by table (every table, in {@link Table#all()} order). */
  private static Map<Table, List<Item>> items(WriteBatch batch, long[] seqs, StoredVersions.Version[] kept,
      VerdictPacking packing) {
    Map<Table, List<Item>> out = new LinkedHashMap<>();
    for (Table t : Table.all()) {
      out.put(t, new ArrayList<>());
    }
    List<Row> rows = batch.rows();
    for (int i = 0; i < rows.size(); i++) {
      Row row = rows.get(i);
      out.get(row.table()).add(new Item(row, seqs[i], kept[i], packing.packedOf(i), batch.replaced().contains(row.key())));
    }
    return out;
  }

  /**
   * Loads a table's rows of the batch. A replaced span row's packed scores are added to
   * {@code unpacked} as its old version is deleted.
   */
  private void load(Table table, List<Item> items, long number, List<Long> replacedSeqs, List<Row> unpacked)
      throws SQLException {
    if (items.isEmpty()) {
      return;
    }
    boolean spans = table == Table.SPANS;
    for (Item item : items) {
      if (table == Table.SCORES) {
        scored.addRow(item.row().string(Schema.PROJECT_ID));
      } else if (item.packed() != null) {
        scored.addPacked(item.row().string(Schema.PROJECT_ID));
      }
    }
    boolean anyReplaced = items.stream().anyMatch(Item::replaced);
    try (DuckDBAppender appender = anyReplaced ? connection.createAppender("temp", "main", stage(table))
        : connection.createAppender(table.sqlName())) {
      for (Item item : items) {
        Row row = item.row();
        RowMapping.beginRow(appender, row);
        appender.append(number);
        int payloadAt;
        if (item.kept() != null) {
          appender.append(item.kept().block()).append(item.kept().length());
          payloadAt = item.kept().at();
        } else {
          long[] at = payloads.put(row, item.packed() == null ? List.of() : item.packed().verdicts());
          appender.append(at[0]).append((int) at[2]);
          payloadAt = (int) at[1];
        }
        appender.append((long) QuerySemantics.sortValue(row, Sort.START_TIME));
        if (item.seq() < 0) {
          appender.appendNull();
        } else {
          appender.append(item.seq());
        }
        appender.append(payloadAt);
        if (spans) {
          if (item.packed() == null) {
            appender.appendNull();
          } else {
            appender.append(item.packed().text());
          }
        }
        if (anyReplaced) {
          appender.append(item.replaced());
        }
        appender.endRow();
      }
    }
    if (!anyReplaced) {
      return;
    }
    String t = table.sqlName();
    try (Statement s = connection.createStatement()) {
      try (ResultSet gone = s.executeQuery("DELETE FROM " + t + " USING " + stage(table) + " s WHERE s." + REPLACED
          + keyJoin(table) + " RETURNING " + t + "." + RowMapping.SEQ + (spans ? ", " + t + ".project_id, "
          + t + ".trace_id, " + t + ".span_id, coalesce(" + t + ".end_time, " + t + ".start_time), " + t + "."
          + Verdicts.COLUMN + ", " + VerdictPacking.payloadReference(t) : ""))) {
        while (gone.next()) {
          long seq = gone.getLong(1);
          if (!gone.wasNull()) {
            replacedSeqs.add(seq);
          }
          if (spans && gone.getString(6) != null) {
            VerdictPacking.SpanRef span = new VerdictPacking.SpanRef(gone.getString(2),
                Ids.trace((UUID) gone.getObject(3)), Ids.span(gone.getLong(4)));
            unpacked.addAll(VerdictPacking.unpack(span, gone.getLong(5), gone, 6, payloads));
          }
        }
      }
      String columns = RowMapping.columnList(table, "") + ", " + RowMapping.hiddenColumns()
          + (spans ? ", " + Verdicts.COLUMN : "");
      s.execute("INSERT INTO " + t + " (" + columns + ") SELECT " + columns + " FROM " + stage(table));
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

  private static String stage(Table table) {
    return "stage_" + table.sqlName();
  }
}
