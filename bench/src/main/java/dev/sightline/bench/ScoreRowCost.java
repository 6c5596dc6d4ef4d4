package dev.sightline.bench;

import dev.sightline.core.model.Row;
import dev.sightline.core.model.Schema;
import dev.sightline.core.model.Table;
import dev.sightline.core.storage.LogPosition;
import dev.sightline.core.storage.Storage;
import dev.sightline.core.storage.WriteBatch;
import dev.sightline.storage.duckdb.DuckDbStorageProvider;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the DuckDB store costs per row written, for evaluator-like score rows and for bare span
 * rows (no texts), in batches as the loader writes them: CPU (all threads) and wall time per row,
 * for a first pass (warm-up) and a second one. Prints one line per pass and kind. Then, for the
 * score rows, what reading them costs as the trace list reads them: the scores of 50 random traces
 * (10 scores each) at a time, {@code --reads} times; prints the median and 90th percentile.
 *
 * <p>{@code --batches 30 --rows 5000 --reads 200}.
 */
public final class ScoreRowCost {
  private ScoreRowCost() {}

  public static void main(String[] argv) throws Exception {
    Args args = new Args(argv);
    int batches = (int) args.getLong("batches", 30);
    int perBatch = (int) args.getLong("rows", 5000);
    int reads = (int) args.getLong("reads", 200);
    for (String kind : List.of("score", "span")) {
      Path dir = Files.createTempDirectory("sightline-score-rows");
      try (Storage storage = new DuckDbStorageProvider().open(dir.resolve("store"), Map.of())) {
        long n = 0;
        for (int pass = 1; pass <= 2; pass++) {
          long wall0 = System.nanoTime();
          long cpu0 = cpu();
          for (int b = 0; b < batches; b++) {
            List<Row> rows = new ArrayList<>(perBatch);
            for (int i = 0; i < perBatch; i++, n++) {
              rows.add(kind.equals("score") ? score(n) : span(n));
            }
            storage.write(new WriteBatch(rows, Set.of(), new LogPosition(1, n)));
          }
          long count = (long) batches * perBatch;
          System.out.printf("%s rows, pass %d: %.2f us CPU, %.2f us wall per row%n", kind, pass,
              (cpu() - cpu0) / 1e3 / count, (System.nanoTime() - wall0) / 1e3 / count);
        }
        if (kind.equals("score")) {
          readPages(storage, n / 10, reads);
        }
      }
    }
  }

  /** Times reading the scores of 50 random traces of the {@code traces} written, {@code reads} times. */
  private static void readPages(Storage storage, long traces, int reads) {
    java.util.Random random = new java.util.Random(14);
    long[] micros = new long[reads];
    for (int r = 0; r < reads; r++) {
      Set<String> ids = new java.util.LinkedHashSet<>();
      while (ids.size() < 50) {
        ids.add(String.format("%032x", Math.floorMod(random.nextLong(), traces) * 7919));
      }
      long t0 = System.nanoTime();
      int found = storage.scoresOfTraces("bench", ids).size();
      micros[r] = (System.nanoTime() - t0) / 1000;
      if (found != 500) {
        throw new IllegalStateException("found " + found + " scores of 50 traces, not 500");
      }
    }
    java.util.Arrays.sort(micros);
    System.out.printf("scores of 50 traces: p50 %.2f ms, p90 %.2f ms%n", micros[reads / 2] / 1e3,
        micros[reads * 9 / 10] / 1e3);
  }

  private static Row score(long n) {
    return Row.builder(Table.SCORES).set(Schema.PROJECT_ID, "bench").set(Schema.SCORE_ID, String.format("%032x", n))
        .set(Schema.TRACE_ID, String.format("%032x", n / 10 * 7919)).set(Schema.SPAN_ID, String.format("%016x", n))
        .set(Schema.NAME, "short-answer").set(Schema.VALUE, 1.0).set(Schema.LABEL, "pass")
        .set(Schema.COMMENT, "1234 characters, at most 4000").set(Schema.SOURCE, "evaluator")
        .set(Schema.TIME, 1_795_000_000_000_000L + n)
        .set(Schema.METADATA, "{\"evaluatorVersion\":1,\"kind\":\"length\",\"error\":false}").build();
  }

  private static Row span(long n) {
    return Row.builder(Table.SPANS).set(Schema.PROJECT_ID, "bench").set(Schema.TRACE_ID, String.format("%032x", n / 10 * 7919))
        .set(Schema.SPAN_ID, String.format("%016x", n)).set(Schema.NAME, "step").set(Schema.TYPE, "generation")
        .set(Schema.START_TIME, 1_795_000_000_000_000L + n).set(Schema.END_TIME, 1_795_000_000_000_100L + n).build();
  }

  private static long cpu() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }
}
