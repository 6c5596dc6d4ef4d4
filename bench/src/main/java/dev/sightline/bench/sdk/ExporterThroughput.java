package dev.sightline.bench.sdk;

import dev.sightline.ExportStats;
import dev.sightline.Sightline;
import dev.sightline.Span;
import dev.sightline.Trace;
import dev.sightline.server.ServerSettings;
import dev.sightline.server.SightlineServer;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;

/**
 * How many spans per second one JVM's exporter delivers. Records {@code --spans} spans (traces of
 * {@code --per-trace} spans, three attributes and a short input/output each) as fast as the queue
 * takes them, pausing the producer instead of overflowing, and reports delivered spans per second
 * from the first span to the end of the final flush.
 *
 * <p>Target: {@code --target server} (default) starts the real server in this JVM with in-memory
 * storage; {@code --target sink} posts to a discarding endpoint (the SDK's cost alone);
 * {@code --target URL --key KEY} uses a running server ({@code ./sightline serve}).
 */
public final class ExporterThroughput {

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = options(args);
    long spans = Long.parseLong(opts.getOrDefault("spans", "1000000"));
    int perTrace = Integer.parseInt(opts.getOrDefault("per-trace", "100"));
    String target = opts.getOrDefault("target", "server");
    AutoCloseable server = null;
    String endpoint;
    String key = opts.getOrDefault("key", "bench");
    if (target.equals("server")) {
      SightlineServer s = SightlineServer.start(new ServerSettings("127.0.0.1", 0,
          Files.createTempDirectory("sightline-bench"), "memory", Map.of(), 16 << 20, null));
      key = s.keys().createKey("default");
      endpoint = "http://127.0.0.1:" + s.port();
      server = s;
    } else if (target.equals("sink")) {
      NullSink sink = new NullSink();
      endpoint = sink.endpoint();
      server = sink;
    } else {
      endpoint = target;
    }
    int queueSize = 65_536;
    Sightline sightline = Sightline.builder().endpoint(endpoint).apiKey(key).queueSize(queueSize)
        .batchSize(Integer.parseInt(opts.getOrDefault("batch", "2000"))).shutdownHook(false).build();
    run(sightline, 100_000, perTrace, queueSize); // warm-up
    ExportStats before = sightline.stats();
    long start = System.nanoTime();
    run(sightline, spans, perTrace, queueSize);
    boolean flushed = sightline.flush(Duration.ofMinutes(5));
    double seconds = (System.nanoTime() - start) / 1e9;
    ExportStats after = sightline.stats();
    long sent = after.sent() - before.sent();
    System.out.printf("target=%s spans=%d items-sent=%d seconds=%.2f items/s=%.0f spans/s=%.0f flushed=%s dropped=%d retries=%d%n",
        target, spans, sent, seconds, sent / seconds, spans / seconds, flushed, after.dropped(), after.retries());
    sightline.shutdown(Duration.ofSeconds(10));
    if (server != null) {
      server.close();
    }
  }

  private static void run(Sightline sightline, long spans, int perTrace, int queueSize) {
    long made = 0;
    while (made < spans) {
      Trace trace = sightline.trace("throughput").input("bench input").start();
      for (int i = 0; i < perTrace && made < spans; i++, made++) {
        while (sightline.stats().queued() > queueSize * 3L / 4) {
          Thread.onSpinWait(); // back-pressure for the measurement only: the SDK itself would drop
          Thread.yield();
        }
        Span span = trace.tool("call").input("query " + i).start();
        span.setAttribute("user.id", "user-42");
        span.setAttribute("http.route", "/api/answer");
        span.setAttribute("items", i);
        span.end("result " + i);
      }
      trace.end("done");
    }
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> out = new java.util.HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      out.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    return out;
  }
}
