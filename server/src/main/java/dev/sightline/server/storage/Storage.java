package dev.sightline.server.storage;

import dev.sightline.server.model.Row;
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
   * the new position are stored, or none of it.
   */
  void write(WriteBatch batch);

  /** The stored rows among these keys; keys with no stored row are absent from the answer. */
  Map<RowKey, Row> fetch(Collection<RowKey> keys);

  /** Calls the consumer with the key of every stored row of the table (used to warm caches). */
  void forEachKey(Table table, Consumer<RowKey> consumer);

  /** One trace with all its spans (in start-time order) and the scores given to it or its spans. */
  Optional<TraceData> trace(String projectId, String traceId);

  /** The trace id of the trace with this reference id, if any (the most recent one if several). */
  Optional<String> traceIdByReference(String projectId, String referenceId);

  Page<Row> traces(TraceQuery query);

  Page<Row> spans(SpanQuery query);

  Page<Row> scores(ScoreQuery query);

  /** Scores of any of these traces (or their spans), for decorating a page of traces. */
  List<Row> scoresOfTraces(String projectId, Collection<String> traceIds);

  /** Sessions (traces grouped by session id) or users (grouped by user id), latest activity first. */
  Page<GroupSummary> groups(GroupQuery query);

  /** Counts, latency percentiles, tokens and cost per time bucket and group. */
  List<MetricPoint> metrics(MetricsQuery query);

  /** Releases files and connections. Queries and writes after close fail. */
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
