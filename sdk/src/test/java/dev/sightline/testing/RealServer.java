package dev.sightline.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sightline.server.ServerSettings;
import dev.sightline.server.SightlineServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The real Sightline server, in-process on loopback with in-memory storage, plus a reader of its
 * query API. Can be stopped and started again on the same port and data directory.
 */
public final class RealServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Path dataDir;
  private final String apiKey;
  private final HttpClient http = HttpClient.newHttpClient();
  private SightlineServer server;
  private int port;

  private RealServer(Path dataDir) throws IOException {
    this.dataDir = dataDir;
    this.server = SightlineServer.start(settings(0));
    this.port = server.port();
    this.apiKey = server.keys().createKey("default");
  }

  public static RealServer start() throws IOException {
    return new RealServer(Files.createTempDirectory("sightline-sdk-test"));
  }

  private ServerSettings settings(int port) {
    return new ServerSettings("127.0.0.1", port, dataDir, "memory", Map.of(), 16 << 20, null);
  }

  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  public String apiKey() {
    return apiKey;
  }

  /** Stops taking requests (the port is closed) but keeps the data directory. */
  public void stop() {
    server.close();
    server = null;
  }

  /** Starts again on the same port and data directory (the write-ahead log is replayed). */
  public void restart() throws IOException {
    server = SightlineServer.start(settings(port));
  }

  /** GET a path of the query API; null on 404. */
  public JsonNode get(String path) throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(endpoint() + path))
        .header("Authorization", "Bearer " + apiKey).build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() == 404) {
      return null;
    }
    if (r.statusCode() != 200) {
      throw new IOException("GET " + path + ": " + r.statusCode() + " " + r.body());
    }
    return JSON.readTree(r.body());
  }

  /** Polls a path until the answer satisfies {@code done} (data is visible within about a second). */
  public JsonNode await(String path, Predicate<JsonNode> done) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      last = get(path);
      if (last != null && done.test(last)) {
        return last;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("timed out waiting for " + path + "; last answer: " + last);
  }

  /** Number of spans in a trace tree answer (all depths). */
  public static int countSpans(JsonNode spans) {
    int n = 0;
    for (JsonNode s : spans) {
      n += 1 + countSpans(s.path("children"));
    }
    return n;
  }

  @Override
  public void close() {
    if (server != null) {
      server.close();
    }
  }
}
