package dev.sightline.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Talks to a running Sightline server over real HTTP with one API key (or none): posts batches,
 * reads the query API, and waits for acknowledged data to become visible. Thread-safe.
 */
public final class ApiClient {
  /** How long {@link #await} waits by default; acknowledged data shows within ~200 ms. */
  public static final Duration AWAIT = Duration.ofSeconds(15);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  private final HttpClient http;
  private final URI base;
  private final String key;

  /**
   * @param base e.g. {@code http://127.0.0.1:7600}
   * @param key the API key sent as {@code Authorization: Bearer}, or null for none
   */
  public ApiClient(URI base, String key) {
    this(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(), base, key);
  }

  private ApiClient(HttpClient http, URI base, String key) {
    this.http = http;
    this.base = base;
    this.key = key;
  }

  /** The same server with another key (null: none), sharing the connection pool. */
  public ApiClient withKey(String otherKey) {
    return new ApiClient(http, base, otherKey);
  }

  public URI base() {
    return base;
  }

  public String key() {
    return key;
  }

  /** Posts a batch as {@code application/json}. */
  public ApiResponse ingest(Batch batch) {
    return post("/api/ingest", batch.bytes(), "Content-Type", "application/json");
  }

  /** Posts a batch gzip-compressed. */
  public ApiResponse ingestGzip(Batch batch) {
    return post("/api/ingest", batch.gzipped(), "Content-Type", "application/json",
        "Content-Encoding", "gzip");
  }

  /** Posts a batch and fails the test unless every item was accepted (HTTP 200). */
  public JsonNode ingestOk(Batch batch) {
    ApiResponse r = ingest(batch);
    if (r.status() != 200 || r.json().path("accepted").asInt() != batch.size()) {
      throw new AssertionError("expected all " + batch.size() + " items accepted, got " + r);
    }
    return r.json();
  }

  /** Posts raw bytes with extra headers given as alternating names and values. */
  public ApiResponse post(String path, byte[] body, String... headers) {
    return send(request(path, headers).POST(HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  /** A DELETE. */
  public ApiResponse delete(String path) {
    return send(request(path).DELETE());
  }

  /** A PUT of a JSON body. */
  public ApiResponse putJson(String path, String json) {
    return send(request(path, "Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(json)));
  }

  /** A POST of a JSON body. */
  public ApiResponse postJson(String path, String json) {
    return send(request(path, "Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  /** A PATCH of a JSON body. */
  public ApiResponse patchJson(String path, String json) {
    return send(request(path, "Content-Type", "application/json")
        .method("PATCH", HttpRequest.BodyPublishers.ofString(json)));
  }

  /** Posts raw bytes as a stream of unknown length (chunked, no Content-Length). */
  public ApiResponse postChunked(String path, byte[] body, String... headers) {
    return send(request(path, headers).POST(HttpRequest.BodyPublishers.ofInputStream(
        () -> new java.io.ByteArrayInputStream(body))));
  }

  /** A GET with extra headers given as alternating names and values. */
  public ApiResponse get(String pathAndQuery, String... headers) {
    return send(request(pathAndQuery, headers).GET());
  }

  /** A GET that must answer 200 with JSON. */
  public JsonNode getJson(String pathAndQuery) {
    ApiResponse r = get(pathAndQuery);
    if (r.status() != 200) {
      throw new AssertionError("GET " + pathAndQuery + ": expected 200, got " + r);
    }
    return r.json();
  }

  /** Polls a GET until it answers 200 with JSON that satisfies the condition, for {@link #AWAIT}. */
  public JsonNode await(String pathAndQuery, Predicate<JsonNode> condition) {
    return await(pathAndQuery, condition, AWAIT);
  }

  public JsonNode await(String pathAndQuery, Predicate<JsonNode> condition, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    ApiResponse last = null;
    while (true) {
      last = get(pathAndQuery);
      if (last.status() == 200) {
        JsonNode json = last.json();
        boolean ok;
        try {
          ok = condition.test(json);
        } catch (RuntimeException e) {
          ok = false; // the shape is not there yet, e.g. a span still missing
        }
        if (ok) {
          return json;
        }
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("GET " + pathAndQuery + " did not satisfy the condition within "
            + timeout + "; last answer: " + last);
      }
      sleep(20);
    }
  }

  /** Waits until the trace is readable and the condition holds for its tree. */
  public JsonNode awaitTrace(String traceId, Predicate<JsonNode> condition) {
    return await("/api/traces/" + traceId, condition);
  }

  /** Waits until the trace is readable with this many spans. */
  public JsonNode awaitTrace(String traceId, int spanCount) {
    return awaitTrace(traceId, t -> t.path("totals").path("spanCount").asInt() == spanCount);
  }

  /** A path with URL-encoded query parameters given as alternating names and values. */
  public static String query(String path, String... params) {
    StringBuilder out = new StringBuilder(path);
    for (int i = 0; i < params.length; i += 2) {
      out.append(i == 0 ? '?' : '&')
          .append(URLEncoder.encode(params[i], StandardCharsets.UTF_8)).append('=')
          .append(URLEncoder.encode(params[i + 1], StandardCharsets.UTF_8));
    }
    return out.toString();
  }

  /** The values of a field of every item of a page ({@code {"items":[...]}}), as text. */
  public static List<String> field(JsonNode page, String name) {
    return values(page.path("items"), name);
  }

  /** The values of a field of every object of an array, as text (null where absent). */
  public static List<String> values(JsonNode array, String name) {
    List<String> out = new ArrayList<>();
    for (JsonNode item : array) {
      out.add(item.path(name).asText(null));
    }
    return out;
  }

  /** Parses JSON text (for expected values). */
  public static JsonNode parse(String json) {
    try {
      return Batch.JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private HttpRequest.Builder request(String pathAndQuery, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(REQUEST_TIMEOUT);
    if (key != null) {
      b.header("Authorization", "Bearer " + key);
    }
    for (int i = 0; i < headers.length; i += 2) {
      b.setHeader(headers[i], headers[i + 1]);
    }
    return b;
  }

  private ApiResponse send(HttpRequest.Builder request) {
    try {
      HttpResponse<byte[]> r = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      return new ApiResponse(r.statusCode(), r.headers(), r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
