package dev.sightline.server.evaluation;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP endpoint on loopback that answers from a script: queued replies first, then the
 * default one. Records each request and the most requests it held at once.
 */
final class FakeEndpoint implements AutoCloseable {
  /** One answer, sent after {@code delayMs}. */
  record Reply(int status, String body, Map<String, String> headers, long delayMs) {
    static Reply ok(String body) {
      return new Reply(200, body, Map.of(), 0);
    }

    static Reply status(int status) {
      return new Reply(status, "{\"error\":\"status " + status + "\"}", Map.of(), 0);
    }

    Reply after(long ms) {
      return new Reply(status, body, headers, ms);
    }
  }

  /** A request as received. */
  record Request(String path, Headers headers, String body, long atNanos) {
    /** The first value of a header, by a name in any case. */
    String header(String name) {
      return headers.getFirst(name);
    }
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(16);
  private final Queue<Reply> script = new ConcurrentLinkedQueue<>();
  private final Reply otherwise;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();

  FakeEndpoint(Reply otherwise) throws IOException {
    this.otherwise = otherwise;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** Replies sent, in order, before the default one. */
  FakeEndpoint then(Reply... replies) {
    script.addAll(List.of(replies));
    return this;
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  List<Request> requests() {
    return requests;
  }

  int maxInFlight() {
    return maxInFlight.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    int now = inFlight.incrementAndGet();
    maxInFlight.accumulateAndGet(now, Math::max);
    try (exchange) {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      requests.add(new Request(exchange.getRequestURI().getPath(), exchange.getRequestHeaders(), body,
          System.nanoTime()));
      Reply reply = script.poll();
      reply = reply == null ? otherwise : reply;
      if (reply.delayMs() > 0) {
        try {
          Thread.sleep(reply.delayMs());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
      reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
      exchange.getResponseHeaders().add("content-type", "application/json");
      exchange.sendResponseHeaders(reply.status(), bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    } finally {
      inFlight.decrementAndGet();
    }
  }

  @Override
  public void close() throws InterruptedException {
    server.stop(0);
    executor.shutdownNow();
    executor.awaitTermination(5, TimeUnit.SECONDS);
  }
}
