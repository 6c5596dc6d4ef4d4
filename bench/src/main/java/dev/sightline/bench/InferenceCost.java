package dev.sightline.bench;

import dev.sightline.core.codec.DecodedBatch;
import dev.sightline.core.codec.NativeDecoder;
import dev.sightline.core.storage.Storage;
import dev.sightline.server.collector.DerivedRows;
import dev.sightline.server.collector.Format;
import dev.sightline.server.collector.IngestPipeline;
import dev.sightline.server.collector.PipelineSettings;
import dev.sightline.server.collector.QueueFullException;
import dev.sightline.server.usage.UsageInference;
import dev.sightline.storage.duckdb.DuckDbStorageProvider;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * What token and cost inference adds to the CPU of ingest: the same synthetic batches as
 * {@link IngestLoad} sends ({@link NativeBodies}: 100 spans of ~1 KB chat texts per body, half of
 * them generations of four models), in three variants that differ only in what generations report
 * (tokens and cost; tokens only; nothing), each decoded and put through the server's durable write
 * path ({@link IngestPipeline}: write-ahead log, loader with inference, DuckDB) in this process
 * until stored. Reports the process's CPU per span (every thread: decoding, log, loader, DuckDB;
 * HTTP is left out, which makes inference's share look larger, not smaller), per run and the
 * median, rotating the variants' order each run; then each one's ratio to the first.
 *
 * <p>{@code --runs 5 --spans 100000 --warmup-spans 100000 --spans-per-batch 100}.
 */
public final class InferenceCost {
  private static final String PROJECT = "bench";

  public static void main(String[] argv) throws Exception {
    Args args = new Args(argv);
    int runs = (int) args.getLong("runs", 5);
    long spans = args.getLong("spans", 100_000);
    long warmup = args.getLong("warmup-spans", 100_000);
    int perBatch = (int) args.getLong("spans-per-batch", 100);
    long startMicros = System.currentTimeMillis() * 1000 - 86_400_000_000L;
    List<Variant> variants = List.of(new Variant(WireFormat.NATIVE), new Variant(WireFormat.NATIVE_NO_COST),
        new Variant(WireFormat.NATIVE_NO_USAGE));
    for (Variant v : variants) {
      v.template = v.format.template(perBatch, 42, startMicros);
      v.run(warmup, perBatch);
    }
    for (int run = 0; run < runs; run++) {
      List<Variant> order = new ArrayList<>(variants);
      Collections.rotate(order, run);
      StringBuilder line = new StringBuilder("run " + (run + 1) + ":");
      for (Variant v : order) {
        double[] r = v.run(spans, perBatch);
        v.cpu.add(r[0]);
        line.append(String.format(" %s %.1f us/span %.0f spans/s;", v.format, r[0], r[1]));
      }
      System.out.println(line);
    }
    double base = Stats.median(variants.get(0).cpu);
    StringBuilder summary = new StringBuilder("median of " + runs + " runs:");
    for (Variant v : variants) {
      summary.append(String.format(" %s %.1f us/span (%.3f x %s);", v.format, Stats.median(v.cpu),
          Stats.median(v.cpu) / base, variants.get(0).format));
    }
    System.out.println(summary);
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static final class Variant {
    final WireFormat format;
    final List<Double> cpu = new ArrayList<>();
    BodyTemplate template;
    long nextTrace;

    Variant(WireFormat format) {
      this.format = format;
    }

    /** Stores {@code spans} spans on a fresh store; returns CPU microseconds per span and spans per second. */
    double[] run(long spans, int perBatch) throws IOException, InterruptedException {
      Path dir = Files.createTempDirectory("sightline-inference-bench");
      NativeDecoder decoder = new NativeDecoder();
      try (Storage storage = new DuckDbStorageProvider().open(dir.resolve("store"), Map.of());
          IngestPipeline pipeline = IngestPipeline.open(storage, UsageInference.open(dir), DerivedRows.NONE, dir.resolve("wal"),
              f -> decoder, PipelineSettings.DEFAULTS, new SimpleMeterRegistry())) {
        long cpu0 = processCpuNanos();
        long t0 = System.nanoTime();
        List<CompletableFuture<Void>> acks = new ArrayList<>();
        for (long sent = 0; sent < spans; sent += perBatch) {
          byte[] body = template.body(1, nextTrace);
          nextTrace += template.traces();
          long receivedAt = System.currentTimeMillis() * 1000;
          DecodedBatch batch = decoder.decode(body, PROJECT, receivedAt);
          while (true) {
            try {
              acks.add(pipeline.submit(PROJECT, receivedAt, Format.NATIVE, body, false, batch.rows()));
              break;
            } catch (QueueFullException e) {
              Thread.sleep(5);
            }
          }
        }
        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).join();
        while (pipeline.pendingRows() > 0) {
          Thread.sleep(2);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new double[] {(processCpuNanos() - cpu0) / 1e3 / spans, spans / seconds};
      } finally {
        try (Stream<Path> files = Files.walk(dir)) {
          files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
    }
  }

  private InferenceCost() {}
}
