package dev.sightline.storage.duckdb;

import dev.sightline.storage.tests.ZipfWords;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * Not a test: the CPU the indexer spends per document, in process, for documents like the ingest
 * benchmark's ({@code bench/.../SyntheticBatch}: a trace row with a 20-word input, then spans with
 * 80-word chat input and output of a Zipf-distributed vocabulary), in load batches of
 * {@code --batch} rows: {@link SegmentBuilder#add} for every document, {@link SegmentBuilder#build}
 * and the segment file's encoding ({@link SegmentWriter#write} to a file in /tmp, without its
 * fsync cost mattering much on tmpfs). Run from storage-duckdb after {@code mvn test-compile}:
 *
 * <pre>
 * java -cp target/test-classes:target/classes:$(cat target/cp.txt) dev.sightline.storage.duckdb.IndexCost [--seconds 10] [--batch 5500]
 * </pre>
 */
public final class IndexCost {
  private IndexCost() {}

  public static void main(String[] args) throws IOException {
    int seconds = 10;
    int batch = 5500;
    int runs = 5;
    String mode = "all";
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
        case "--batch" -> batch = Integer.parseInt(args[i + 1]);
        case "--runs" -> runs = Integer.parseInt(args[i + 1]);
        case "--mode" -> mode = args[i + 1];
        default -> throw new IllegalArgumentException(args[i]);
      }
    }
    List<String[]> docs = documents(new Random(42), Integer.getInteger("docs", 20 * batch));
    Path file = Files.createTempFile("index-cost", ".seg");
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    try {
      if (mode.equals("chars")) {
        for (int k = 0; k < 3; k++) {
          chars(docs, seconds, mx);
        }
        return;
      }
      if (mode.equals("words")) {
        for (int k = 0; k < runs; k++) {
          words(docs, seconds, mx);
        }
        return;
      }
      run(docs, batch, seconds, file, mx, "warm-up");
      double[] ns = new double[runs];
      for (int r = 0; r < runs; r++) {
        ns[r] = run(docs, batch, seconds, file, mx, "run " + (r + 1));
      }
      Arrays.sort(ns);
      System.out.printf("median: %.0f ns of CPU per document (%.2f us)%n", ns[runs / 2], ns[runs / 2] / 1000);
    } finally {
      Files.deleteIfExists(file);
    }
  }

  private static double run(List<String[]> docs, int batch, int seconds, Path file, ThreadMXBean mx, String label)
      throws IOException {
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    long cpu0 = mx.getCurrentThreadCpuTime();
    long n = 0;
    long seq = 1;
    long number = 1;
    int at = 0;
    SegmentBuilder.Scratch scratch = scratch();
    while (System.nanoTime() < end) {
      SegmentBuilder b = scratch == null ? new SegmentBuilder(number++, seq) : new SegmentBuilder(number++, seq, scratch);
      for (int i = 0; i < batch; i++) {
        String[] d = docs.get(at);
        at = (at + 1) % docs.size();
        b.add(seq++, d[0], d[1], d[2] != null, d[3], d[4]);
      }
      SegmentWriter.write(b.build(), file);
      n += batch;
    }
    double ns = (mx.getCurrentThreadCpuTime() - cpu0) / (double) n;
    System.out.printf("%s: %,d documents, %.0f ns of CPU per document%n", label, n, ns);
    return ns;
  }

  private static void chars(List<String[]> docs, int seconds, ThreadMXBean mx) {
    char[] buf = new char[1 << 16];
    long sum = 0;
    long chars = 0;
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    long cpu0 = mx.getCurrentThreadCpuTime();
    long n = 0;
    while (System.nanoTime() < end) {
      for (String[] d : docs) {
        for (int k = 3; k < 5; k++) {
          if (d[k] != null) {
            d[k].getChars(0, d[k].length(), buf, 0);
            for (int i = 0; i < d[k].length(); i++) {
              sum += buf[i] >= 'a' ? 1 : 2;
            }
            chars += d[k].length();
          }
        }
      }
      n += docs.size();
    }
    System.out.printf("chars only: %.0f ns per document, %.0f chars per document (%d)%n",
        (mx.getCurrentThreadCpuTime() - cpu0) / (double) n, chars / (double) n, sum);
  }

  private static void words(List<String[]> docs, int seconds, ThreadMXBean mx) {
    dev.sightline.core.storage.SearchWords w = new dev.sightline.core.storage.SearchWords();
    long[] sum = new long[1];
    dev.sightline.core.storage.SearchWords.Sink sink = (b, l, h) -> sum[0] += h + l;
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    long cpu0 = mx.getCurrentThreadCpuTime();
    long n = 0;
    while (System.nanoTime() < end) {
      for (String[] d : docs) {
        w.json(7, sink, d[3], d[4]);
      }
      n += docs.size();
    }
    System.out.printf("words only: %.0f ns per document (%d)%n", (mx.getCurrentThreadCpuTime() - cpu0) / (double) n, sum[0]);
  }

  /** The batch writer's reused arrays, if this version of the builder has them (by reflection, so the benchmark runs against older builds). */
  private static SegmentBuilder.Scratch scratch() {
    try {
      return (SegmentBuilder.Scratch) Class.forName("dev.sightline.storage.duckdb.SegmentBuilder$Scratch")
          .getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException | LinkageError e) {
      return null;
    }
  }

  /** Traces of 10 spans; {projectId, traceId, span ? "s" : null, input, output}. */
  static List<String[]> documents(Random random, int count) {
    List<String[]> out = new ArrayList<>();
    long trace = 0;
    while (out.size() < count) {
      String id = HexFormat.of().toHexDigits(1L) + HexFormat.of().toHexDigits(trace++);
      out.add(new String[] {"default", id, null,
          "\"ticket " + trace + " " + ZipfWords.sentence(random, 20) + "\"", null});
      for (int s = 0; s < 10; s++) {
        out.add(new String[] {"default", id, "s",
            "[{\"role\":\"user\",\"content\":\"" + ZipfWords.sentence(random, 80) + "\"}]",
            "{\"role\":\"assistant\",\"content\":\"" + ZipfWords.sentence(random, 80) + "\"}"});
      }
    }
    return out;
  }
}
