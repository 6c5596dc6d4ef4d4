package dev.sightline.bench;

import dev.sightline.core.model.Schema;
import dev.sightline.core.storage.Sort;
import dev.sightline.core.storage.Storage;
import dev.sightline.core.storage.TraceQuery;
import dev.sightline.server.governance.SettingsStore;
import dev.sightline.server.query.ExportRoutes;
import dev.sightline.server.query.RetentionWindow;
import dev.sightline.storage.duckdb.DuckDbStorageProvider;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Export read path against a DuckDB store loaded by {@link StorageLoad} ({@code --load true}
 * loads it first): every trace, oldest first, written as JSON lines to {@code --out} by the code
 * of {@code GET /api/export/traces?format=jsonl} ({@link ExportRoutes#writeTraces}: the same
 * pages, reads ahead and bytes, without HTTP). Then, for comparison, the first {@code --sample}
 * traces read one by one ({@code Storage.trace}). Prints spans per second of each; the spans
 * exported are counted in the output afterwards (its {@code "spanId":} fields: the store has no
 * scores).
 *
 * <p>{@code --dir /tmp/sightline-storage-bench --spans 1000000 --load false
 * --out /tmp/sightline-export.jsonl --sample 2000}
 */
public final class ExportLoad {
  public static void main(String[] argv) throws Exception {
    Args args = new Args(argv);
    Path dir = Path.of(args.get("dir", "/tmp/sightline-storage-bench"));
    Path out = Path.of(args.get("out", "/tmp/sightline-export.jsonl"));
    int sample = (int) args.getLong("sample", 2000);
    boolean load = Boolean.parseBoolean(args.get("load", "false"));
    if (load) {
      StorageLoad.deleteTree(dir);
    }
    try (Storage storage = new DuckDbStorageProvider().open(dir, Map.of())) {
      if (load) {
        StorageLoad.load(storage::write, null, args.getLong("spans", 1_000_000), 4000,
            SpanRows.TRACE_GAP_MICROS);
      }
      List<String> firstIds = new ArrayList<>();
      if (sample > 0) {
        storage.traces(new TraceQuery(SpanRows.PROJECT, null, Sort.START_TIME, true, Math.min(sample, 1000), null))
            .items().forEach(t -> firstIds.add(t.string(Schema.TRACE_ID)));
      }
      Files.deleteIfExists(out); // not timed: truncating the previous output costs a second
      RetentionWindow window = new RetentionWindow(SettingsStore.open(Files.createTempDirectory("sightline-export-bench")),
          Clock.systemUTC());
      CpuClock cpu = new CpuClock("sightline-duckdb");
      cpu.start();
      long t0 = System.nanoTime();
      long traces = ExportRoutes.writeTraces(storage, window, SpanRows.PROJECT, "jsonl",
          new BufferedOutputStream(Files.newOutputStream(out), 1 << 16));
      double seconds = (System.nanoTime() - t0) / 1e9;
      cpu.stop();
      long spans = count(out, "\"spanId\":");
      System.out.printf("export: %,d traces, %,d spans, %,d MB in %.1f s: %,.0f spans/s; CPU %.1f us per span (%s;"
          + " the export's read-ahead threads have ended: under %s)%n", traces, spans, Files.size(out) >> 20, seconds,
          spans / seconds, cpu.totalSeconds() * 1e6 / spans, cpu.summary(), "native, GC, JIT");
      long t1 = System.nanoTime();
      long one = 0;
      for (String id : firstIds) {
        one += storage.trace(SpanRows.PROJECT, id).orElseThrow().spans().size();
      }
      double oneSeconds = (System.nanoTime() - t1) / 1e9;
      System.out.printf("trace by trace: %,d traces, %,d spans in %.1f s: %,.0f spans/s%n",
          firstIds.size(), one, oneSeconds, one / oneSeconds);
    }
  }

  /** Occurrences of an ASCII text in a file. */
  private static long count(Path file, String text) throws IOException {
    byte[] pattern = text.getBytes(StandardCharsets.US_ASCII);
    long found = 0;
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[1 << 20];
      int matched = 0;
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        for (int i = 0; i < n; i++) {
          byte b = buffer[i];
          matched = b == pattern[matched] ? matched + 1 : b == pattern[0] ? 1 : 0;
          if (matched == pattern.length) {
            found++;
            matched = 0;
          }
        }
      }
    }
    return found;
  }
}
