package dev.sightline.storage.duckdb;

import dev.sightline.core.model.Column;
import dev.sightline.core.model.EvaluatorScores;
import dev.sightline.core.model.Row;
import dev.sightline.core.model.RowKey;
import dev.sightline.core.model.Schema;
import dev.sightline.core.model.Table;
import dev.sightline.core.storage.QuerySemantics;
import dev.sightline.core.storage.Sort;
import dev.sightline.core.storage.TraceData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Reads by key: fetch, key scans, one trace with its spans and scores, scores of traces. Trace and
 * span rows are found through the {@link TextSearch#locate index} (the sequence numbers of a
 * trace's rows), so DuckDB reads only the row groups that hold them instead of scanning a table
 * for an id. Thread-safe.
 */
final class TraceReads {
  private final Database db;
  private final TextSearch locator;
  private final PayloadStore payloads;
  private final StoredVersions versions;
  private final ScoredProjects scored;
  /** Scores in the order the SQL listed them: by the stored start value, then by id. */
  private static final Comparator<Row> BY_TIME_THEN_ID = Comparator.comparingLong((Row r) -> start(r))
      .thenComparing(r -> r.string(Schema.SCORE_ID));

  TraceReads(Database db, TextSearch locator, PayloadStore payloads, StoredVersions versions,
      ScoredProjects scored) {
    this.db = db;
    this.scored = scored;
    this.locator = locator;
    this.payloads = payloads;
    this.versions = versions;
  }

  /**
   * The stored rows among these keys. Trace and span rows are read by the sequence numbers the
   * index has for their traces; the loader calls this before each write, after the previous
   * write's segment was published, so the index is never behind for it. Their versions are
   * remembered for the next write ({@link StoredVersions}).
   */
  Map<RowKey, Row> fetch(Collection<RowKey> keys) {
    Map<RowKey, Row> found = new HashMap<>();
    Set<RowKey> wanted = new HashSet<>(keys);
    List<Long> seqs = new ArrayList<>();
    Set<List<String>> traces = new LinkedHashSet<>();
    List<RowKey> scores = new ArrayList<>();
    for (RowKey key : wanted) {
      if (key.table() == Table.SCORES) {
        scores.add(key);
      } else {
        traces.add(key.parts().subList(0, 2));
      }
    }
    for (List<String> trace : traces) {
      seqs.addAll(locator.locate(trace.get(0), trace.get(1)));
    }
    if (!seqs.isEmpty()) {
      for (Table table : List.of(Table.TRACES, Table.SPANS)) {
        SqlBuilder sql = new SqlBuilder().sql("SELECT " + RowMapping.selectList(table, "r") + ", r."
            + RowMapping.SEQ + " FROM " + table.sqlName() + " r WHERE true").seqs("r", seqs);
        int seqIndex = RowMapping.selectWidth(table) + 1;
        db.read(c -> {
          try (ResultSet rs = c.query(sql)) {
            while (rs.next()) {
              Row row = RowMapping.read(table, rs, 1, payloads);
              if (wanted.contains(row.key())) {
                found.put(row.key(), row);
                rememberVersion(row, rs, seqIndex);
              }
            }
          }
          return null;
        });
      }
    }
    if (!scores.isEmpty()) {
      Set<String> ids = new LinkedHashSet<>();
      scores.forEach(k -> ids.add(k.parts().get(1)));
      rows(Table.SCORES, select(Table.SCORES).sql(" WHERE r.score_id").in(ids)).forEach(row -> {
        if (wanted.contains(row.key())) {
          found.put(row.key(), row);
        }
      });
    }
    return found;
  }

  /** Remembers a fetched row's version: payload reference columns precede its sequence number. */
  private void rememberVersion(Row row, ResultSet rs, int seqIndex) throws SQLException {
    long block = rs.getLong(seqIndex - 3);
    boolean noPayload = rs.wasNull();
    int length = rs.getInt(seqIndex - 2);
    int at = rs.getInt(seqIndex - 1);
    boolean legacy = rs.wasNull();
    versions.remember(new StoredVersions.Version(row, rs.getLong(seqIndex), noPayload ? -1 : block,
        noPayload || legacy ? -1 : at, length));
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
            parts[i] = RowMapping.keyPart(table, keyColumns.get(i), rs, i + 1);
          }
          consumer.accept(new RowKey(table, List.of(parts)));
        }
      }
      return null;
    });
  }

  /**
   * The trace row and its spans, read in one snapshot by the sequence numbers the index gives. A
   * batch committed but not yet published to the index may hold rows it does not give yet; the
   * trace's span count rollup (or a missing row) reveals that, and the trace is then read by id in
   * the same snapshot. Without {@code spanPayloads} the spans' payloads are not read.
   *
   * <p>At ten million spans each statement here reads a row group's blocks of every column it
   * selects, and DuckDB plans it again at every execution (its prepared statements are rebound):
   * so the statements are as plain as can be, a row's own sequence numbers and nothing else, no
   * ORDER BY (the spans are sorted here) and no subquery. The scores packed in the spans' rows come
   * with them ({@link Verdicts#unpack}); the statement for score rows runs only in a project that
   * has any ({@link ScoredProjects}). Three statements on three connections took p50 35 / p95 49 ms
   * over HTTP at ten million spans; these two in one snapshot p50 17-20 / p95 31-34 ms
   * (BENCHMARKS.md, issue 9).
   */
  Optional<TraceData> trace(String projectId, String traceId, boolean spanPayloads) {
    TextSearch.Located located = locator.locateByTable(projectId, traceId);
    List<Long> all = located.all();
    if (all.isEmpty()) {
      return Optional.empty();
    }
    return db.read(c -> c.snapshot(s -> {
      TraceData found = located.traceRows().size() == 1 && !located.spans().isEmpty()
          ? byLocation(s, projectId, traceId, located, spanPayloads) : null;
      return found != null ? Optional.of(found) : byId(s, projectId, traceId, all, spanPayloads);
    }));
  }

  /** The trace from exactly the rows the index gives, or null unless they are all there and agree. */
  private TraceData byLocation(ReadConnection s, String projectId, String traceId, TextSearch.Located located,
      boolean spanPayloads) throws SQLException {
    List<Row> trace = rows(s, Table.TRACES, select(Table.TRACES).sql(" WHERE r." + RowMapping.SEQ + " = ?",
        located.traceRows().get(0)), true);
    if (trace.size() != 1 || !belongs(trace.get(0), projectId, traceId)) {
      return null;
    }
    Spans spans = spansAt(s, located.spans(), spanPayloads);
    if (spans.rows().size() != located.spans().size()
        || !Long.valueOf(spans.rows().size()).equals(trace.get(0).longValue(Schema.SPAN_COUNT))
        || !spans.rows().stream().allMatch(span -> belongs(span, projectId, traceId))) {
      return null;
    }
    List<Row> scores = new ArrayList<>(spans.packedScores());
    scores.addAll(tableScores(s, projectId, List.of(traceId)));
    scores.sort(BY_TIME_THEN_ID);
    return new TraceData(trace.get(0), spans.rows(), scores);
  }

  /** Whether a row read by sequence number is of this trace (the index keys traces by a hash). */
  private static boolean belongs(Row row, String projectId, String traceId) {
    return projectId.equals(row.string(Schema.PROJECT_ID))
        && Ids.trace(traceId).equals(Ids.trace(row.string(Schema.TRACE_ID)));
  }

  /** Span rows in start order (then span id, as the SQL orders them), and the scores packed in them. */
  private record Spans(List<Row> rows, List<Row> packedScores) {}

  private Spans spansAt(ReadConnection c, List<Long> seqs, boolean withPayloads) throws SQLException {
    SqlBuilder sql = new SqlBuilder().sql("SELECT " + RowMapping.selectList(Table.SPANS, "r") + ", r."
        + Verdicts.COLUMN + " FROM spans r WHERE true").seqs("r", seqs);
    int width = RowMapping.selectWidth(Table.SPANS); // the payload block, length and offset end the list
    RowBatch batch = new RowBatch(Table.SPANS, withPayloads ? payloads : null);
    Map<Integer, Packed> packed = new HashMap<>();
    try (ResultSet rs = c.query(sql)) {
      while (rs.next()) {
        batch.add(rs, 1);
        String json = rs.getString(width + 1);
        if (json != null) {
          int at = rs.getInt(width);
          packed.put(batch.size() - 1, new Packed(json, rs.getLong(width - 2), rs.wasNull() ? -1 : at,
              rs.getInt(width - 1)));
        }
      }
    }
    List<Row> rows = batch.build();
    List<Row> scores = new ArrayList<>();
    packed.forEach((i, p) -> {
      Row span = rows.get(i);
      byte[] record = payloads.read(p.block(), p.at(), p.length());
      scores.addAll(Verdicts.unpack(span.string(Schema.PROJECT_ID), span.string(Schema.TRACE_ID),
          span.string(Schema.SPAN_ID), EvaluatorScores.time(span), p.json(), record, 0));
    });
    List<Row> sorted = new ArrayList<>(rows);
    sorted.sort(Comparator.comparingLong((Row r) -> start(r))
        .thenComparingLong(r -> Ids.span(r.string(Schema.SPAN_ID))));
    return new Spans(sorted, scores);
  }

  /** A span row's packed scores text and its payload record's reference. */
  private record Packed(String json, long block, int at, int length) {}

  /** The {@link RowMapping#START} value the loader stored for a row. */
  private static long start(Row row) {
    return (long) QuerySemantics.sortValue(row, Sort.START_TIME);
  }

  /**
   * The trace by its id: its row, its spans among these sequence numbers if the trace's span count
   * says they are all, else every span of it; its scores.
   */
  private Optional<TraceData> byId(ReadConnection s, String projectId, String traceId, List<Long> seqs,
      boolean spanPayloads) throws SQLException {
    // One snapshot: the trace row and spans of one loader batch, never the row before an update
    // with the spans after it.
    List<Row> traces = rows(s, Table.TRACES, traceRow(projectId, traceId).seqs("r", seqs), true);
    if (traces.isEmpty()) {
      traces = rows(s, Table.TRACES, traceRow(projectId, traceId), true);
      if (traces.isEmpty()) {
        return Optional.empty();
      }
    }
    Row trace = traces.get(0);
    Long expected = trace.longValue(Schema.SPAN_COUNT);
    List<Row> spans = spans(s, projectId, traceId, seqs, spanPayloads);
    if (expected == null || spans.size() != expected) {
      spans = spans(s, projectId, traceId, null, spanPayloads);
    }
    return Optional.of(new TraceData(trace, spans, scores(s, projectId, List.of(traceId), null)));
  }

  /**
   * Many traces with their spans and scores, one statement per table for all of them: the rows the
   * index gives for their traces (by id for a trace whose span count or row shows a batch not yet
   * published to the index), in one snapshot. In the order of the ids, each once.
   */
  List<TraceData> traces(String projectId, List<String> traceIds, boolean withScores) {
    Map<String, List<Long>> located = new LinkedHashMap<>();
    List<Long> seqs = new ArrayList<>();
    for (String id : new LinkedHashSet<>(traceIds)) {
      List<Long> found = locator.locate(projectId, id);
      if (!found.isEmpty()) {
        located.put(id, found);
        seqs.addAll(found);
      }
    }
    if (located.isEmpty()) {
      return List.of();
    }
    return db.read(c -> c.snapshot(s -> {
      Map<String, List<Row>> traces = byTrace(rows(s, Table.TRACES, among(Table.TRACES, projectId,
          located.keySet(), seqs), true));
      Map<String, List<Row>> spans = byTrace(rows(s, Table.SPANS, among(Table.SPANS, projectId,
          located.keySet(), seqs).sql(" ORDER BY "
              + FilterSql.sortValue(Table.SPANS, Sort.START_TIME) + ", r.span_id"), true));
      Map<String, List<Row>> scores = withScores ? byTrace(scores(s, projectId, located.keySet(), seqs)) : Map.of();
      List<TraceData> out = new ArrayList<>(located.size());
      for (String id : located.keySet()) {
        List<Row> trace = traces.getOrDefault(id, List.of());
        if (trace.isEmpty()) {
          trace = rows(s, Table.TRACES, traceRow(projectId, id), true);
        }
        if (trace.isEmpty()) {
          continue;
        }
        List<Row> traceSpans = spans.getOrDefault(id, List.of());
        Long expected = trace.get(0).longValue(Schema.SPAN_COUNT);
        if (expected == null || traceSpans.size() != expected) {
          traceSpans = spans(s, projectId, id, null, true);
        }
        out.add(new TraceData(trace.get(0), traceSpans, scores.getOrDefault(id, List.of())));
      }
      return out;
    }));
  }

  /**
   * The rows of a table that belong to these traces, within the range of these sequence numbers.
   * Only the range, not membership in the set: a snapshot holds one version of a row (the loader
   * deletes the one it replaces in the same transaction), so the traces' rows in the range are the
   * ones the index gives plus any of a batch not yet published to it, which are as current. The
   * membership test (5,500 numbers bound and hashed per page of an export) took about 5 ms of a
   * page's 10 ms trace statement and 6 of its 27 ms span statement (BENCHMARKS.md, issue 13).
   */
  private static SqlBuilder among(Table table, String projectId, Collection<String> traceIds, List<Long> seqs) {
    return select(table).sql(" WHERE r.project_id = ? AND r.trace_id", projectId).inTraceIds(traceIds)
        .seqRange("r", seqs);
  }

  /** Rows grouped by trace id, each group in the rows' order. */
  private static Map<String, List<Row>> byTrace(List<Row> rows) {
    Map<String, List<Row>> out = new HashMap<>();
    for (Row row : rows) {
      out.computeIfAbsent(row.string(Schema.TRACE_ID), k -> new ArrayList<>()).add(row);
    }
    return out;
  }

  /**
   * One span with its payload, read by its key among the rows the index gives for its trace (by
   * id alone if a batch not yet published to the index holds it), if the trace row exists.
   */
  Optional<Row> span(String projectId, String traceId, String spanId) {
    TextSearch.Located located = locator.locateByTable(projectId, traceId);
    if (located.traceRows().isEmpty() && located.spans().isEmpty()) {
      return Optional.empty();
    }
    return db.read(c -> c.snapshot(s -> {
      if (located.traceRows().isEmpty()
          || rows(s, Table.TRACES, traceRow(projectId, traceId).seqs("r", located.traceRows()), false).isEmpty()) {
        if (rows(s, Table.TRACES, traceRow(projectId, traceId), false).isEmpty()) {
          return Optional.<Row>empty();
        }
      }
      SqlBuilder one = select(Table.SPANS).sql(" WHERE r.project_id = ? AND r.trace_id = ? AND r.span_id = ?",
          projectId, Ids.trace(traceId), Ids.span(spanId));
      List<Row> found = located.spans().isEmpty() ? List.of()
          : rows(s, Table.SPANS, new SqlBuilder().append(one).seqs("r", located.spans()), true);
      return (found.isEmpty() ? rows(s, Table.SPANS, one, true) : found).stream().findFirst();
    }));
  }


  /** The trace's row. */
  private static SqlBuilder traceRow(String projectId, String traceId) {
    return select(Table.TRACES).sql(" WHERE r.project_id = ? AND r.trace_id = ?", projectId, Ids.trace(traceId));
  }

  /** The trace's spans in start order, among these sequence numbers if not null. */
  private List<Row> spans(ReadConnection c, String projectId, String traceId, List<Long> seqs,
      boolean payloads) throws SQLException {
    SqlBuilder sql = select(Table.SPANS).sql(" WHERE r.project_id = ? AND r.trace_id = ?", projectId,
        Ids.trace(traceId));
    if (seqs != null) {
      sql.seqs("r", seqs);
    }
    return rows(c, Table.SPANS, sql.sql(" ORDER BY " + FilterSql.sortValue(Table.SPANS, Sort.START_TIME)
        + ", r.span_id"), payloads);
  }

  Optional<String> traceIdByReference(String projectId, String referenceId) {
    String latest = FilterSql.sortValue(Table.TRACES, Sort.START_TIME);
    SqlBuilder sql = new SqlBuilder().sql("SELECT r.trace_id FROM traces r WHERE r.project_id = ?"
        + " AND r.reference_id = ? ORDER BY " + latest + " DESC, r.trace_id DESC LIMIT 1",
        projectId, referenceId);
    return db.read(c -> {
      try (ResultSet rs = c.query(sql)) {
        return rs.next() ? Optional.of(Ids.trace((java.util.UUID) rs.getObject(1))) : Optional.<String>empty();
      }
    });
  }

  /** Scores of these traces (or their spans), by time then id, as InMemoryStorage lists them. */
  List<Row> scoresOfTraces(String projectId, Collection<String> traceIds) {
    if (traceIds.isEmpty() || !scored.mayHaveAny(projectId)) {
      return List.of();
    }
    List<Long> seqs = new ArrayList<>();
    traceIds.stream().filter(Ids::isTrace).distinct()
        .forEach(id -> seqs.addAll(locator.locateByTable(projectId, id).spans()));
    return db.read(c -> scores(c, projectId, traceIds, seqs));
  }

  /**
   * The scores of these traces, by time then id: the table's rows, found by its index of trace
   * ids, and the scores packed in their spans' rows ({@link Verdicts}), read from the span rows of
   * these sequence numbers (null: from every span of the traces, by trace id alone, for when the
   * index may be behind). Each part runs only in a project that may have such scores
   * ({@link ScoredProjects}). The packed scores of a page of 50 traces through the view that
   * unnests every packed span in the range of their numbers took 30 ms at ten million judged
   * spans; read from the spans' own rows, a few (BENCHMARKS.md, issue 9).
   */
  private List<Row> scores(ReadConnection c, String projectId, Collection<String> traceIds, List<Long> seqs)
      throws SQLException {
    List<String> ids = traceIds.stream().filter(Ids::isTrace).distinct().toList();
    List<Row> out = new ArrayList<>(tableScores(c, projectId, ids));
    if (scored.mayHavePacked(projectId) && !ids.isEmpty()) {
      if (seqs == null) {
        out.addAll(rows(c, Table.SCORES, new SqlBuilder().sql("SELECT " + RowMapping.selectList(Table.SCORES, "r")
            + " FROM " + Verdicts.PACKED_SCORES + " r WHERE r.project_id = ?", projectId).sql(" AND r.trace_id")
            .inTraceIds(ids), true));
      } else if (!seqs.isEmpty()) {
        out.addAll(packedScores(c, projectId, seqs, ids));
      }
    }
    out.sort(BY_TIME_THEN_ID);
    return out;
  }

  /** The rows of the scores table of these traces, in a project that may have some. */
  private List<Row> tableScores(ReadConnection c, String projectId, List<String> traceIds) throws SQLException {
    if (!scored.mayHaveRows(projectId) || traceIds.isEmpty()) {
      return List.of();
    }
    SqlBuilder sql = select(Table.SCORES).sql(" WHERE r.project_id = ?", projectId);
    if (traceIds.size() == 1) {
      sql.sql(" AND r.trace_id = ?", Ids.trace(traceIds.get(0)));
    } else {
      sql.sql(" AND r.trace_id").inTraceIds(traceIds);
    }
    return rows(c, Table.SCORES, sql, true);
  }

  /** The scores packed in the span rows of these sequence numbers that belong to these traces. */
  private List<Row> packedScores(ReadConnection c, String projectId, List<Long> spanSeqs, List<String> traceIds)
      throws SQLException {
    SqlBuilder sql = new SqlBuilder().sql("SELECT r.trace_id, r.span_id, coalesce(r.end_time, r.start_time), r."
        + Verdicts.COLUMN + ", " + VerdictPacking.payloadReference("r") + " FROM spans r WHERE r." + Verdicts.COLUMN
        + " IS NOT NULL").seqs("r", spanSeqs);
    Set<String> wanted = new HashSet<>(traceIds);
    List<Row> out = new ArrayList<>();
    try (ResultSet rs = c.query(sql)) {
      while (rs.next()) {
        String traceId = Ids.trace((UUID) rs.getObject(1));
        if (wanted.contains(traceId)) {
          VerdictPacking.SpanRef span = new VerdictPacking.SpanRef(projectId, traceId, Ids.span(rs.getLong(2)));
          out.addAll(VerdictPacking.unpack(span, rs.getLong(3), rs, 4, payloads));
        }
      }
    }
    return out;
  }

  private static SqlBuilder select(Table table) {
    return new SqlBuilder().sql("SELECT " + RowMapping.selectList(table, "r") + " FROM " + table.sqlName() + " r");
  }

  private List<Row> rows(Table table, SqlBuilder sql) {
    return db.read(c -> rows(c, table, sql, true));
  }

  private List<Row> rows(ReadConnection c, Table table, SqlBuilder sql, boolean withPayloads)
      throws SQLException {
    RowBatch rows = new RowBatch(table, withPayloads ? payloads : null);
    try (ResultSet rs = c.query(sql)) {
      while (rs.next()) {
        rows.add(rs, 1);
      }
    }
    return rows.build();
  }
}
