package dev.sightline.bench;

import dev.sightline.core.model.Row;
import dev.sightline.core.storage.DiskReclaim;
import dev.sightline.core.storage.Filter;
import dev.sightline.core.storage.LogPosition;
import dev.sightline.core.storage.Storage;
import dev.sightline.core.storage.TraceDeletion;
import dev.sightline.core.storage.TraceQuery;
import dev.sightline.core.storage.WriteBatch;
import dev.sightline.storage.duckdb.DuckDbStorageProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The DuckDB store's database rewrite after deletions (issue 12) under load. Loads {@code --spans}
 * (1 M) with {@link StorageLoad}, then keeps writing one batch of {@code --batch-traces} (200)
 * traces every 250 ms (as the pipeline's loader trickles) and querying (a trace by id, a first page
 * of traces, one after the other) while, per run, {@code --phase-seconds} (5) pass and then
 * {@code --delete-percent} (10) of the loaded traces are deleted in one batch with
 * {@code rewriteDelay} 0, so the rewrite starts at once. Reports the rewrite's duration (from the
 * deletion's commit to the swap, as {@code DiskReclaim} tells), the batch writes and queries that
 * overlapped it (the longest write is how long a batch waited) against those of the phase before,
 * and the database file's size; then medians over {@code --runs} (3), each deleting another slice
 * of the loaded traces. The store's log line splits each rewrite into copy and swap. Wipes
 * {@code --dir} (/tmp/sightline-rewrite-bench) first.
 */
public final class RewriteLoad {
  private static final long BATCH_EVERY_MILLIS = 250;

  /** A timed call: when it started and how long it took, {@link System#nanoTime} nanoseconds. */
  private record Sample(long start, long nanos) {}

  private final Storage storage;
  private final long loaded;
  private final int batchTraces;
  private final SpanRows more = new SpanRows(43, SpanRows.BENCH_START);
  private final AtomicReference<List<TraceDeletion>> deletion = new AtomicReference<>();
  private final Random random = new Random(7);
  private final Queue<Sample> writes = new ConcurrentLinkedQueue<>();
  private final Queue<Sample> queries = new ConcurrentLinkedQueue<>();
  private volatile boolean stop;
  private volatile Throwable failure;
  /** When the last deletion was committed, epoch microseconds, as the store reported it. */
  private volatile long pendingSince;

  private RewriteLoad(Storage storage, long loaded, int batchTraces) {
    this.storage = storage;
    this.loaded = loaded;
    this.batchTraces = batchTraces;
    more.skipTo(loaded);
  }

  public static void main(String[] argv) throws Exception {
    Args args = new Args(argv);
    Path dir = Path.of(args.get("dir", "/tmp/sightline-rewrite-bench"));
    int runs = (int) args.getLong("runs", 3);
    long phaseMillis = args.getLong("phase-seconds", 5) * 1000;
    double percent = args.getLong("delete-percent", 10);
    StorageLoad.deleteTree(dir);
    Map<String, String> options = Map.of("rewriteDelay", "0", "compactionDelay", "3600", "minFreeDisk", "0");
    try (Storage storage = new DuckDbStorageProvider().open(dir, options)) {
      long traces = StorageLoad.load(storage::write, null, args.getLong("spans", 1_000_000), 4000,
          SpanRows.TRACE_GAP_MICROS);
      RewriteLoad bench = new RewriteLoad(storage, traces, (int) args.getLong("batch-traces", 200));
      bench.run(dir.resolve("duckdb").resolve("sightline.duckdb"), runs, phaseMillis, percent);
    }
  }

  private void run(Path file, int runs, long phaseMillis, double percent) throws Exception {
    Thread writer = new Thread(this::writeSteadily, "bench-writer");
    Thread reader = new Thread(this::querySteadily, "bench-reader");
    writer.start();
    reader.start();
    List<Double> rewriteMs = new ArrayList<>();
    List<Double> longestWrite = new ArrayList<>();
    List<Double> queryMaxDuring = new ArrayList<>();
    List<Double> queryP50During = new ArrayList<>();
    long slice = (long) (loaded * percent / 100);
    for (int r = 0; r < runs && failure == null; r++) {
      long phase = System.nanoTime();
      Thread.sleep(phaseMillis);
      long sizeBefore = Files.size(file);
      Long lastBefore = storage.diskReclaim().lastRewriteMicros();
      long from = System.nanoTime();
      deletion.set(deletionOf(r * slice, (r + 1) * slice));
      DiskReclaim reclaim = storage.diskReclaim();
      while (failure == null && Objects.equals(reclaim.lastRewriteMicros(), lastBefore)) {
        Thread.sleep(5);
        reclaim = storage.diskReclaim();
      }
      long to = System.nanoTime();
      Thread.sleep(BATCH_EVERY_MILLIS * 2); // the calls that overlapped the rewrite end
      double ms = (reclaim.lastRewriteMicros() - pendingSince) / 1000.0;
      System.out.printf("run %d: deleted %,d traces; rewrite %.0f ms after the deletion's commit;"
          + " database %d MB -> %d MB%n", r + 1, slice, ms, sizeBefore >> 20, Files.size(file) >> 20);
      String batch = "write() of a batch of " + batchTraces + " traces, ";
      System.out.println("  " + batch + "before: " + overlapping(writes, phase, from).summary());
      Stats writesDuring = overlapping(writes, from, to);
      System.out.println("  " + batch + "during: " + writesDuring.summary());
      System.out.println("  query, before: " + overlapping(queries, phase, from).summary());
      Stats queriesDuring = overlapping(queries, from, to);
      System.out.println("  query, during: " + queriesDuring.summary());
      rewriteMs.add(ms);
      longestWrite.add(writesDuring.percentileMillis(100));
      queryMaxDuring.add(queriesDuring.percentileMillis(100));
      queryP50During.add(queriesDuring.percentileMillis(50));
    }
    stop = true;
    writer.join();
    reader.join();
    if (failure != null) {
      throw new IllegalStateException("the load failed", failure);
    }
    System.out.printf("median over %d runs: rewrite %.0f ms; longest write() during it %.0f ms;"
        + " query during it p50 %.1f ms, max %.0f ms%n", runs, Stats.median(rewriteMs), Stats.median(longestWrite),
        Stats.median(queryP50During), Stats.median(queryMaxDuring));
  }

  /** The calls that ran at some moment between {@code from} and {@code to}. */
  private static Stats overlapping(Queue<Sample> samples, long from, long to) {
    Stats stats = new Stats();
    for (Sample s : samples) {
      if (s.start() < to && s.start() + s.nanos() > from) {
        stats.add(s.nanos());
      }
    }
    return stats;
  }

  private static List<TraceDeletion> deletionOf(long from, long to) {
    List<TraceDeletion> deletions = new ArrayList<>();
    for (long chunk = from; chunk < to; chunk += 1000) {
      Set<String> ids = new HashSet<>();
      for (long n = chunk; n < Math.min(to, chunk + 1000); n++) {
        ids.add(SpanRows.traceId(n));
      }
      deletions.add(new TraceDeletion(SpanRows.PROJECT, ids));
    }
    return deletions;
  }

  /** One batch every 250 ms, or the deletion when there is one; log positions count the batches. */
  private void writeSteadily() {
    long position = loaded;
    try {
      while (!stop) {
        List<TraceDeletion> deletions = deletion.getAndSet(null);
        if (deletions != null) {
          storage.write(new WriteBatch(List.of(), Set.of(), deletions, new LogPosition(1, ++position)));
          pendingSince = storage.diskReclaim().rewritePendingSinceMicros();
          continue;
        }
        List<Row> rows = more.next(batchTraces);
        long t0 = System.nanoTime();
        storage.write(new WriteBatch(rows, Set.of(), new LogPosition(1, ++position)));
        long took = System.nanoTime() - t0;
        writes.add(new Sample(t0, took));
        Thread.sleep(Math.max(0, BATCH_EVERY_MILLIS - took / 1_000_000));
      }
    } catch (Throwable e) {
      failure = e;
    }
  }

  /** A trace by id of the loaded ones kept, then a first page of traces, over and over. */
  private void querySteadily() {
    try {
      for (int i = 0; !stop; i++) {
        long t0 = System.nanoTime();
        if (i % 2 == 0) {
          long n = loaded / 2 + (long) (random.nextDouble() * (loaded / 2)); // never deleted
          storage.trace(SpanRows.PROJECT, SpanRows.traceId(n)).orElseThrow();
        } else {
          storage.traces(new TraceQuery(SpanRows.PROJECT, Filter.builder().feature("rag-search").build(), null,
              false, 50, null));
        }
        queries.add(new Sample(t0, System.nanoTime() - t0));
        Thread.sleep(10);
      }
    } catch (Throwable e) {
      failure = e;
    }
  }
}
