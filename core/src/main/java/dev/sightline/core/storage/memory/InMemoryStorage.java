package dev.sightline.core.storage.memory;

import dev.sightline.core.model.Row;
import dev.sightline.core.model.RowKey;
import dev.sightline.core.model.Schema;
import dev.sightline.core.model.Table;
import dev.sightline.core.storage.Cursor;
import dev.sightline.core.storage.Filter;
import dev.sightline.core.storage.GroupQuery;
import dev.sightline.core.storage.GroupSummary;
import dev.sightline.core.storage.LogPosition;
import dev.sightline.core.storage.MetricPoint;
import dev.sightline.core.storage.MetricsQuery;
import dev.sightline.core.storage.Page;
import dev.sightline.core.storage.QuerySemantics;
import dev.sightline.core.storage.ScoreMetricsQuery;
import dev.sightline.core.storage.ScorePoint;
import dev.sightline.core.storage.ScoreQuery;
import dev.sightline.core.storage.Sort;
import dev.sightline.core.storage.SpanQuery;
import dev.sightline.core.storage.Storage;
import dev.sightline.core.storage.Sums;
import dev.sightline.core.storage.TraceData;
import dev.sightline.core.storage.TraceDeletion;
import dev.sightline.core.storage.TraceQuery;
import dev.sightline.core.storage.WriteBatch;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.LongSummaryStatistics;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The reference backend: every row in hash maps, every query a scan. It defines the expected
 * answers of the contract suite and serves tests; it keeps nothing across restarts.
 * Thread-safe (one read-write lock).
 */
public final class InMemoryStorage implements Storage {
  /** Orders traces by start (absent as 0), then trace id: the last one is the most recent. */
  private static final Comparator<Row> LATEST_START =
      Comparator.comparing((Row t) -> QuerySemantics.sortValue(t, Sort.START_TIME))
          .thenComparing(t -> t.string(Schema.TRACE_ID));

  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private final Map<RowKey, Row> rows = new HashMap<>();
  /** Spans by "project/traceId", for trace reads and trace-level text search. */
  private final Map<String, Map<String, Row>> spansByTrace = new HashMap<>();
  private LogPosition position = LogPosition.START;
  private volatile boolean closed;

  @Override
  public LogPosition appliedPosition() {
    return read(() -> position);
  }

  @Override
  public void write(WriteBatch batch) {
    checkOpen();
    lock.writeLock().lock();
    try {
      for (TraceDeletion d : batch.deletions()) {
        rows.values().removeIf(r -> r.string(Schema.PROJECT_ID).equals(d.projectId())
            && d.traceIds().contains(r.string(Schema.TRACE_ID)));
        d.traceIds().forEach(id -> spansByTrace.remove(d.projectId() + "/" + id));
      }
      for (Row row : batch.rows()) {
        rows.put(row.key(), row);
        if (row.table() == Table.SPANS) {
          spansByTrace.computeIfAbsent(traceKey(row), k -> new HashMap<>())
              .put(row.string(Schema.SPAN_ID), row);
        }
      }
      position = batch.position();
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public Map<RowKey, Row> fetch(Collection<RowKey> keys) {
    return read(() -> {
      Map<RowKey, Row> found = new HashMap<>();
      for (RowKey key : keys) {
        Row row = rows.get(key);
        if (row != null) {
          found.put(key, row);
        }
      }
      return found;
    });
  }

  @Override
  public void forEachKey(Table table, Consumer<RowKey> consumer) {
    List<RowKey> keys = read(() -> rows.keySet().stream().filter(k -> k.table() == table)
        .collect(Collectors.toList()));
    keys.forEach(consumer);
  }

  /** Always with payloads: they are in memory anyway. */
  @Override
  public Optional<TraceData> trace(String projectId, String traceId, boolean spanPayloads) {
    return read(() -> {
      Row trace = rows.get(new RowKey(Table.TRACES, List.of(projectId, traceId)));
      if (trace == null) {
        return Optional.empty();
      }
      List<Row> scores = scoresWhere(projectId, s -> traceId.equals(s.string(Schema.TRACE_ID)));
      return Optional.of(new TraceData(trace, sortedSpans(trace), scores));
    });
  }

  /** One pass over the scores for all the traces, where a trace at a time would take one each. */
  @Override
  public List<TraceData> traces(String projectId, List<String> traceIds, boolean withScores) {
    Set<String> ids = new LinkedHashSet<>(traceIds);
    return read(() -> {
      Map<String, List<Row>> scores = new HashMap<>();
      for (Row s : !withScores ? List.<Row>of() : scoresWhere(projectId, s -> ids.contains(s.string(Schema.TRACE_ID)))) {
        scores.computeIfAbsent(s.string(Schema.TRACE_ID), k -> new ArrayList<>()).add(s);
      }
      List<TraceData> out = new ArrayList<>(ids.size());
      for (String id : ids) {
        Row trace = rows.get(new RowKey(Table.TRACES, List.of(projectId, id)));
        if (trace != null) {
          out.add(new TraceData(trace, sortedSpans(trace), scores.getOrDefault(id, List.of())));
        }
      }
      return out;
    });
  }

  /** The trace's spans by start time (absent counts as 0), then span id. */
  private List<Row> sortedSpans(Row trace) {
    List<Row> spans = new ArrayList<>(spansOf(trace).values());
    spans.sort(Comparator.comparing((Row s) -> QuerySemantics.sortValue(s, Sort.START_TIME))
        .thenComparing(s -> s.string(Schema.SPAN_ID)));
    return spans;
  }

  @Override
  public Optional<String> traceIdByReference(String projectId, String referenceId) {
    return read(() -> tracesOf(projectId)
        .filter(t -> referenceId.equals(t.string(Schema.REFERENCE_ID)))
        .max(LATEST_START)
        .map(t -> t.string(Schema.TRACE_ID)));
  }

  @Override
  public Page<Row> traces(TraceQuery q) {
    return read(() -> {
      RowMatcher matcher = matcher(q.projectId(), q.filter(), false);
      Stream<Row> matches = tracesOf(q.projectId()).filter(matcher::matchesTrace);
      return page(matches, r -> matcher.sortValue(r, q.sort()), r -> r.string(Schema.TRACE_ID),
          q.ascending(), q.limit(), q.after());
    });
  }

  @Override
  public Page<Row> spans(SpanQuery q) {
    return read(() -> {
      RowMatcher matcher = matcher(q.projectId(), q.filter(), true);
      Stream<Row> matches = rows.values().stream()
          .filter(r -> r.table() == Table.SPANS && q.projectId().equals(r.string(Schema.PROJECT_ID)))
          .filter(r -> q.type() == null || q.type().equals(r.string(Schema.TYPE)))
          .filter(matcher::matchesSpan);
      return page(matches, r -> matcher.sortValue(r, q.sort()), InMemoryStorage::spanCursorId,
          q.ascending(), q.limit(), q.after());
    });
  }

  @Override
  public Page<Row> scores(ScoreQuery q) {
    return read(() -> {
      Stream<Row> matches = scoresWhere(q.projectId(), s ->
          eq(q.traceId(), s.string(Schema.TRACE_ID))
              && eq(q.spanId(), s.string(Schema.SPAN_ID))
              && eq(q.sessionId(), s.string(Schema.SESSION_ID))
              && eq(q.name(), s.string(Schema.NAME))
              && eq(q.source(), s.string(Schema.SOURCE))
              && RowMatcher.inRange(s.longValue(Schema.TIME), q.from(), q.to())).stream();
      return page(matches, r -> QuerySemantics.sortValue(r, Sort.START_TIME),
          r -> r.string(Schema.SCORE_ID), false, q.limit(), q.after());
    });
  }

  @Override
  public List<Row> scoresOfTraces(String projectId, Collection<String> traceIds) {
    Set<String> ids = new HashSet<>(traceIds);
    return read(() -> scoresWhere(projectId, s -> ids.contains(s.string(Schema.TRACE_ID))));
  }

  @Override
  public Page<GroupSummary> groups(GroupQuery q) {
    return read(() -> {
      boolean users = q.by() == GroupQuery.GroupBy.USER;
      Map<String, List<Row>> groups = tracesOf(q.projectId())
          .filter(t -> RowMatcher.inRange(QuerySemantics.start(t), q.from(), q.to()))
          .filter(t -> t.string(users ? Schema.USER_ID : Schema.SESSION_ID) != null)
          .collect(Collectors.groupingBy(t -> t.string(users ? Schema.USER_ID : Schema.SESSION_ID)));
      Stream<GroupSummary> summaries = groups.entrySet().stream()
          .map(e -> summarize(e.getKey(), e.getValue(), users));
      return page(summaries, g -> (double) g.lastTime(), GroupSummary::id, false, q.limit(), q.after());
    });
  }

  @Override
  public List<MetricPoint> metrics(MetricsQuery q) {
    return read(() -> {
      RowMatcher matcher = matcher(q.projectId(), q.filter(), q.spans());
      Stream<Row> candidates = q.spans()
          ? rows.values().stream().filter(r -> r.table() == Table.SPANS
              && q.projectId().equals(r.string(Schema.PROJECT_ID))).filter(matcher::matchesSpan)
          : tracesOf(q.projectId()).filter(matcher::matchesTrace);
      // The query's filter carries the query's range, so every candidate has a start time.
      Map<List<Object>, List<Row>> buckets = new TreeMap<>(MetricsAggregator.KEY_ORDER);
      candidates.forEach(r -> MetricsAggregator.keys(r, q, this::traceOf)
          .forEach(key -> buckets.computeIfAbsent(key, k -> new ArrayList<>()).add(r)));
      return buckets.entrySet().stream().map(MetricsAggregator::point).collect(Collectors.toList());
    });
  }

  @Override
  public List<ScorePoint> scoreMetrics(ScoreMetricsQuery q) {
    return read(() -> {
      RowMatcher matcher = matcher(q.projectId(), q.traceFilter(), false);
      List<Row> scores = scoresWhere(q.projectId(), s -> eq(q.name(), s.string(Schema.NAME))
          && eq(q.source(), s.string(Schema.SOURCE))
          && RowMatcher.inRange(s.longValue(Schema.TIME), q.from(), q.to())
          && (!q.filtersTraces() || scoredTrace(s) != null && matcher.matchesTrace(scoredTrace(s))));
      return ScoreAggregator.points(q, scores, this::scoredTrace, this::scoredSpan);
    });
  }

  /** The stored trace a score is given to (directly or through one of its spans), or null. */
  private Row scoredTrace(Row score) {
    return score.string(Schema.TRACE_ID) == null ? null : traceOf(score);
  }

  /** The stored span a score is given to, or null. */
  private Row scoredSpan(Row score) {
    String traceId = score.string(Schema.TRACE_ID);
    String spanId = score.string(Schema.SPAN_ID);
    return traceId == null || spanId == null ? null
        : rows.get(new RowKey(Table.SPANS, List.of(score.string(Schema.PROJECT_ID), traceId, spanId)));
  }

  @Override
  public void close() {
    closed = true;
  }

  private GroupSummary summarize(String id, List<Row> traces, boolean users) {
    traces.sort(LATEST_START);
    String name = null;
    if (users) {
      for (Row t : traces) {
        name = t.string(Schema.USER_NAME) != null ? t.string(Schema.USER_NAME) : name;
      }
    }
    long errors = traces.stream().filter(QuerySemantics::isError).count();
    LongSummaryStatistics starts = traces.stream().map(QuerySemantics::start).filter(Objects::nonNull)
        .mapToLong(Long::longValue).summaryStatistics();
    return new GroupSummary(id, name, traces.size(), errors,
        starts.getCount() == 0 ? 0 : starts.getMin(),
        starts.getCount() == 0 ? 0 : starts.getMax(),
        sum(traces, r -> r.longValue(Schema.INPUT_TOKENS)),
        sum(traces, r -> r.longValue(Schema.OUTPUT_TOKENS)),
        sum(traces, r -> r.longValue(Schema.TOTAL_TOKENS)),
        traces.stream().map(r -> r.doubleValue(Schema.COST)).filter(Objects::nonNull)
            .mapToDouble(Double::doubleValue).sum());
  }

  /** The sum of the values present, saturated as {@link Sums} says. */
  static long sum(List<Row> rows, Function<Row, Long> value) {
    long sum = 0;
    for (Row r : rows) {
      Long v = value.apply(r);
      if (v != null) {
        sum = Sums.add(sum, v);
      }
    }
    return sum;
  }

  private static <T> Page<T> page(Stream<T> items, Function<T, Double> value, Function<T, String> id,
      boolean ascending, int limit, Cursor after) {
    Comparator<T> order = Comparator.comparing(value).thenComparing(id);
    if (!ascending) {
      order = order.reversed();
    }
    Stream<T> sorted = items.sorted(order);
    if (after != null) {
      sorted = sorted.filter(t -> {
        int c = Double.compare(value.apply(t), after.value());
        c = c != 0 ? c : id.apply(t).compareTo(after.id());
        return ascending ? c > 0 : c < 0;
      });
    }
    List<T> list = sorted.limit(limit + 1L).collect(Collectors.toList());
    String next = null;
    if (list.size() > limit) {
      list = list.subList(0, limit);
      T last = list.get(limit - 1);
      next = new Cursor(value.apply(last), id.apply(last)).encode();
    }
    return new Page<>(list, next);
  }

  static String spanCursorId(Row span) {
    return span.string(Schema.TRACE_ID) + span.string(Schema.SPAN_ID);
  }

  private Stream<Row> tracesOf(String projectId) {
    return rows.values().stream()
        .filter(r -> r.table() == Table.TRACES && projectId.equals(r.string(Schema.PROJECT_ID)));
  }

  private List<Row> scoresWhere(String projectId, Predicate<Row> condition) {
    return rows.values().stream()
        .filter(r -> r.table() == Table.SCORES && projectId.equals(r.string(Schema.PROJECT_ID)))
        .filter(condition)
        .sorted(Comparator.comparing((Row s) -> QuerySemantics.sortValue(s, Sort.START_TIME))
            .thenComparing(s -> s.string(Schema.SCORE_ID)))
        .collect(Collectors.toList());
  }

  /** A matcher of the filter on the project's traces, or its spans. */
  private RowMatcher matcher(String projectId, Filter f, boolean spans) {
    Function<Row, String> key = spans ? InMemoryStorage::spanCursorId : r -> r.string(Schema.TRACE_ID);
    Map<String, Double> means = new HashMap<>();
    if (f.scoreName() != null) {
      Map<String, List<Row>> scored = new HashMap<>();
      for (Row s : scoresWhere(projectId, s -> f.scoreName().equals(s.string(Schema.NAME))
          && s.string(Schema.TRACE_ID) != null && (!spans || s.string(Schema.SPAN_ID) != null))) {
        scored.computeIfAbsent(key.apply(s), k -> new ArrayList<>()).add(s);
      }
      scored.forEach((id, scores) -> means.put(id, QuerySemantics.scoreMean(scores)));
    }
    return new RowMatcher(f, this::traceOf, this::spansText, r -> means.get(key.apply(r)));
  }

  private Row traceOf(Row span) {
    return rows.get(new RowKey(Table.TRACES,
        List.of(span.string(Schema.PROJECT_ID), span.string(Schema.TRACE_ID))));
  }

  private Map<String, Row> spansOf(Row trace) {
    return spansByTrace.getOrDefault(traceKey(trace), Map.of());
  }

  private List<String> spansText(Row trace) {
    List<String> texts = new ArrayList<>();
    for (Row span : spansOf(trace).values()) {
      texts.add(span.string(Schema.INPUT));
      texts.add(span.string(Schema.OUTPUT));
    }
    return texts;
  }

  private static String traceKey(Row row) {
    return row.string(Schema.PROJECT_ID) + "/" + row.string(Schema.TRACE_ID);
  }

  private static boolean eq(String wanted, String actual) {
    return wanted == null || wanted.equals(actual);
  }

  private <T> T read(java.util.function.Supplier<T> body) {
    checkOpen();
    lock.readLock().lock();
    try {
      return body.get();
    } finally {
      lock.readLock().unlock();
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("storage is closed");
    }
  }
}
