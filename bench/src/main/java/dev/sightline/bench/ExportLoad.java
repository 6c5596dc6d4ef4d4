package dev.sightline.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.sightline.core.codec.RowJson;
import dev.sightline.core.model.Row;
import dev.sightline.core.model.Schema;
import dev.sightline.core.storage.Cursor;
import dev.sightline.core.storage.Page;
import dev.sightline.core.storage.Sort;
import dev.sightline.core.storage.Storage;
import dev.sightline.core.storage.TraceData;
import dev.sightline.core.storage.TraceQuery;
import dev.sightline.storage.duckdb.DuckDbStorageProvider;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Export read path against a DuckDB store loaded by {@link StorageLoad} ({@code --load true}
 * loads it first): every trace, oldest first, a page of {@code --page} trace rows at a time, the
 * page's traces read together ({@code Storage.traces(project, ids)}) and written as JSON lines to
 * {@code --out}, as {@code /api/export/traces} does. Then, for comparison, {@code --sample}
 * traces read one by one ({@code Storage.trace}). Prints spans per second of each.
 *
 * <p>{@code --dir /tmp/sightline-storage-bench --spans 1000000 --load false --page 500
 * --out /tmp/sightline-export.jsonl --sample 2000}
 */
public final class ExportLoad {
  public static void main(String[] argv) throws Exception {
    Args args = new Args(argv);
    Path dir = Path.of(args.get("dir", "/tmp/sightline-storage-bench"));
    int page = (int) args.getLong("page", 500);
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
      long t0 = System.nanoTime();
      long spans = 0;
      long traces = 0;
      long listing = 0;
      long reading = 0;
      List<String> firstIds = new ArrayList<>();
      try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(out), 1 << 16);
          JsonGenerator g = new JsonFactory().createGenerator(file)) {
        g.setRootValueSeparator(null);
        Cursor after = null;
        do {
          long l0 = System.nanoTime();
          Page<Row> rows = storage.traces(new TraceQuery(SpanRows.PROJECT, null, Sort.START_TIME, true, page, after));
          List<String> ids = new ArrayList<>();
          rows.items().forEach(t -> ids.add(t.string(Schema.TRACE_ID)));
          if (firstIds.size() < sample) {
            firstIds.addAll(ids);
          }
          long l1 = System.nanoTime();
          List<TraceData> read = ids.isEmpty() ? List.<TraceData>of() : storage.traces(SpanRows.PROJECT, ids);
          long l2 = System.nanoTime();
          listing += l1 - l0;
          reading += l2 - l1;
          for (TraceData t : read) {
            g.writeStartObject();
            g.writeFieldName("trace");
            RowJson.write(g, t.trace());
            g.writeArrayFieldStart("spans");
            for (Row s : t.spans()) {
              RowJson.write(g, s);
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeRaw('\n');
            spans += t.spans().size();
            traces++;
          }
          after = rows.nextCursor() == null ? null : Cursor.decode(rows.nextCursor());
        } while (after != null);
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      System.out.printf("export: listing pages %.1f s, reading traces %.1f s, writing the rest%n", listing / 1e9,
          reading / 1e9);
      System.out.printf("export: %,d traces, %,d spans, %,d MB in %.1f s: %,.0f spans/s%n", traces, spans,
          Files.size(out) >> 20, seconds, spans / seconds);
      long t1 = System.nanoTime();
      long one = 0;
      for (String id : firstIds.subList(0, Math.min(sample, firstIds.size()))) {
        one += storage.trace(SpanRows.PROJECT, id).orElseThrow().spans().size();
      }
      double oneSeconds = (System.nanoTime() - t1) / 1e9;
      System.out.printf("trace by trace: %,d traces, %,d spans in %.1f s: %,.0f spans/s%n",
          Math.min(sample, firstIds.size()), one, oneSeconds, one / oneSeconds);
    }
  }
}
