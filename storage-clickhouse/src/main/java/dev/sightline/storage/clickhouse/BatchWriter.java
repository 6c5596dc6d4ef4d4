package dev.sightline.storage.clickhouse;

import dev.sightline.core.model.Row;
import dev.sightline.core.model.RowKey;
import dev.sightline.core.model.Table;
import dev.sightline.core.storage.LogPosition;
import dev.sightline.core.storage.TraceDeletion;
import dev.sightline.core.storage.WriteBatch;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The write path of {@link ClickHouseStorage} (whose Javadoc says why a batch is idempotent rather
 * than atomic): deletions as tombstones and mutations, then one {@code RowBinary} insert per table,
 * then the batch's full-text postings ({@link Postings}), then this node's log position. Called by one
 * thread at a time.
 */
final class BatchWriter {
  private final ClickHouseHttp http;
  private final SchemaDdl ddl;
  private final String node;
  private final Versions versions;
  private final MergeLookup lookup;

  BatchWriter(ClickHouseHttp http, SchemaDdl ddl, String node, Versions versions, MergeLookup lookup) {
    this.http = http;
    this.ddl = ddl;
    this.node = node;
    this.versions = versions;
    this.lookup = lookup;
  }

  /** Applies a batch: tombstones, rows, then the position row. */
  void write(WriteBatch batch) {
    try {
      writeRows(batch);
    } finally {
      lookup.forget();
    }
  }

  private void writeRows(WriteBatch batch) {
    for (TraceDeletion d : batch.deletions()) {
      if (!d.traceIds().isEmpty()) {
        delete(d);
      }
    }
    Map<Table, List<Row>> byTable = batch.rows().stream().collect(Collectors.groupingBy(Row::table));
    long version = versions.next();
    long now = System.currentTimeMillis() * 1000;
    Postings postings = new Postings(batch.rows(), now);
    for (Table table : Table.all()) {
      List<Row> rows = byTable.getOrDefault(table, List.of());
      if (rows.isEmpty()) {
        continue;
      }
      Map<RowKey, Long> parts = storedPartitions(table, rows.stream().map(Row::key)
          .filter(batch.replaced()::contains).toList());
      Layout layout = Layout.of(table);
      RowBinary body = new RowBinary();
      for (Row row : rows) {
        Long part = parts.get(row.key());
        Set<String> words = Layout.words(row);
        postings.add(row, words);
        layout.encode(row, words, part != null ? part : Layout.partitionTime(row, now), version, body);
      }
      http.insert(ddl.table(table.sqlName()), layout.names(), body);
    }
    // After the rows: a search that finds a posting finds its row, and a replay writes both again.
    if (!postings.isEmpty()) {
      http.insert(ddl.table(SchemaDdl.POSTINGS), Postings.COLUMNS, postings.encode());
    }
    LogPosition next = batch.position();
    RowBinary pos = new RowBinary();
    pos.string(node);
    pos.int64(next.segment());
    pos.int64(next.offset());
    pos.int64(version);
    http.insert(ddl.table("log_position"), List.of("node", "log_segment", "log_offset", "version"), pos);
  }

  /**
   * Tombstones for every stored row of the traces, then a mutation that drops the rows' bytes later;
   * the tombstones (keys only) stay until their partition is dropped.
   */
  private void delete(TraceDeletion d) {
    long version = versions.next();
    String condition = Conditions.live(d.projectId()) + " AND trace_id IN " + Sql.strList(d.traceIds());
    for (Table table : Table.all()) {
      // A tombstone is the key alone (the other columns take their defaults) in the row's partition.
      String keys = Keys.columns(table);
      http.execute("INSERT INTO " + ddl.table(table.sqlName()) + " (" + keys + ", part_us, version, deleted) SELECT "
          + keys + ", part_us, toUInt64(" + version + "), toUInt8(1) FROM " + ddl.table(table.sqlName())
          + " FINAL WHERE " + condition);
    }
    // Only the live rows below the tombstones: a mutation runs part by part, and removing a
    // tombstone before the row it hides would show the row again meanwhile.
    for (Table table : Table.all()) {
      http.execute("ALTER TABLE " + ddl.local(table.sqlName()) + ddl.onCluster() + " DELETE WHERE project_id = "
          + Sql.str(d.projectId()) + " AND trace_id IN " + Sql.strList(d.traceIds()) + " AND deleted = 0 AND version < "
          + version);
    }
    // Postings need no tombstones, since searches check the rows, which are gone; this takes the
    // traces' hashes (and their words with them, once no trace is left) out of the postings' bytes.
    String hashes = d.traceIds().stream().map(id -> Integer.toUnsignedString(Murmur3.hash32(id)))
        .collect(Collectors.joining(", ", "[", "]"));
    String kept = "arrayFilter(h -> NOT has(" + hashes + ", h), traces)";
    http.execute("ALTER TABLE " + ddl.local(SchemaDdl.POSTINGS) + ddl.onCluster() + " UPDATE traces = " + kept
        + ", n = length(" + kept + ") WHERE project_id = " + Sql.str(d.projectId()) + " AND hasAny(traces, " + hashes + ")");
    http.execute("ALTER TABLE " + ddl.local(SchemaDdl.POSTINGS) + ddl.onCluster() + " DELETE WHERE project_id = "
        + Sql.str(d.projectId()) + " AND empty(traces)");
  }

  /**
   * The partition times of stored rows, so a replaced row stays in its partition: those the merge
   * lookup saw, and the others looked up.
   */
  private Map<RowKey, Long> storedPartitions(Table table, List<RowKey> keys) {
    Map<RowKey, Long> parts = lookup.partitions(keys);
    List<RowKey> unseen = keys.stream().filter(k -> !parts.containsKey(k)).toList();
    if (unseen.isEmpty()) {
      return parts;
    }
    for (List<RowKey> chunk : Keys.chunks(unseen)) {
      http.stream("SELECT " + Keys.columns(table) + ", part_us FROM " + ddl.table(table.sqlName()) + " FINAL PREWHERE "
          + Keys.in(table, chunk) + " WHERE deleted = 0", r -> parts.put(Keys.of(table, r), r.get("part_us").asLong()));
    }
    return parts;
  }
}
