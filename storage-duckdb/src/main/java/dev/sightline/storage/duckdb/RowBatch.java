package dev.sightline.storage.duckdb;

import dev.sightline.core.model.Row;
import dev.sightline.core.model.Table;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Rows of one table read from a result set, their payloads ({@link Payloads}) fetched only when
 * the rows are {@link #build built}, in the order of the blocks that hold them: a read of many rows
 * then decompresses each payload block once, whatever order the rows come in. (A page of spans by
 * start time visits its blocks back and forth; read row by row, it thrashed the block cache and
 * decompressed each block dozens of times.) Holds the rows it was given. Not thread-safe: one per
 * read.
 */
final class RowBatch {
  private final Table table;
  private final PayloadStore payloads;
  private final List<Row.Builder> rows = new ArrayList<>();
  /** Per row: the payload's block reference, its offset (-1: legacy, -2: none) and length. */
  private long[] blocks = new long[16];
  private int[] ats = new int[16];
  private int[] lengths = new int[16];
  /** Per score row: its index among the scores packed into its span's row, whose record it reads; -1: none. */
  private int[] packed = new int[16];

  /** @param payloads where the payloads are, or null to leave the payload columns out */
  RowBatch(Table table, PayloadStore payloads) {
    this.table = table;
    this.payloads = payloads;
  }

  /**
   * Adds the current result row, selected with {@link RowMapping#selectList}, starting at a
   * 1-based column index.
   */
  void add(ResultSet rs, int firstIndex) throws SQLException {
    int i = rows.size();
    if (i == blocks.length) {
      blocks = Arrays.copyOf(blocks, 2 * i);
      ats = Arrays.copyOf(ats, 2 * i);
      lengths = Arrays.copyOf(lengths, 2 * i);
      packed = Arrays.copyOf(packed, 2 * i);
    }
    int index = RowMapping.readColumns(rows, table, rs, firstIndex);
    packed[i] = -1;
    if (table == Table.SCORES) {
      int k = rs.getInt(index + 3);
      packed[i] = rs.wasNull() ? -1 : k;
    }
    long reference = rs.getLong(index);
    if (rs.wasNull() || payloads == null) {
      ats[i] = -2;
      return;
    }
    blocks[i] = reference;
    lengths[i] = rs.getInt(index + 1);
    int at = rs.getInt(index + 2);
    ats[i] = rs.wasNull() ? -1 : at;
  }

  /** How many rows were added. */
  int size() {
    return rows.size();
  }

  /** The rows in the order they were added, with their payloads. */
  List<Row> build() {
    if (payloads != null) {
      payloads.readAll(blocks, ats, lengths, rows.size(),
          (i, bytes, at) -> Payloads.decode(bytes, packed[i] < 0 ? at : Payloads.packedAt(bytes, at, packed[i]),
              rows.get(i)));
    }
    List<Row> out = new ArrayList<>(rows.size());
    for (Row.Builder row : rows) {
      out.add(row.build());
    }
    return out;
  }
}
