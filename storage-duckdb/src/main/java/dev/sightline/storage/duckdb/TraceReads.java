package dev.sightline.storage.duckdb;

import dev.sightline.server.model.Column;
import dev.sightline.server.model.Row;
import dev.sightline.server.model.RowKey;
import dev.sightline.server.model.Schema;
import dev.sightline.server.model.Table;
import dev.sightline.server.storage.Sort;
import dev.sightline.server.storage.Storage.TraceData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/** Reads by key: fetch, key scans, one trace with its spans and scores, scores of traces. Thread-safe. */
final class TraceReads {
  private final Database db;
  private final RowLocator locator;
  private final PayloadStore payloads;

  TraceReads(Database db, RowLocator locator, PayloadStore payloads) {
    this.db = db;
    this.locator = locator;
    this.payloads = payloads;
  }

  /**
   * The stored rows among these keys, read from DuckDB itself. Not from the search index: it may
   * lag the loader's previous write, and a stored row missed here would be overwritten instead of
   * merged (an update losing the fields of its create).
   */
  Map<RowKey, Row> fetch(Collection<RowKey> keys) {
    Map<Table, List<RowKey>> byTable = new HashMap<>();
    keys.forEach(k -> byTable.computeIfAbsent(k.table(), t -> new ArrayList<>()).add(k));
    Map<RowKey, Row> found = new HashMap<>();
    for (Map.Entry<Table, List<RowKey>> e : byTable.entrySet()) {
      Table table = e.getKey();
      Collection<RowKey> wanted = e.getValue();
      List<Column> keyColumns = table.keyColumns();
      Set<String> lastParts = new LinkedHashSet<>();
      Set<String> texts = new LinkedHashSet<>();
      for (RowKey key : wanted) {
        lastParts.add(key.parts().get(keyColumns.size() - 1));
        texts.add(RowCodec.keyText(key.parts()));
      }
      SqlBuilder sql = select(table).sql(" WHERE true");
      // The single-column semi-join first: it is cheaper than building every row's key text.
      sql.sql(" AND r." + keyColumns.get(keyColumns.size() - 1).sqlName())
          .in(lastParts).sql(" AND " + RowCodec.keyExpression(table, "r")).in(texts);
      rows(table, sql).forEach(row -> found.put(row.key(), row));
    }
    return found;
  }

  void forEachKey(Table table, Consumer<RowKey> consumer) {
    List<Column> keyColumns = table.keyColumns();
    StringBuilder columns = new StringBuilder();
    for (Column c : keyColumns) {
      columns.append(columns.length() == 0 ? "" : ", ").append(c.sqlName());
    }
    SqlBuilder sql = new SqlBuilder().sql("SELECT " + columns + " FROM " + table.sqlName());
    db.read(c -> {
      try (ResultSet rs = c.query(sql)) {
        String[] parts = new String[keyColumns.size()];
        while (rs.next()) {
          for (int i = 0; i < parts.length; i++) {
            parts[i] = rs.getString(i + 1);
          }
          consumer.accept(new RowKey(table, List.of(parts)));
        }
      }
      return null;
    });
  }

  /**
   * The trace row and its spans, read from the row groups of the batches that wrote them (from the
   * search index). The index lags DuckDB by the write in progress; a row it places in the wrong
   * batch is then missed, which the trace's span count rollup (or an empty answer) reveals, and the
   * whole table is read instead. Without {@code spanPayloads} the spans' payloads are not read.
   */
  Optional<TraceData> trace(String projectId, String traceId, boolean spanPayloads) {
    RowLocator.TraceLocation where = locator.trace(projectId, traceId);
    if (where == null) {
      return Optional.empty(); // not stored (or not yet published)
    }
    // One snapshot: the trace row and spans of one loader batch, never the row before an update
    // with the spans after it.
    return db.read(c -> c.snapshot(s -> {
      List<Row> traces = where.traceBatch < 0 ? List.of()
          : rows(s, Table.TRACES, traceRow(projectId, traceId).sql(" AND r." + RowCodec.BATCH_COLUMN
              + " = ?", where.traceBatch), true);
      if (traces.isEmpty()) {
        traces = rows(s, Table.TRACES, traceRow(projectId, traceId), true);
        if (traces.isEmpty()) {
          return Optional.<TraceData>empty();
        }
      }
      Row trace = traces.get(0);
      Long expected = trace.longValue(Schema.SPAN_COUNT);
      List<Row> spans = where.spans == 0 ? List.of()
          : spans(s, projectId, traceId, List.of(where.firstSpanBatch, where.lastSpanBatch), spanPayloads);
      if (expected == null || spans.size() != expected) {
        spans = spans(s, projectId, traceId, null, spanPayloads);
      }
      return Optional.of(new TraceData(trace, spans, scores(s, projectId, List.of(traceId))));
    }));
  }

  private SqlBuilder traceRow(String projectId, String traceId) {
    return select(Table.TRACES).sql(" WHERE r.project_id = ? AND r.trace_id = ?", projectId, traceId);
  }

  /** The trace's spans in start order, within the range of these batches if not null. */
  private List<Row> spans(ReadConnection c, String projectId, String traceId, List<Long> batches,
      boolean payloads) throws SQLException {
    SqlBuilder sql = select(Table.SPANS)
        .sql(" WHERE r.project_id = ? AND r.trace_id = ?", projectId, traceId);
    if (batches != null) {
      sql.sql(" AND r." + RowCodec.BATCH_COLUMN + " BETWEEN ? AND ?", batches.get(0), batches.get(1));
    }
    return rows(c, Table.SPANS, sql.sql(" ORDER BY "
        + FilterSql.sortValue(Table.SPANS, Sort.START_TIME) + ", r.span_id"), payloads);
  }

  Optional<String> traceIdByReference(String projectId, String referenceId) {
    String latest = FilterSql.sortValue(Table.TRACES, Sort.START_TIME);
    SqlBuilder sql = new SqlBuilder().sql("SELECT r.trace_id FROM traces r WHERE r.project_id = ?"
        + " AND r.reference_id = ? ORDER BY " + latest + " DESC, r.trace_id DESC LIMIT 1",
        projectId, referenceId);
    return db.read(c -> {
      try (ResultSet rs = c.query(sql)) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
      }
    });
  }

  /** Scores of these traces (or their spans), by time then id, as InMemoryStorage lists them. */
  List<Row> scoresOfTraces(String projectId, Collection<String> traceIds) {
    return traceIds.isEmpty() ? List.of() : db.read(c -> scores(c, projectId, traceIds));
  }

  private List<Row> scores(ReadConnection c, String projectId, Collection<String> traceIds)
      throws SQLException {
    return rows(c, Table.SCORES, select(Table.SCORES).sql(" WHERE r.project_id = ?", projectId)
        .sql(" AND r.trace_id").in(new LinkedHashSet<>(traceIds))
        .sql(" ORDER BY " + FilterSql.sortValue(Table.SCORES, Sort.START_TIME) + ", r.score_id"), true);
  }

  private static SqlBuilder select(Table table) {
    return new SqlBuilder().sql("SELECT " + RowCodec.selectList(table, "r") + " FROM "
        + table.sqlName() + " r");
  }

  private List<Row> rows(Table table, SqlBuilder sql) {
    return db.read(c -> rows(c, table, sql, true));
  }

  private List<Row> rows(ReadConnection c, Table table, SqlBuilder sql, boolean withPayloads)
      throws SQLException {
    PayloadStore store = withPayloads ? payloads : null;
    List<Row> rows = new ArrayList<>();
    try (ResultSet rs = c.query(sql)) {
      while (rs.next()) {
        rows.add(RowCodec.read(table, rs, 1, store));
      }
    }
    return rows;
  }
}
