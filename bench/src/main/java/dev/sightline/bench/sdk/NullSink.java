package dev.sightline.bench.sdk;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * An ingest endpoint on loopback that reads and discards every batch and acknowledges it, for
 * measuring the SDK's side alone, optionally after a delay (a slow server). Needs
 * {@code -Dsun.net.httpserver.nodelay=true}.
 */
final class NullSink implements AutoCloseable {
  private static final byte[] OK = "{}".getBytes(StandardCharsets.UTF_8);
  private final HttpServer server;

  NullSink() throws IOException {
    this(0);
  }

  /** @param delayMillis how long each request waits before it is answered */
  NullSink(long delayMillis) throws IOException {
    System.setProperty("sun.net.httpserver.nodelay", "true");
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.createContext("/api/ingest", exchange -> {
      try (exchange; InputStream in = exchange.getRequestBody()) {
        in.transferTo(java.io.OutputStream.nullOutputStream());
        if (delayMillis > 0) {
          try {
            Thread.sleep(delayMillis);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, OK.length);
        exchange.getResponseBody().write(OK);
      }
    });
    server.setExecutor(Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "null-sink");
      t.setDaemon(true);
      return t;
    }));
    server.start();
  }

  String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
