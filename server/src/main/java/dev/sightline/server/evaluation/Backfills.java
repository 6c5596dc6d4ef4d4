package dev.sightline.server.evaluation;

import dev.sightline.core.model.Row;
import dev.sightline.core.model.Schema;
import dev.sightline.core.storage.Cursor;
import dev.sightline.core.storage.Filter;
import dev.sightline.core.storage.Page;
import dev.sightline.core.storage.Sort;
import dev.sightline.core.storage.StorageReader;
import dev.sightline.core.storage.TraceData;
import dev.sightline.core.storage.TraceQuery;
import dev.sightline.core.storage.memory.RowMatcher;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Backfills: an evaluator run over the traces already stored in a time range, page by page, on a
 * thread of their own (one backfill at a time; others wait their turn). The scores go through the
 * write-ahead log like remote evaluations' ({@link ScoreSink}), with the same ids, so running a
 * backfill again replaces its scores rather than adding more. Runs are kept in memory, the last 20
 * per evaluator: a restart forgets them and does not resume one cut off (start it again). With the
 * state in PostgreSQL they are also published to the other servers ({@link BackfillBoard}), which
 * answer their progress too. Thread-safe.
 */
public final class Backfills implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Backfills.class.getName());
  private static final int PAGE = 500;
  private static final int FLUSH = 2000;
  private static final int KEPT = BackfillBoard.KEPT;
  private final StorageReader storage;
  private final EvaluatorStore store;
  private final ScoreSink sink;
  private final Clock clock;
  private final ExecutorService thread = daemon("sightline-backfill");
  /** Reads the next page of traces while the scan judges one: a backfill is as fast as its slowest stage. */
  private final ExecutorService reader = daemon("sightline-backfill-reader");
  /** Stores one flush of scores while the scan goes on. */
  private final ExecutorService writer = daemon("sightline-backfill-writer");
  private final Map<String, Deque<BackfillRun>> runs = new ConcurrentHashMap<>();
  /** Where runs are published to other servers; null for one server. */
  private final BackfillBoard board;

  Backfills(StorageReader storage, EvaluatorStore store, ScoreSink sink, Clock clock, BackfillBoard board) {
    this.storage = storage;
    this.store = store;
    this.sink = sink;
    this.clock = clock;
    this.board = board;
  }

  /**
   * Starts a backfill of the evaluator as it is now over the traces the range filter takes (its
   * {@code from}/{@code to} on their start); the evaluator's own filter applies too.
   *
   * @param sampleRate the share of traces judged, decided on the trace id as at ingestion
   */
  BackfillRun start(String project, Evaluator e, Filter range, double sampleRate) {
    BackfillRun run = new BackfillRun(UUID.randomUUID().toString(), e, range.from(), range.to(), now());
    Deque<BackfillRun> kept = runs.computeIfAbsent(project + '\n' + e.name(), k -> new ArrayDeque<>());
    synchronized (kept) {
      kept.addFirst(run);
      while (kept.size() > KEPT) {
        kept.removeLast();
      }
    }
    String key = project + '\n' + e.name();
    publish(key, run);
    thread.execute(() -> {
      try {
        scan(project, e, range, sampleRate, run, key);
        run.finish(null, now());
      } catch (InterruptedException stop) {
        run.finish("stopped by a shutdown", now());
      } catch (RuntimeException failure) {
        LOG.log(System.Logger.Level.WARNING, "backfill of " + e.name() + " failed", failure);
        run.finish(failure.toString(), now());
      }
      publish(key, run);
    });
    return run;
  }

  /** An evaluator's runs, newest first: this server's, and those other servers published. */
  List<BackfillRun.Snapshot> runs(String project, String evaluator) {
    String key = project + '\n' + evaluator;
    Deque<BackfillRun> kept = runs.getOrDefault(key, new ArrayDeque<>());
    Map<String, BackfillRun.Snapshot> byId = new LinkedHashMap<>();
    if (board != null) {
      board.runs(key, clock.millis()).forEach(s -> byId.put(s.runId(), s));
    }
    synchronized (kept) {
      kept.forEach(r -> byId.put(r.id, r.snapshot(clock.millis())));
    }
    List<BackfillRun.Snapshot> out = new ArrayList<>(byId.values());
    out.sort(Comparator.comparingLong(BackfillRun.Snapshot::startedAt).reversed());
    return out.subList(0, Math.min(KEPT, out.size()));
  }

  Optional<BackfillRun.Snapshot> run(String project, String evaluator, String id) {
    return runs(project, evaluator).stream().filter(r -> r.runId().equals(id)).findFirst();
  }

  private void publish(String key, BackfillRun run) {
    if (board != null) {
      run.publishedAt = clock.millis();
      board.publish(key, run.snapshot(run.publishedAt));
    }
  }

  private void scan(String project, Evaluator e, Filter range, double sampleRate, BackfillRun run, String key)
      throws InterruptedException {
    Judge judge = store.judge(project, e);
    RowMatcher own = RowMatcher.of(e.filter(), span -> null);
    List<Row> scores = new ArrayList<>();
    CompletableFuture<Void> writing = CompletableFuture.completedFuture(null);
    // Three stages overlap: the reader reads page k + 1 while this thread judges page k and the
    // writer stores the scores of the pages before.
    CompletableFuture<List<TraceData>> reading = null;
    Cursor cursor = null;
    do {
      Page<Row> page = storage.traces(new TraceQuery(project, range, Sort.START_TIME, false, PAGE, cursor));
      List<String> ids = new ArrayList<>();
      for (Row t : page.items()) {
        if (Evaluator.samples(sampleRate, t.string(Schema.TRACE_ID))) {
          ids.add(t.string(Schema.TRACE_ID));
        }
      }
      CompletableFuture<List<TraceData>> next = ids.isEmpty() ? CompletableFuture.completedFuture(List.of())
          : CompletableFuture.supplyAsync(() -> storage.traces(project, ids, false), reader);
      if (reading != null) {
        judgePage(await(reading), judge, e, own, run, scores);
      }
      if (board != null && clock.millis() - run.publishedAt >= BackfillBoard.PUBLISH_EVERY_MILLIS) {
        publish(key, run);
      }
      reading = next;
      if (scores.size() >= FLUSH) {
        writing = flush(writing, project, scores);
        scores = new ArrayList<>();
      }
      cursor = page.nextCursor() == null ? null : Cursor.decode(page.nextCursor());
    } while (cursor != null);
    judgePage(await(reading), judge, e, own, run, scores);
    await(flush(writing, project, scores));
  }

  private void judgePage(List<TraceData> traces, Judge judge, Evaluator e, RowMatcher own, BackfillRun run,
      List<Row> scores) {
    for (TraceData data : traces) {
      if (e.judgesTraces()) {
        run.scanned.incrementAndGet();
        if (own.matchesTrace(data.trace())) {
          judge(judge, e, data.trace(), root(data), run, scores);
        }
        continue;
      }
      RowMatcher m = RowMatcher.of(e.filter(), span -> data.trace());
      for (Row span : data.spans()) {
        run.scanned.incrementAndGet();
        if (e.target().equals(span.string(Schema.TYPE)) && m.matchesSpan(span)) {
          judge(judge, e, span, null, run, scores);
        }
      }
    }
  }

  /** Stores scores on the writer once the previous flush is stored. */
  private CompletableFuture<Void> flush(CompletableFuture<Void> previous, String project, List<Row> scores)
      throws InterruptedException {
    await(previous);
    if (scores.isEmpty()) {
      return previous;
    }
    return CompletableFuture.runAsync(() -> {
      try {
        sink.store(project, scores);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CompletionException(e);
      }
    }, writer);
  }

  private static <T> T await(CompletableFuture<T> stage) throws InterruptedException {
    try {
      return stage.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof InterruptedException stop) {
        throw stop;
      }
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    }
  }

  private void judge(Judge judge, Evaluator e, Row row, Row root, BackfillRun run, List<Row> scores) {
    Subject subject = Subjects.of(row, root);
    Row score = Judging.score(ScoreRows.id(e.name(), e.version(), subject.traceId(), subject.spanId()), judge,
        subject, e.name(), e.version(), e.kind(), Subjects.time(row, now()));
    scores.add(score);
    run.judged.incrementAndGet();
    if (ScoreRows.ERROR.equals(score.string(Schema.LABEL)) && score.get(Schema.VALUE) == null) {
      run.errors.incrementAndGet();
    }
  }

  private static Row root(TraceData data) {
    return data.spans().stream().filter(s -> s.get(Schema.PARENT_SPAN_ID) == null).findFirst().orElse(null);
  }

  private static ExecutorService daemon(String name) {
    return Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    });
  }

  private long now() {
    return clock.millis() * 1000;
  }

  @Override
  public void close() {
    for (ExecutorService e : List.of(thread, reader, writer)) {
      e.shutdownNow();
    }
    try {
      for (ExecutorService e : List.of(thread, reader, writer)) {
        e.awaitTermination(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
