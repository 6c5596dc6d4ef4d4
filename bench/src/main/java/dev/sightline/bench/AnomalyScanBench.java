package dev.sightline.bench;

import dev.sightline.core.storage.Storage;
import dev.sightline.server.analysis.Anomaly;
import dev.sightline.server.analysis.AnomalyScan;
import dev.sightline.storage.duckdb.DuckDbStorageProvider;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A 30-day anomaly scan ({@link AnomalyScan}, what {@code GET /api/anomalies} runs) of a store that
 * {@link StorageLoad} built: every row of {@link SpanRows} falls inside the scan and its week of
 * history, so both metrics queries (traces by feature, spans by model, hourly) aggregate all of
 * them, and every series is scored hour by hour. Prints each run's wall time, then the median and the slowest.
 *
 * <p>{@code --dir /tmp/sightline-storage-bench --runs 5 --to-days 30 (the scan ends this many days
 * after the first trace: 37 for a store loaded with --gap-micros 3200000, so the scan and its
 * history cover all of its 37 days) --memoryLimit 256MB --threads N}
 */
public final class AnomalyScanBench {
  private static final long DAY = 86_400_000_000L;

  public static void main(String[] argv) throws Exception {
    Args args = new Args(argv);
    Path dir = Path.of(args.get("dir", "/tmp/sightline-storage-bench"));
    int runs = (int) args.getLong("runs", 5);
    Map<String, String> options = new HashMap<>();
    for (String option : List.of("memoryLimit", "threads")) {
      if (args.get(option, null) != null) {
        options.put(option, args.get(option, null));
      }
    }
    long to = StorageLoad.START_MICROS + args.getLong("to-days", 30) * DAY;
    long from = to - 30 * DAY;
    try (Storage storage = new DuckDbStorageProvider().open(dir, options)) {
      AnomalyScan scan = new AnomalyScan(storage);
      double[] millis = new double[runs];
      for (int i = 0; i < runs; i++) {
        long t0 = System.nanoTime();
        List<Anomaly> found = scan.scan(SpanRows.PROJECT, null, from, to, null);
        millis[i] = (System.nanoTime() - t0) / 1e6;
        System.out.printf("run %d: %.0f ms, %d findings%n", i + 1, millis[i], found.size());
      }
      for (Anomaly a : scan.scan(SpanRows.PROJECT, null, from, to, null)) {
        System.out.println("finding: " + a);
      }
      Arrays.sort(millis);
      System.out.printf("30-day anomaly scan: median %.0f ms, slowest %.0f ms over %d runs%n",
          millis[runs / 2], millis[runs - 1], runs);
    }
  }
}
