package dev.sightline.bench;

import dev.sightline.core.model.Row;
import dev.sightline.core.model.RowKey;
import dev.sightline.core.storage.Filter;
import dev.sightline.core.storage.MetricsQuery;
import dev.sightline.core.storage.Page;
import dev.sightline.core.storage.SpanQuery;
import dev.sightline.core.storage.Storage;
import dev.sightline.core.storage.TraceQuery;
import dev.sightline.storage.tests.ZipfWords;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;
import java.util.regex.Pattern;

/**
 * Query latencies straight against a {@link Storage} loaded by {@link StorageLoad}, one query at a
 * time: trace by id, first pages of filtered trace lists, full-text trace search (one and two Zipf
 * words), first pages of span lists, and metrics of every row by hour, of traces and of spans, by a
 * few groups, and the merge lookups of a batch of new traces and of stored ones (these two a tenth
 * as many runs). Prints p50/p95 per kind.
 */
final class StorageQueries {
  private static final int PAGE = 50;
  private static final Filter[] TRACE_FILTERS = {
      Filter.builder().feature("support-chat").build(),
      Filter.builder().status("failure").build(),
      Filter.builder().model("gpt-4o-mini").build(),
      Filter.builder().userId("user-17").build(),
      Filter.builder().feature("rag-search").minDuration(4_000_000L).build(),
  };

  private final Storage storage;
  private final long traces;
  private final int count;
  private final long gapMicros;
  private final Pattern only;
  private final Random random = new Random(11);
  private SpanRows lookupRows;

  /**
   * @param traces how many traces were loaded (ids {@code SpanRows.traceId(0 .. traces - 1)})
   * @param count measured queries per kind (a tenth more run first as warm-up)
   * @param gapMicros between trace starts as loaded, so that metrics cover every loaded trace
   * @param only the kinds to run: those whose name this finds
   */
  StorageQueries(Storage storage, long traces, int count, long gapMicros, Pattern only) {
    this.storage = storage;
    this.traces = traces;
    this.count = count;
    this.gapMicros = gapMicros;
    this.only = only;
  }

  void run() {
    time("trace by id", i -> {
      String id = SpanRows.traceId((long) (random.nextDouble() * traces));
      int spans = storage.trace(SpanRows.PROJECT, id).orElseThrow().spans().size();
      if (spans != SpanRows.SPANS_PER_TRACE) {
        throw new IllegalStateException("trace " + id + " has " + spans + " spans");
      }
      return 1;
    });
    time("traces, filtered, first page", i -> traces(TRACE_FILTERS[i % TRACE_FILTERS.length]));
    time("traces, full text, 1 word", i -> traces(Filter.builder().q(word()).build()));
    time("traces, full text, 2 words", i -> traces(Filter.builder().q(word() + " " + word()).build()));
    time("spans, first page", i -> spans(i % 2 == 0 ? null : "generation", Filter.NONE));
    time("spans, model, first page", i -> spans(null, Filter.builder().model("gpt-4o").build()));
    time("spans, full text, 1 word", i -> spans(null, Filter.builder().q(word()).build()));
    int runs = Math.max(5, count / 10);
    // Groups a build does not know are left out, so that builds from before them can be compared.
    for (String groupBy : new String[] {null, "feature", "tag"}) {
      if (known(groupBy)) {
        time("metrics, traces, hourly, " + groupBy, runs, i -> metrics(false, groupBy));
      }
    }
    for (String groupBy : new String[] {null, "model", "tag", "promptVersion"}) {
      if (known(groupBy)) {
        time("metrics, spans, hourly, " + groupBy, runs, i -> metrics(true, groupBy));
      }
    }
    // What a loader over a shared store (no key filter) asks before each batch: every key of it.
    for (int n : new int[] {400, 4000}) {
      time(String.format("merge lookup, %,d new traces", n), runs, i -> lookup(traces + (long) (i + 1) * n, n));
      time(String.format("merge lookup, %,d stored traces", n), runs,
          i -> lookup((long) (random.nextDouble() * (traces - n)), n));
    }
  }

  /**
   * Fetches the keys of {@code n} traces' rows from trace number {@code first} on (those beyond the
   * loaded traces are not stored), as the loader asks for a batch; returns the rows found.
   */
  private int lookup(long first, int n) {
    if (lookupRows == null) {
      lookupRows = new SpanRows(3, SpanRows.BENCH_START, gapMicros);
    }
    lookupRows.skipTo(first);
    List<RowKey> keys = lookupRows.next(n).stream().map(Row::key).toList();
    return storage.fetch(keys).size();
  }

  private static boolean known(String groupBy) {
    return groupBy == null || MetricsQuery.GROUPS.contains(groupBy);
  }

  /** Metrics of every loaded row in hourly buckets; returns the number of points. */
  private int metrics(boolean spans, String groupBy) {
    long to = SpanRows.BENCH_START + traces * gapMicros + 3_600_000_000L;
    return storage.metrics(new MetricsQuery(SpanRows.PROJECT, spans, Filter.NONE, SpanRows.BENCH_START, to,
        3_600_000_000L, groupBy)).size();
  }

  private int traces(Filter filter) {
    Page<Row> page = storage.traces(new TraceQuery(SpanRows.PROJECT, filter, null, false, PAGE, null));
    return page.items().size();
  }

  private int spans(String type, Filter filter) {
    return storage.spans(new SpanQuery(SpanRows.PROJECT, filter, type, null, false, PAGE, null))
        .items().size();
  }

  private String word() {
    return ZipfWords.VOCABULARY[ZipfWords.zipf(random)];
  }

  /** Runs a query kind; the function returns how many items it got (reported as the mean). */
  private void time(String name, IntFunction<Integer> query) {
    time(name, count, query);
  }

  private void time(String name, int count, IntFunction<Integer> query) {
    if (!only.matcher(name).find()) {
      return;
    }
    Stats stats = new Stats();
    long items = 0;
    for (int i = -Math.max(1, count / 10); i < count; i++) {
      long t0 = System.nanoTime();
      int got = query.apply(Math.abs(i));
      long elapsed = System.nanoTime() - t0;
      if (i >= 0) {
        stats.add(elapsed);
        items += got;
      }
    }
    System.out.printf("query: %-30s %s mean items=%.1f%n", name, stats.summary(), (double) items / count);
  }
}
