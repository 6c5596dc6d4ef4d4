package dev.sightline.bench;

import dev.sightline.core.model.Row;
import dev.sightline.core.model.RowKey;
import dev.sightline.core.storage.LogPosition;
import dev.sightline.core.storage.Storage;
import dev.sightline.core.storage.WriteBatch;
import dev.sightline.core.storage.StorageProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The embedded storage on its own, without HTTP or the write-ahead log: loads {@link SpanRows}
 * through {@code Storage.write} in batches as the pipeline's loader would (new rows, increasing
 * log positions), reporting write throughput and where the CPU went, then query latencies
 * ({@link StorageQueries}) and the process's resident memory.
 *
 * <p>{@code --dir /tmp/sightline-storage-bench (wiped first when loading) --spans 1000000
 * --batch-traces 4000 (44,000 rows a batch) --queries 200 --load true|false (false: query what
 * the directory holds) --gap-micros 10000 (between trace starts: 3200000 spreads a million traces
 * over 37 days)
 * --memoryLimit and --threads (passed to the backend if given)
 * --storage duckdb (or clickhouse: any backend on the classpath, by its provider's name)
 * --only REGEX (the query kinds whose name it finds; default all)
 * --options key=value,... (more backend options, e.g. {@code url=http://127.0.0.1:8123,database=bench})}
 * A network store keeps nothing under {@code --dir}: its size on disk is the store's to tell.
 */
public final class StorageLoad {
  /** When the first trace starts, epoch microseconds (2024-06-01). */
  static final long START_MICROS = SpanRows.BENCH_START;
  private static final MemorySampler MEMORY = new MemorySampler();

  public static void main(String[] argv) throws Exception {
    Args args = new Args(argv);
    Path dir = Path.of(args.get("dir", "/tmp/sightline-storage-bench"));
    long spans = args.getLong("spans", 1_000_000);
    int batchTraces = (int) args.getLong("batch-traces", 4000);
    int queries = (int) args.getLong("queries", 200);
    boolean load = Boolean.parseBoolean(args.get("load", "true"));
    long gap = args.getLong("gap-micros", SpanRows.TRACE_GAP_MICROS);
    Map<String, String> options = new HashMap<>();
    for (String option : List.of("memoryLimit", "threads")) {
      if (args.get(option, null) != null) {
        options.put(option, args.get(option, null));
      }
    }
    for (String pair : args.get("options", "").split(",")) {
      if (!pair.isBlank()) {
        options.put(pair.substring(0, pair.indexOf('=')).trim(), pair.substring(pair.indexOf('=') + 1).trim());
      }
    }
    if (load) {
      deleteTree(dir);
    }
    try (Storage storage = provider(args.get("storage", "duckdb")).open(dir, options)) {
      long traces = load ? load(storage::write, storage, spans, batchTraces, gap)
          : storage.appliedPosition().offset();
      report(dir);
      new StorageQueries(storage, traces, queries, gap, Pattern.compile(args.get("only", ""))).run();
      report(dir);
    }
  }

  /**
   * Loads the spans; the log position's offset counts the traces written. Returns the traces.
   *
   * @param fetcher if not null, after each batch asked for about 1% of the next batch's keys (not
   *     stored yet) and 0.1% of this one's, as the loader asks for its Bloom filter's positives
   */
  static long load(Sink sink, Storage fetcher, long spans, int batchTraces, long gap) throws Exception {
    SpanRows rows = new SpanRows(42, SpanRows.BENCH_START, gap);
    long traces = spans / SpanRows.SPANS_PER_TRACE;
    CpuClock cpu = new CpuClock("sightline-");
    long written = 0;
    long wall = 0;
    long reportedRows = 0;
    long reportedWall = 0;
    int batches = 0;
    Stats fetches = new Stats();
    Random random = new Random(5);
    List<Row> batch = rows.next((int) Math.min(batchTraces, traces - rows.traces()));
    while (!batch.isEmpty()) {
      WriteBatch writeBatch = new WriteBatch(batch, Set.of(), new LogPosition(0, rows.traces()));
      cpu.start();
      long t0 = System.nanoTime();
      sink.write(writeBatch);
      wall += System.nanoTime() - t0;
      cpu.stop();
      written += batch.size();
      List<Row> next = rows.next((int) Math.min(batchTraces, traces - rows.traces()));
      if (fetcher != null) {
        List<RowKey> keys = new ArrayList<>();
        next.stream().filter(r -> random.nextInt(100) == 0).forEach(r -> keys.add(r.key()));
        batch.stream().filter(r -> random.nextInt(1000) == 0).forEach(r -> keys.add(r.key()));
        long f0 = System.nanoTime();
        fetcher.fetch(keys);
        fetches.add(System.nanoTime() - f0);
      }
      batch = next;
      if (++batches % 25 == 0 || batch.isEmpty()) {
        System.out.printf("load: %,d rows, recently %,.0f rows/s, overall %,.0f rows/s%n", written,
            (written - reportedRows) * 1e9 / (wall - reportedWall), written * 1e9 / wall);
        reportedRows = written;
        reportedWall = wall;
      }
    }
    System.out.printf("load: %,d rows (%,d spans) in %.1fs of write(): %,.0f rows/s; CPU in write(): %s;"
        + " %,.0f rows per CPU-second%n", written, traces * SpanRows.SPANS_PER_TRACE, wall / 1e9,
        written * 1e9 / wall, cpu.summary(), written / cpu.totalSeconds());
    if (fetcher != null) {
      System.out.println("load: fetch of ~1% of a batch's keys (Bloom filter positives) " + fetches.summary());
    }
    return traces;
  }

  private static StorageProvider provider(String name) {
    for (StorageProvider p : ServiceLoader.load(StorageProvider.class)) {
      if (p.name().equals(name)) {
        return p;
      }
    }
    throw new IllegalArgumentException("--storage: no backend named " + name + " on the classpath");
  }

  private static void report(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      Files.createDirectories(dir);
    }
    Runtime rt = Runtime.getRuntime();
    System.out.printf("memory: %sheap used %d MB; on disk %d MB%n", MEMORY.summary(),
        (rt.totalMemory() - rt.freeMemory()) >> 20, size(dir) >> 20);
  }

  private static long size(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
    }
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(f);
      }
    }
  }

  @FunctionalInterface
  interface Sink {
    void write(WriteBatch batch) throws Exception;
  }

  private StorageLoad() {}
}
