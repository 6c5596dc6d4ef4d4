package dev.sightline.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Synchronous calls of the server's JSON API with the client's key, for the features that ask the
 * server something (datasets) rather than send it traces. Answers are parsed with
 * {@link JsonReader}. Thread-safe.
 */
final class ApiCalls {
  private final Config config;
  private final URI base;
  private final HttpClient client;

  /** @throws IllegalStateException if the client has no endpoint */
  ApiCalls(Config config) {
    if (!config.enabled()) {
      throw new IllegalStateException("datasets need a server: this client has no endpoint");
    }
    this.config = config;
    String ingest = config.ingestUri().toString();
    this.base = URI.create(ingest.substring(0, ingest.length() - "/api/ingest".length()));
    this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(config.connectTimeout()).build();
  }

  /** A path segment, percent-encoded. */
  static String segment(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** GET, answering the parsed JSON object. */
  Map<String, Object> get(String pathAndQuery) {
    return send(request(pathAndQuery).GET(), "GET " + pathAndQuery);
  }

  /** POST of a JSON body, answering the parsed JSON object. */
  Map<String, Object> post(String path, byte[] json) {
    return send(request(path).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(json)), "POST " + path);
  }

  private HttpRequest.Builder request(String pathAndQuery) {
    return HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(config.requestTimeout())
        .header("Authorization", "Bearer " + config.apiKey()).header("User-Agent", "sightline-java");
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> send(HttpRequest.Builder request, String what) {
    HttpResponse<String> r;
    try {
      r = client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(what + ": the server cannot be reached", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(what + ": interrupted", e);
    }
    Object body;
    try {
      body = JsonReader.parse(r.body());
    } catch (IllegalArgumentException e) {
      body = null;
    }
    if (r.statusCode() / 100 != 2 || !(body instanceof Map)) {
      Object error = body instanceof Map ? ((Map<String, Object>) body).get("error") : null;
      Object message = error instanceof Map ? ((Map<String, Object>) error).get("message") : null;
      throw new IllegalStateException(what + ": " + r.statusCode() + " " + (message != null ? message : r.body()));
    }
    return (Map<String, Object>) body;
  }
}
