package dev.sightline.storage.clickhouse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sightline.core.model.Column;
import dev.sightline.core.model.Row;
import dev.sightline.core.model.RowKey;
import dev.sightline.core.model.Table;
import dev.sightline.core.storage.GroupQuery;
import dev.sightline.core.storage.GroupSummary;
import dev.sightline.core.storage.LogPosition;
import dev.sightline.core.storage.MetricPoint;
import dev.sightline.core.storage.MetricsQuery;
import dev.sightline.core.storage.Page;
import dev.sightline.core.storage.ScoreMetricsQuery;
import dev.sightline.core.storage.ScorePoint;
import dev.sightline.core.storage.ScoreQuery;
import dev.sightline.core.storage.SpanQuery;
import dev.sightline.core.storage.Storage;
import dev.sightline.core.storage.TraceData;
import dev.sightline.core.storage.TraceDeletion;
import dev.sightline.core.storage.TraceQuery;
import dev.sightline.core.storage.WriteBatch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.stream.Collectors;

/**
 * Rows in ClickHouse ({@link SchemaDdl}, {@link Layout}). ClickHouse has no transactions, so a
 * batch is made idempotent instead of atomic: deletions insert tombstones, then each table's rows
 * go in one insert, then the node's log position row. Every row carries a version that grows with
 * each write; {@code ReplacingMergeTree} keeps the latest version of each key and reads use
 * {@code FINAL}, so a row written again replaces the stored one. A crash before the position row
 * leaves the old position: the pipeline replays the batch from its log and stores the same rows
 * again under the same keys, which replaces them; a reader that sees the new position sees the
 * rows, which were inserted first.
 *
 * <p>A deletion writes, for each stored row of the traces, a newer version with {@code deleted = 1}
 * (one {@code INSERT ... SELECT} per table, done by the server) that every read excludes, so the
 * traces are gone from reads at once and stay gone after a restart; then it starts an
 * {@code ALTER TABLE ... DELETE} mutation of the rows at or below the tombstones' version, which
 * removes their bytes in the background.
 *
 * <p>Thread-safe: writes come from the pipeline's one loader (and are serialised), reads from any
 * thread; the HTTP client is shared.
 */
final class ClickHouseStorage implements Storage {
  private final ClickHouseHttp http;
  private final SchemaDdl ddl;
  private final ClickHouseOptions options;
  private final TraceReads reads;
  private final Listings listings;
  private final Metrics metrics;
  private final Versions versions;
  private volatile LogPosition position;

  private ClickHouseStorage(ClickHouseHttp http, SchemaDdl ddl, ClickHouseOptions options) {
    this.http = http;
    this.ddl = ddl;
    this.options = options;
    Conditions where = new Conditions(ddl);
    this.reads = new TraceReads(http, where);
    this.listings = new Listings(http, where);
    this.metrics = new Metrics(http, where);
    this.versions = new Versions(maxStoredVersion());
    this.position = readPosition();
  }

  /** Connects, creates or migrates the schema, and reads this node's log position. */
  static ClickHouseStorage open(ClickHouseOptions options) {
    String settings = "max_query_size=104857600"
        + (options.clustered() ? "&insert_distributed_sync=1&distributed_product_mode=global" : "");
    ClickHouseHttp http = new ClickHouseHttp(options, settings);
    ServerVersion version = ServerVersion.parse(http.query("SELECT version() AS v").get(0).get("v").asText());
    SchemaDdl ddl = new SchemaDdl(options.database(), options.cluster(), options.replicated(), version.skipIndexes());
    Migrations.apply(http, ddl);
    return new ClickHouseStorage(http, ddl, options);
  }

  @Override
  public LogPosition appliedPosition() {
    checkOpen();
    return position;
  }

  @Override
  public synchronized void write(WriteBatch batch) {
    checkOpen();
    for (TraceDeletion d : batch.deletions()) {
      if (!d.traceIds().isEmpty()) {
        delete(d);
      }
    }
    Map<Table, List<Row>> byTable = batch.rows().stream().collect(Collectors.groupingBy(Row::table));
    long version = versions.next();
    long now = System.currentTimeMillis() * 1000;
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
        layout.encode(row, part != null ? part : Layout.partitionTime(row, now), version, body);
      }
      http.insert(ddl.table(table.sqlName()), layout.names(), body);
    }
    LogPosition next = batch.position();
    RowBinary pos = new RowBinary();
    pos.string(options.node());
    pos.int64(next.segment());
    pos.int64(next.offset());
    pos.int64(version);
    http.insert(ddl.table("log_position"), List.of("node", "segment", "offset", "version"), pos);
    position = next;
  }

  /** Tombstones for every stored row of the traces, then a mutation that drops their bytes later. */
  private void delete(TraceDeletion d) {
    long version = versions.next();
    String condition = Conditions.live(d.projectId()) + " AND trace_id IN " + Sql.strList(d.traceIds());
    for (Table table : Table.all()) {
      Layout layout = Layout.of(table);
      String columns = layout.names().stream()
          .map(c -> c.equals("version") ? "toUInt64(" + version + ")" : c.equals("deleted") ? "toUInt8(1)" : c)
          .collect(Collectors.joining(", "));
      http.execute("INSERT INTO " + ddl.table(table.sqlName()) + " (" + String.join(", ", layout.names()) + ") SELECT "
          + columns + " FROM " + ddl.table(table.sqlName()) + " FINAL WHERE " + condition);
    }
    for (Table table : Table.all()) {
      http.execute("ALTER TABLE " + ddl.local(table.sqlName()) + ddl.onCluster() + " DELETE WHERE project_id = "
          + Sql.str(d.projectId()) + " AND trace_id IN " + Sql.strList(d.traceIds()) + " AND version <= " + version);
    }
  }

  /** The partition times of stored rows, so a replaced row stays in its partition. */
  private Map<RowKey, Long> storedPartitions(Table table, List<RowKey> keys) {
    Map<RowKey, Long> parts = new HashMap<>();
    if (keys.isEmpty()) {
      return parts;
    }
    List<Column> keyColumns = table.keyColumns();
    String names = keyColumns.stream().map(Column::sqlName).collect(Collectors.joining(", "));
    http.stream("SELECT " + names + ", part_us FROM " + ddl.table(table.sqlName()) + " FINAL WHERE deleted = 0 AND "
        + keyIn(table, keys), r -> parts.put(key(table, r), r.get("part_us").asLong()));
    return parts;
  }

  @Override
  public Map<RowKey, Row> fetch(Collection<RowKey> keys) {
    checkOpen();
    Map<RowKey, Row> found = new HashMap<>();
    Map<Table, List<RowKey>> byTable = keys.stream().collect(Collectors.groupingBy(RowKey::table));
    byTable.forEach((table, tableKeys) -> {
      for (Row row : reads.select(Layout.of(table), "deleted = 0 AND " + keyIn(table, tableKeys))) {
        found.put(row.key(), row);
      }
    });
    return found;
  }

  /** {@code (key columns) IN ((...), ...)}. */
  private static String keyIn(Table table, Collection<RowKey> keys) {
    String names = table.keyColumns().stream().map(Column::sqlName).collect(Collectors.joining(", "));
    String tuples = keys.stream().map(k -> k.parts().stream().map(Sql::str).collect(Collectors.joining(", ", "(", ")")))
        .collect(Collectors.joining(", "));
    return "(" + names + ") IN (" + tuples + ")";
  }

  private static RowKey key(Table table, JsonNode r) {
    List<String> parts = new ArrayList<>();
    table.keyColumns().forEach(c -> parts.add(r.get(c.sqlName()).asText()));
    return new RowKey(table, parts);
  }

  @Override
  public void forEachKey(Table table, Consumer<RowKey> consumer) {
    checkOpen();
    String names = table.keyColumns().stream().map(Column::sqlName).collect(Collectors.joining(", "));
    http.stream("SELECT " + names + " FROM " + ddl.table(table.sqlName()) + " FINAL WHERE deleted = 0",
        r -> consumer.accept(key(table, r)));
  }

  @Override
  public Optional<TraceData> trace(String projectId, String traceId, boolean spanPayloads) {
    return traces(projectId, List.of(traceId), true).stream().findFirst();
  }

  @Override
  public List<TraceData> traces(String projectId, List<String> traceIds, boolean scores) {
    checkOpen();
    return reads.traces(projectId, traceIds, scores);
  }

  @Override
  public Optional<Row> span(String projectId, String traceId, String spanId) {
    checkOpen();
    return reads.span(projectId, traceId, spanId);
  }

  @Override
  public Optional<String> traceIdByReference(String projectId, String referenceId) {
    checkOpen();
    return reads.traceIdByReference(projectId, referenceId);
  }

  @Override
  public Page<Row> traces(TraceQuery query) {
    checkOpen();
    return listings.traces(query);
  }

  @Override
  public Page<Row> spans(SpanQuery query) {
    checkOpen();
    return listings.spans(query);
  }

  @Override
  public Page<Row> scores(ScoreQuery query) {
    checkOpen();
    return listings.scores(query);
  }

  @Override
  public List<Row> scoresOfTraces(String projectId, Collection<String> traceIds) {
    checkOpen();
    return reads.scoresOfTraces(projectId, traceIds);
  }

  @Override
  public Page<GroupSummary> groups(GroupQuery query) {
    checkOpen();
    return listings.groups(query);
  }

  @Override
  public List<MetricPoint> metrics(MetricsQuery query) {
    checkOpen();
    return metrics.metrics(query);
  }

  @Override
  public List<ScorePoint> scoreMetrics(ScoreMetricsQuery query) {
    checkOpen();
    return metrics.scoreMetrics(query);
  }

  /** Refused: the rows live in ClickHouse, not under the data directory. */
  @Override
  public void snapshot(Path target, Runnable whileFrozen, LongConsumer copied) {
    throw new UnsupportedOperationException("the ClickHouse backend keeps no files in the data directory: "
        + "back up the database with ClickHouse's own tools (ALTER TABLE ... FREEZE, clickhouse-backup)");
  }

  @Override
  public void close() {
    http.close();
  }

  private LogPosition readPosition() {
    List<JsonNode> rows = http.query("SELECT segment, offset FROM " + ddl.table("log_position") + " FINAL WHERE node = "
        + Sql.str(options.node()));
    return rows.isEmpty() ? LogPosition.START
        : new LogPosition(rows.get(0).get("segment").asLong(), rows.get(0).get("offset").asLong());
  }

  /** The greatest version stored, so versions keep growing across restarts whatever the clock does. */
  private long maxStoredVersion() {
    long max = 0;
    for (String table : List.of("traces", "spans", "scores", "log_position")) {
      max = Math.max(max, http.query("SELECT max(version) AS v FROM " + ddl.table(table)).get(0).get("v").asLong());
    }
    return max;
  }

  private void checkOpen() {
    http.checkOpen();
  }
}
