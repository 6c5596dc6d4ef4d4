package dev.sightline.core.storage;

import dev.sightline.core.model.Row;
import dev.sightline.core.model.Schema;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * The read role of a storage backend, used by the query API: traces, spans, scores, sessions, users
 * and metrics of one project at a time. Nothing here crosses projects: every read names its project.
 * Implementations are thread-safe: any number of query threads read while the loader writes.
 */
public interface StorageReader {

  /**
   * One trace with all its spans and the scores given to it or its spans (the scores whose
   * {@code traceId} is this trace's). Spans are ordered by start time (absent counts as 0), then
   * span id; scores by time (absent counts as 0), then score id. Empty if the project has no trace
   * row with this id, even if it has spans of it.
   */
  default Optional<TraceData> trace(String projectId, String traceId) {
    return trace(projectId, traceId, true);
  }

  /**
   * {@link #trace(String, String)}, optionally without the spans' large fields: if
   * {@code spanPayloads} is false the spans' {@link Schema#SPAN_PAYLOADS} may be left out (null),
   * which saves reading them for a trace of many spans shown as a tree first.
   */
  Optional<TraceData> trace(String projectId, String traceId, boolean spanPayloads);

  /**
   * The project's traces with these ids, each with all its spans and scores as
   * {@link #trace(String, String)} gives them, in the order of the ids; an id the project has no
   * trace row for is left out, and an id given twice is answered once. For reading many traces in
   * one go (export): a backend should read them together, in one scan per table, rather than one
   * by one as this default does.
   * The ids are a page's worth (a thousand or so): everything answered is held in memory.
   */
  default List<TraceData> traces(String projectId, List<String> traceIds) {
    return traces(projectId, traceIds, true);
  }

  /**
   * {@link #traces(String, List)}, optionally without the scores (each {@link TraceData#scores()}
   * empty), for a reader that does not need them: scores are found by trace id, which a backend may
   * have to look for among all of a project's scores.
   */
  default List<TraceData> traces(String projectId, List<String> traceIds, boolean scores) {
    List<TraceData> out = new ArrayList<>(traceIds.size());
    for (String id : new LinkedHashSet<>(traceIds)) {
      trace(projectId, id).ifPresent(t -> out.add(scores ? t : new TraceData(t.trace(), t.spans(), List.of())));
    }
    return out;
  }

  /**
   * One span of a trace with all its fields: empty unless the project has a trace row with this id
   * and the trace has this span. Spans of a trace are many and their payloads large; a backend that
   * can read one row by its key should (this default reads the whole trace).
   */
  default Optional<Row> span(String projectId, String traceId, String spanId) {
    return trace(projectId, traceId)
        .flatMap(t -> t.spans().stream().filter(s -> spanId.equals(s.string(Schema.SPAN_ID))).findFirst());
  }

  /**
   * The trace id of the project's trace with this reference id, if any. If several traces have it,
   * the most recent one: the latest {@linkplain QuerySemantics#start start}, then the greatest
   * trace id. Spans' reference ids do not count.
   */
  Optional<String> traceIdByReference(String projectId, String referenceId);

  Page<Row> traces(TraceQuery query);

  /**
   * The ids of the traces {@link #traces(TraceQuery)} answers, in its order, with its next cursor:
   * for a reader that reads the traces themselves next ({@link #traces(String, List)}: export).
   * This default takes them from that listing; a backend should read only the listing's keys, not
   * the rows and their payloads.
   */
  default Page<String> traceIds(TraceQuery query) {
    Page<Row> page = traces(query);
    List<String> ids = new ArrayList<>(page.items().size());
    page.items().forEach(t -> ids.add(t.string(Schema.TRACE_ID)));
    return new Page<>(ids, page.nextCursor());
  }

  Page<Row> spans(SpanQuery query);

  Page<Row> scores(ScoreQuery query);

  /**
   * Scores whose {@code traceId} is one of these (given to the traces or their spans), in any
   * order, for decorating a page of traces.
   */
  List<Row> scoresOfTraces(String projectId, Collection<String> traceIds);

  /** Sessions (traces grouped by session id) or users (grouped by user id), latest activity first. */
  Page<GroupSummary> groups(GroupQuery query);

  /** Counts, latency percentiles, tokens and cost per time bucket and group. */
  List<MetricPoint> metrics(MetricsQuery query);

  /** Score counts, value statistics and label counts per time bucket and group. */
  List<ScorePoint> scoreMetrics(ScoreMetricsQuery query);
}
