package dev.sightline.bench;

import dev.sightline.core.codec.DecodedBatch;
import dev.sightline.core.codec.NativeDecoder;
import dev.sightline.core.codec.RequestDecoder;
import dev.sightline.server.governance.Masker;
import dev.sightline.server.governance.SettingsStore;
import dev.sightline.server.otlp.OtlpProtobufDecoder;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The server's decode cost per span of each ingest format, without HTTP: the same synthetic
 * batches as {@link IngestLoad} sends ({@link NativeBodies}, {@link OtlpBodies}: same traces, same
 * seeds, 100 spans per body), decoded to rows in a loop on one thread by the decoders the server
 * uses ({@link NativeDecoder} for {@code /api/ingest}, {@link OtlpProtobufDecoder} for
 * {@code /v1/traces}). Reports CPU nanoseconds and bytes allocated per span (the calling thread's,
 * so other processes on a shared machine count little), per run and the median of the runs, which
 * rotate the formats' order; then each one's ratio to native. A third "format" is native with
 * ingest masking on (every detector, a custom rule and a dropped path, as a project's settings
 * configure it): what masking adds to a request's CPU.
 *
 * <p>{@code --runs 7 --seconds 3 (per format and run) --warmup-seconds 10 (per format, once)
 * --spans-per-batch 100 --profile none|native|otlp}: with {@code --profile}, only that format is
 * decoded, for {@code --seconds}, once (to run under a profiler).
 */
public final class DecodeCost {
  private static final String PROJECT = "bench";

  public static void main(String[] argv) throws IOException {
    Args args = new Args(argv);
    int runs = (int) args.getLong("runs", 7);
    long seconds = args.getLong("seconds", 3);
    long warmup = args.getLong("warmup-seconds", 10);
    int perBatch = (int) args.getLong("spans-per-batch", 100);
    long receivedAt = System.currentTimeMillis() * 1000;
    long startMicros = receivedAt - 86_400_000_000L;

    List<Format> formats = List.of(
        new Format("native", new NativeDecoder(), bodies(WireFormat.NATIVE, perBatch, startMicros)),
        new Format("otlp", new OtlpProtobufDecoder(), bodies(WireFormat.OTLP, perBatch, startMicros)),
        new Format("native+masking", masked(new NativeDecoder()), bodies(WireFormat.NATIVE, perBatch, startMicros)));
    String profile = args.get("profile", "none");
    for (Format f : formats) {
      if (f.name.equals(profile)) {
        double[] r = f.measure(seconds * 1_000_000_000L, perBatch, receivedAt);
        System.out.printf("%s: %.0f ns/span %.0f B/span%n", f.name, r[0], r[1]);
        return;
      }
    }
    for (Format f : formats) {
      DecodedBatch check = f.decoder.decode(f.bodies[0], PROJECT, receivedAt);
      if (!check.errors().isEmpty()) {
        throw new IllegalStateException(f.name + ": " + check.errors());
      }
      System.out.printf("%s: %d bytes per body, %d rows per %d spans%n", f.name, f.bodies[0].length,
          check.rows().size(), perBatch);
    }
    for (Format f : formats) {
      f.measure(warmup * 1_000_000_000L, perBatch, receivedAt);
    }
    for (int run = 0; run < runs; run++) {
      List<Format> order = new ArrayList<>(formats);
      Collections.rotate(order, run);
      StringBuilder line = new StringBuilder("run " + (run + 1) + ":");
      for (Format f : order) {
        double[] r = f.measure(seconds * 1_000_000_000L, perBatch, receivedAt);
        f.ns.add(r[0]);
        f.bytes.add(r[1]);
        line.append(String.format(" %s %.0f ns/span %.0f B/span;", f.name, r[0], r[1]));
      }
      System.out.println(line);
    }
    double nativeNs = Stats.median(formats.get(0).ns);
    StringBuilder summary = new StringBuilder("median of " + runs + " runs:");
    for (Format f : formats) {
      summary.append(String.format(" %s %.0f ns/span %.0f B/span (%.2f x native);", f.name, Stats.median(f.ns),
          Stats.median(f.bytes), Stats.median(f.ns) / nativeNs));
    }
    System.out.println(summary);
  }

  /** The decoder followed by masking with every detector, a rule and a dropped path. */
  private static RequestDecoder masked(RequestDecoder decoder) throws IOException {
    Path dir = Files.createTempDirectory("sightline-masking-bench");
    Files.writeString(dir.resolve("settings.json"), "{\"projects\": {\"" + PROJECT + "\": {\"masking\": {"
        + "\"detectors\": {\"email\": true, \"phone\": true, \"creditCard\": true, \"iban\": true,"
        + " \"ipAddress\": true, \"apiKey\": true}, \"rules\": [{\"name\": \"ORDER_ID\", \"pattern\": \"ORD-\\\\d{6}\"}],"
        + " \"dropPaths\": [\"metadata.password\"]}}}}");
    Masker masker = SettingsStore.open(dir).masker(PROJECT).orElseThrow();
    return (body, project, receivedAt) -> {
      DecodedBatch b = decoder.decode(body, project, receivedAt);
      return new DecodedBatch(masker.mask(b.rows()), b.errors(), b.items());
    };
  }

  /** A few distinct bodies, so the loop does not decode one array over and over. */
  private static byte[][] bodies(WireFormat format, int perBatch, long startMicros) {
    BodyTemplate template = format.template(perBatch, 42, startMicros);
    byte[][] out = new byte[8][];
    for (int i = 0; i < out.length; i++) {
      out[i] = template.body(1, (long) i * template.traces());
    }
    return out;
  }

  private static final class Format {
    final String name;
    final RequestDecoder decoder;
    final byte[][] bodies;
    final List<Double> ns = new ArrayList<>();
    final List<Double> bytes = new ArrayList<>();
    long sink;

    Format(String name, RequestDecoder decoder, byte[][] bodies) {
      this.name = name;
      this.decoder = decoder;
      this.bodies = bodies;
    }

    /** Decodes bodies for about {@code nanos} of CPU; returns CPU ns and bytes allocated per span. */
    double[] measure(long nanos, int perBatch, long receivedAt) {
      com.sun.management.ThreadMXBean threads =
          (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
      long thread = Thread.currentThread().getId();
      long cpu0 = threads.getCurrentThreadCpuTime();
      long alloc0 = threads.getThreadAllocatedBytes(thread);
      long batches = 0;
      long cpu;
      do {
        for (int i = 0; i < 16; i++, batches++) {
          sink += decoder.decode(bodies[(int) (batches % bodies.length)], PROJECT, receivedAt).rows().size();
        }
        cpu = threads.getCurrentThreadCpuTime() - cpu0;
      } while (cpu < nanos);
      long alloc = threads.getThreadAllocatedBytes(thread) - alloc0;
      double spans = (double) batches * perBatch;
      return new double[] {cpu / spans, alloc / spans};
    }
  }

  private DecodeCost() {}
}
