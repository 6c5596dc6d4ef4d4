package dev.sightline.storage.clickhouse;

import com.fasterxml.jackson.databind.JsonNode;
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
import dev.sightline.core.storage.TraceQuery;
import dev.sightline.core.storage.WriteBatch;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

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
 * <p>A deletion writes, for each stored row of the traces, a newer version of its key with
 * {@code deleted = 1} (one {@code INSERT ... SELECT} per table, done by the server) that every read
 * excludes, so the traces are gone from reads at once and stay gone after a restart; then it starts
 * an {@code ALTER TABLE ... DELETE} mutation of the live rows below the tombstones' version, which
 * removes their bytes in the background. The small tombstones stay until their partition goes.
 *
 * <p>Thread-safe: writes ({@link BatchWriter}) come from the pipeline's one loader and are serialised, reads from any
 * thread; the HTTP client is shared.
 */
final class ClickHouseStorage implements Storage {
  private final ClickHouseHttp http;
  private final SchemaDdl ddl;
  private final ClickHouseOptions options;
  private final TraceReads reads;
  private final Listings listings;
  private final Metrics metrics;
  private final MergeLookup lookup;
  private final BatchWriter writer;
  private final Versions versions;
  private volatile LogPosition position;

  private ClickHouseStorage(ClickHouseHttp http, SchemaDdl ddl, ClickHouseOptions options) {
    this.http = http;
    this.ddl = ddl;
    this.options = options;
    Conditions where = new Conditions(ddl);
    this.reads = new TraceReads(http, where);
    this.listings = new Listings(http, where, reads);
    this.metrics = new Metrics(http, where);
    this.versions = new Versions(maxStoredVersion());
    this.lookup = new MergeLookup(http, where, versions);
    this.writer = new BatchWriter(http, ddl, options.node(), versions, lookup);
    this.position = readPosition();
  }

  /** Connects, creates or migrates the schema, and reads this node's log position. */
  static ClickHouseStorage open(ClickHouseOptions options) {
    String settings = "max_query_size=104857600&max_ast_elements=1000000&max_expanded_ast_elements=1000000"
        + "&max_execution_time=" + options.queryTimeoutSeconds()
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
    writer.write(batch);
    position = batch.position();
  }

  @Override
  public Map<RowKey, Row> fetch(Collection<RowKey> keys) {
    checkOpen();
    return lookup.fetch(keys);
  }

  @Override
  public void forEachKey(Table table, Consumer<RowKey> consumer) {
    checkOpen();
    http.stream("SELECT " + Keys.columns(table) + " FROM " + ddl.table(table.sqlName()) + " FINAL WHERE deleted = 0",
        r -> consumer.accept(Keys.of(table, r)));
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
  public Page<String> traceIds(TraceQuery query) {
    checkOpen();
    return listings.traceIds(query);
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

  /** Several servers may write one ClickHouse database: they acknowledge once it has the rows. */
  @Override
  public boolean sharedByServers() {
    return true;
  }

  @Override
  public String unreachable() {
    long now = System.nanoTime();
    if (now - pingedAt > 1_000_000_000L) {
      pinged = http.ping();
      pingedAt = now;
    }
    return pinged;
  }

  @Override
  public void close() {
    http.close();
  }

  /** The last ping's answer and when it was asked ({@link System#nanoTime}): /health asks often. */
  private volatile String pinged;
  private volatile long pingedAt = System.nanoTime() - 2_000_000_000L;

  private LogPosition readPosition() {
    List<JsonNode> rows = http.query("SELECT log_segment, log_offset FROM " + ddl.table("log_position") + " FINAL WHERE node = "
        + Sql.str(options.node()));
    return rows.isEmpty() ? LogPosition.START
        : new LogPosition(rows.get(0).get("log_segment").asLong(), rows.get(0).get("log_offset").asLong());
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
