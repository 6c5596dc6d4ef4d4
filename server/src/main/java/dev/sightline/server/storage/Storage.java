package dev.sightline.server.storage;

import dev.sightline.server.model.Row;
import dev.sightline.server.model.Schema;
import dev.sightline.server.model.RowKey;
import dev.sightline.server.model.Table;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A storage backend: where the pipeline applies merged rows and where queries read them.
 *
 * <p>Every backend passes the shared contract suite ({@code StorageContractTest} in the server's
 * test jar). Rows handed to {@link #write} are already merged by the pipeline: a backend stores
 * each row in place of any row with the same {@link RowKey}, it never merges fields itself.
 *
 * <p>Implementations are thread-safe: the pipeline's single loader writes while any number of
 * query threads read. Nothing here crosses projects: every read names its project.
 */
public interface Storage extends AutoCloseable {

  /** The write-ahead log position the last applied batch reached; {@link LogPosition#START} if none. */
  LogPosition appliedPosition();

  /**
   * Applies a batch atomically together with its log position: after a crash either all of it and
   * the new position are stored, or none of it; a reader that sees the new position also sees the
   * rows. A batch without rows still moves the position. Every value is read back equal to the
   * value written (JSON text as given, list order kept).
   */
  void write(WriteBatch batch);

  /** The stored rows among these keys; keys with no stored row are absent from the answer. */
  Map<RowKey, Row> fetch(Collection<RowKey> keys);

  /**
   * Calls the consumer once with the key of every stored row of the table, in every project (used
   * to warm caches).
   */
  void forEachKey(Table table, Consumer<RowKey> consumer);

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

  /** Releases files and connections. Queries and writes after close fail; closing again does nothing. */
  @Override
  void close();

  /** A trace row, its spans and its scores. */
  record TraceData(Row trace, List<Row> spans, List<Row> scores) {
    public TraceData {
      spans = List.copyOf(spans);
      scores = List.copyOf(scores);
    }
  }
}
