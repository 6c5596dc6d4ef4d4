package dev.sightline.storage.duckdb;

import static dev.sightline.storage.tests.TestRows.T0;
import static dev.sightline.storage.tests.TestRows.chat;
import static dev.sightline.storage.tests.TestRows.trace;
import static dev.sightline.storage.tests.TestRows.traceId;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sightline.core.model.Row;
import dev.sightline.core.storage.LogPosition;
import dev.sightline.core.storage.TraceDeletion;
import dev.sightline.core.storage.WriteBatch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A measurement, not a check (runs with {@code -Dbench.compaction=true}): the throughput of
 * payload compaction after half the traces are deleted, and how long load batches take while it
 * runs, compared with before. See BENCHMARKS.md.
 */
class PayloadCompactionThroughputTest {
  private static final int TRACES = 40_000;
  private static final int PER_BATCH = 500;
  private static final Map<String, String> OPTIONS =
      Map.of("memoryLimit", "256MB", "threads", "2", "minFreeDisk", "0", "compactionDelay", "3600");

  @TempDir
  Path tmp;

  @Test
  void measure() {
    assumeTrue(Boolean.getBoolean("bench.compaction"));
    Random random = new Random(7);
    try (DuckDbStorage s = DuckDbStorage.open(tmp.resolve("store"), OPTIONS)) {
      long offset = 0;
      for (int b = 0; b < TRACES / PER_BATCH; b++) {
        s.write(batch(b * PER_BATCH, random, ++offset));
      }
      long quiet = timeBatches(s, TRACES, random, offset, 20);
      offset += 20;
      Set<String> doomed = new HashSet<>();
      for (int i = 0; i < TRACES; i += 2) {
        doomed.add(traceId(i));
      }
      s.write(new WriteBatch(List.of(), Set.of(), List.of(new TraceDeletion("p", doomed)), new LogPosition(0, ++offset)));
      long start = System.nanoTime();
      CompletableFuture<Void> compaction = CompletableFuture.runAsync(s::compactNow);
      long during = timeBatches(s, TRACES + 20 * PER_BATCH, random, offset, 20);
      compaction.join();
      double seconds = (System.nanoTime() - start) / 1e9;
      double mb = s.compactor().copiedBytes() / 1e6;
      System.out.printf("compaction: copied %.1f MB live payload in %.2f s = %.1f MB/s, reclaimed %.1f MB%n",
          mb, seconds, mb / seconds, s.compactor().reclaimedBytes() / 1e6);
      System.out.printf("load batch of %d traces: %.1f ms mean before, %.1f ms mean during compaction%n",
          PER_BATCH, quiet / 20 / 1e6, during / 20 / 1e6);
      org.assertj.core.api.Assertions.assertThat(s.compactor().reclaimedBytes()).as("bytes reclaimed").isPositive();
    }
  }

  private static long timeBatches(DuckDbStorage s, int first, Random random, long offset, int count) {
    long start = System.nanoTime();
    for (int b = 0; b < count; b++) {
      s.write(batch(first + b * PER_BATCH, random, offset + b + 1));
    }
    return System.nanoTime() - start;
  }

  /** Traces with about 4 KB of text each, half of it random words (so it compresses about as prompts do). */
  private static WriteBatch batch(int first, Random random, long offset) {
    List<Row> rows = new ArrayList<>();
    for (int i = first; i < first + PER_BATCH; i++) {
      StringBuilder text = new StringBuilder();
      while (text.length() < 4000) {
        text.append(random.nextInt(2) == 0 ? "the answer is " : Long.toString(random.nextLong(), 36)).append(' ');
      }
      rows.add(trace("p", traceId(i)).name("t").start(T0 + i).input(chat("user", text.toString())).build());
    }
    return new WriteBatch(rows, Set.of(), new LogPosition(0, offset));
  }
}
