package dev.sightline.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;

/**
 * A tiny ingest endpoint on loopback for tests: keeps every item it accepts, and can be told to
 * answer the next requests with an error status (429 with Retry-After, 500) or to answer slowly.
 * Run tests with {@code -Dsun.net.httpserver.nodelay=true}, else each keep-alive request waits ~40 ms.
 */
public final class StubServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final ExecutorService pool = Executors.newFixedThreadPool(2);
  private final ConcurrentLinkedQueue<JsonNode> items = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<String> authorizations = new ConcurrentLinkedQueue<>();
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger failuresLeft = new AtomicInteger();
  private volatile int failStatus;
  private volatile String retryAfter;
  private volatile long delayMillis;

  private StubServer(int port) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
    server.createContext("/api/ingest", this::handle);
    server.setExecutor(pool);
    server.start();
  }

  /** A stub on a free port. */
  public static StubServer start() throws IOException {
    return new StubServer(0);
  }

  /** A stub on a given port (to come up where a client already points). */
  public static StubServer start(int port) throws IOException {
    return new StubServer(port);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public String endpoint() {
    return "http://127.0.0.1:" + port();
  }

  /** Answers the next {@code count} requests with {@code status} and an optional Retry-After. */
  public void failNext(int count, int status, String retryAfter) {
    this.failStatus = status;
    this.retryAfter = retryAfter;
    failuresLeft.set(count);
  }

  /** Delays every answer by this much. */
  public void delay(long millis) {
    this.delayMillis = millis;
  }

  public int requests() {
    return requests.get();
  }

  public List<String> authorizations() {
    return new ArrayList<>(authorizations);
  }

  /** Accepted items ({@code {"type":..., "body":{...}}}) in arrival order. */
  public List<JsonNode> items() {
    return new ArrayList<>(items);
  }

  /** Bodies of the accepted items of one type. */
  public List<JsonNode> bodies(String type) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode item : items) {
      if (item.path("type").asText().equals(type)) {
        out.add(item.get("body"));
      }
    }
    return out;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      requests.incrementAndGet();
      byte[] raw;
      try (InputStream in = exchange.getRequestBody()) {
        raw = in.readAllBytes();
      }
      if (delayMillis > 0) {
        sleep(delayMillis);
      }
      if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        if (retryAfter != null) {
          exchange.getResponseHeaders().set("Retry-After", retryAfter);
        }
        answer(exchange, failStatus, "{\"error\":\"stub says no\"}");
        return;
      }
      boolean gzip = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"));
      byte[] json = gzip ? new GZIPInputStream(new java.io.ByteArrayInputStream(raw)).readAllBytes() : raw;
      JsonNode batch = JSON.readTree(json).get("batch");
      batch.forEach(items::add);
      authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
      answer(exchange, 200, "{\"accepted\":" + batch.size() + ",\"rejected\":0,\"errors\":[]}");
    }
  }

  private static void answer(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
  }
}
