package dev.sightline.storage.clickhouse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sightline.core.model.Row;
import dev.sightline.core.model.Schema;
import dev.sightline.core.storage.QuerySemantics;
import dev.sightline.core.storage.Sort;
import dev.sightline.core.storage.TraceData;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Whole traces by id, one query per table for any number of them; spans and scores by key. Thread-safe. */
final class TraceReads {
  private static final Comparator<Row> SPAN_ORDER = Comparator
      .comparing((Row s) -> QuerySemantics.sortValue(s, Sort.START_TIME)).thenComparing(s -> s.string(Schema.SPAN_ID));
  private static final Comparator<Row> SCORE_ORDER = Comparator
      .comparing((Row s) -> QuerySemantics.sortValue(s, Sort.START_TIME)).thenComparing(s -> s.string(Schema.SCORE_ID));
  private static final String LIVE = "deleted = 0";
  private final ClickHouseHttp http;
  private final Conditions where;

  TraceReads(ClickHouseHttp http, Conditions where) {
    this.http = http;
    this.where = where;
  }

  List<TraceData> traces(String projectId, List<String> traceIds, boolean withScores) {
    Set<String> ids = new LinkedHashSet<>(traceIds);
    if (ids.isEmpty()) {
      return List.of();
    }
    Map<String, Row> traces = new HashMap<>();
    for (Row t : select(Layout.TRACES, ofTraces(projectId, ids), LIVE)) {
      traces.put(t.string(Schema.TRACE_ID), t);
    }
    Map<String, List<Row>> spans = byTrace(traces.isEmpty() ? List.of()
        : select(Layout.SPANS, ofTraces(projectId, traces.keySet()), LIVE));
    Map<String, List<Row>> scores = byTrace(traces.isEmpty() || !withScores ? List.of()
        : select(Layout.SCORES, Conditions.live(projectId) + " AND trace_id IN " + Sql.strList(traces.keySet())));
    List<TraceData> out = new ArrayList<>(traces.size());
    for (String id : ids) {
      Row trace = traces.get(id);
      if (trace != null) {
        List<Row> s = spans.getOrDefault(id, new ArrayList<>());
        s.sort(SPAN_ORDER);
        List<Row> sc = scores.getOrDefault(id, new ArrayList<>());
        sc.sort(SCORE_ORDER);
        out.add(new TraceData(trace, s, sc));
      }
    }
    return out;
  }

  Optional<Row> span(String projectId, String traceId, String spanId) {
    List<Row> rows = select(Layout.SPANS, ofTraces(projectId, List.of(traceId)) + " AND span_id = " + Sql.str(spanId),
        LIVE + " AND trace_id IN (SELECT trace_id" + where.from("traces") + "WHERE " + Conditions.live(projectId)
        + " AND trace_id = " + Sql.str(traceId) + ")");
    return rows.stream().findFirst();
  }

  Optional<String> traceIdByReference(String projectId, String referenceId) {
    List<JsonNode> rows = http.query("SELECT trace_id" + where.from("traces") + "WHERE " + Conditions.live(projectId)
        + " AND reference_id = " + Sql.str(referenceId) + " ORDER BY ifNull(start_us, 0) DESC, trace_id DESC LIMIT 1");
    return rows.stream().findFirst().map(r -> r.get("trace_id").asText());
  }

  List<Row> scoresOfTraces(String projectId, Collection<String> traceIds) {
    return traceIds.isEmpty() ? List.of()
        : select(Layout.SCORES, Conditions.live(projectId) + " AND trace_id IN " + Sql.strList(new LinkedHashSet<>(traceIds)));
  }

  /** Rows of a table that meet the condition, latest versions only. */
  List<Row> select(Layout layout, String condition) {
    return select(layout, null, condition);
  }

  /**
   * Rows of a table that meet both conditions, latest versions only. {@code keyCondition} (null: none)
   * is read first ({@code PREWHERE}), so that the other columns are read only for its rows: with
   * {@code FINAL} a server does not move conditions there itself, and reading every column of the
   * granules a key set touches made a batch's fetch twice as slow. It must name sorting-key columns
   * only, so that every version of a key passes or fails it alike and {@code FINAL} still sees the
   * latest one.
   */
  List<Row> select(Layout layout, String keyCondition, String condition) {
    List<Row> rows = new ArrayList<>();
    http.stream("SELECT " + layout.modelColumns() + where.from(layout.table.sqlName())
        + (keyCondition == null ? "" : "PREWHERE " + keyCondition + " ") + "WHERE " + condition,
        r -> rows.add(layout.decode(r)));
    return rows;
  }

  /** A key condition: the project's rows of these traces. */
  private static String ofTraces(String projectId, Collection<String> traceIds) {
    return "project_id = " + Sql.str(projectId) + " AND trace_id IN " + Sql.strList(traceIds);
  }

  private static Map<String, List<Row>> byTrace(List<Row> rows) {
    Map<String, List<Row>> out = new HashMap<>();
    rows.forEach(r -> out.computeIfAbsent(r.string(Schema.TRACE_ID), k -> new ArrayList<>()).add(r));
    return out;
  }
}
