package dev.sightline.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sustained ingest load: several clients post batches of LLM-sized spans as fast as the server
 * acknowledges them (each acknowledgement means durable), until a span count or a time limit.
 *
 * <p>{@code --url http://127.0.0.1:7600 --key K --format native|metadata|fixtures|otlp|zipkin --clients 8
 * --spans-per-batch 100 --seconds 60 --max-spans 0 (no limit) --prefix 1 (trace id prefix, hex)
 * --first-trace 0 (number of the first trace, decimal) --start-micros (default: now - 1 day)
 * --trace-gap-micros 86400 (how much later each trace number starts: a million traces a day)}.
 * Trace {@code n} gets the id {@code prefix} (8 hex digits) then {@code n} (24 hex digits), so two
 * runs against one server that should not share the low 64 bits of their trace ids (Zipkin indexes
 * traces by them) take distinct {@code --first-trace}s. Every format carries the same traces for
 * the same seeds (see {@link WireFormat}), so their throughputs compare the servers' decoding and
 * mapping paths. {@code zipkin} loads a Zipkin server, whose 202 counts as the acknowledgement.
 */
public final class IngestLoad {
  /** A request unanswered this long counts as failed, so a stuck server cannot hold a client forever. */
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

  public static void main(String[] argv) throws Exception {
    Args args = new Args(argv);
    WireFormat format = WireFormat.named(args.get("format", "native"));
    String url = args.get("url", "http://127.0.0.1:7600") + format.path();
    String key = args.get("key", System.getenv().getOrDefault("SIGHTLINE_API_KEY", ""));
    int clients = (int) args.getLong("clients", 8);
    int perBatch = (int) args.getLong("spans-per-batch", 100);
    long seconds = args.getLong("seconds", 60);
    long maxSpans = args.getLong("max-spans", 0);
    int prefix = Integer.parseUnsignedInt(args.get("prefix", "1"), 16);
    long firstTrace = args.getLong("first-trace", 0);
    long startMicros = args.getLong("start-micros", System.currentTimeMillis() * 1000 - 86_400_000_000L);
    long traceGap = args.getLong("trace-gap-micros", 86_400);

    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
    AtomicLong nextTrace = new AtomicLong(firstTrace);
    AtomicLong ackedSpans = new AtomicLong();
    AtomicLong throttled = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    List<Stats> latencies = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    long bodyBytes = 0;
    long begin = System.nanoTime();
    for (int c = 0; c < clients; c++) {
      Stats stats = new Stats();
      latencies.add(stats);
      // The template's traces start within a minute (SyntheticBatch); each batch moves them on.
      BodyTemplate batches = format.template(perBatch, 42 + c, startMicros)
          .spreadInTime(startMicros, 600_000_000L, traceGap, firstTrace);
      if (c == 0) {
        bodyBytes = batches.body(prefix, firstTrace).length;
      }
      Thread t = new Thread(() -> {
        while (System.nanoTime() < deadline && (maxSpans == 0 || ackedSpans.get() < maxSpans)) {
          long first = nextTrace.getAndAdd(batches.traces());
          HttpRequest req = HttpRequest.newBuilder(URI.create(url))
              .header("Authorization", "Bearer " + key).header("Content-Type", format.contentType())
              .timeout(REQUEST_TIMEOUT).POST(HttpRequest.BodyPublishers.ofByteArray(batches.body(prefix, first))).build();
          try {
            while (true) {
              long t0 = System.nanoTime();
              HttpResponse<String> res = http.send(req, HttpResponse.BodyHandlers.ofString());
              if (res.statusCode() == format.acknowledged()) {
                stats.add(System.nanoTime() - t0);
                ackedSpans.addAndGet(perBatch);
                break;
              }
              if (res.statusCode() != 429) {
                // Not overload but a wrong setup (key, path, format): retrying only hides it.
                failed.incrementAndGet();
                System.err.println("HTTP " + res.statusCode() + ": " + res.body());
                return;
              }
              throttled.incrementAndGet();
              Thread.sleep(1000L * Long.parseLong(res.headers().firstValue("Retry-After").orElse("1")));
            }
          } catch (Exception e) {
            if (failed.incrementAndGet() <= 10) {
              System.err.println("request failed: " + e);
            }
          }
        }
      }, "client-" + c);
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    double elapsed = (System.nanoTime() - begin) / 1e9;
    Stats all = new Stats();
    latencies.forEach(all::addAll);
    // traces counts the trace numbers handed out; body_bytes is the size of client 0's request body.
    System.out.printf("ingest: format=%s clients=%d spans/batch=%d elapsed=%.1fs acked_spans=%d spans_per_s=%.0f "
            + "traces=%d throttled_429=%d failed=%d request_latency{%s} body_bytes=%d%n",
        format, clients, perBatch, elapsed, ackedSpans.get(), ackedSpans.get() / elapsed,
        nextTrace.get() - firstTrace, throttled.get(), failed.get(), all.summary(),
        bodyBytes);
  }

  private IngestLoad() {}
}
