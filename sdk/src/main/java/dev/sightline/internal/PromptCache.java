package dev.sightline.internal;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prompt versions fetched from {@code GET /api/prompts/{name}} and kept for a time to live. A copy
 * younger than the TTL is served as it is; an older one is served at once while one background
 * thread fetches it again. When that fetch fails (server unreachable, or an error answer) the old
 * copy is kept, served with the reason, and tried again a TTL later. Only the first fetch of a name
 * and selector waits for the server. Thread-safe.
 */
public final class PromptCache {
  private static final Pattern MESSAGE = Pattern.compile("\"message\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
  private final URI base;
  private final String apiKey;
  private final Duration requestTimeout;
  private final long ttlNanos;
  private final HttpClient http;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();

  /**
   * What was served.
   *
   * @param fetched true if it was fetched from the server for this call
   * @param problem why the copy could not be refreshed, or null
   */
  public record Result(PromptTemplate template, boolean fetched, String problem) {}

  private static final class Entry {
    final PromptTemplate template;
    volatile long dueNanos;
    volatile String problem;
    final AtomicBoolean refreshing = new AtomicBoolean();

    Entry(PromptTemplate template, long dueNanos) {
      this.template = template;
      this.dueNanos = dueNanos;
    }
  }

  /**
   * @param ingestUri the client's {@code …/api/ingest}; prompts are read beside it
   */
  public PromptCache(URI ingestUri, String apiKey, Duration connectTimeout, Duration requestTimeout, Duration ttl) {
    this.base = ingestUri.resolve("prompts/");
    this.apiKey = apiKey;
    this.requestTimeout = requestTimeout;
    this.ttlNanos = ttl.toNanos();
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout).build();
  }

  /**
   * A version of a prompt, from the cache or the server.
   *
   * @param selector {@code version=N}, {@code label=L} or empty for the server's default
   * @throws IOException saying why, if nothing is cached and the server did not answer it
   */
  public Result get(String name, String selector) throws IOException {
    String key = name + "?" + selector;
    Entry e = entries.get(key);
    if (e == null) {
      PromptTemplate t = fetch(name, selector);
      entries.put(key, new Entry(t, System.nanoTime() + ttlNanos));
      return new Result(t, true, null);
    }
    if (System.nanoTime() - e.dueNanos >= 0 && e.refreshing.compareAndSet(false, true)) {
      Thread refresh = new Thread(() -> refresh(key, name, selector, e), "sightline-prompt-refresh");
      refresh.setDaemon(true);
      refresh.start();
    }
    return new Result(e.template, false, e.problem);
  }

  private void refresh(String key, String name, String selector, Entry stale) {
    try {
      entries.put(key, new Entry(fetch(name, selector), System.nanoTime() + ttlNanos));
    } catch (IOException failed) {
      stale.problem = failed.getMessage();
      stale.dueNanos = System.nanoTime() + ttlNanos;
    } finally {
      stale.refreshing.set(false);
    }
  }

  /** Fetches a version; whatever goes wrong, an IOException saying what, never into the caller's code. */
  private PromptTemplate fetch(String name, String selector) throws IOException {
    try {
      return request(name, selector);
    } catch (RuntimeException e) {
      throw new IOException("prompt " + name + ": " + e, e);
    }
  }

  private PromptTemplate request(String name, String selector) throws IOException {
    URI uri = base.resolve(URLEncoder.encode(name, StandardCharsets.UTF_8) + (selector.isEmpty() ? "" : "?" + selector));
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(requestTimeout)
        .header("Authorization", "Bearer " + apiKey).header("User-Agent", "sightline-java").GET().build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IOException(HttpTransport.unreachable(uri, e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while fetching prompt " + name, e);
    }
    if (response.statusCode() != 200) {
      Matcher m = MESSAGE.matcher(response.body());
      throw new IOException("prompt " + name + ": HTTP " + response.statusCode()
          + (m.find() ? ": " + JsonReader.parse("\"" + m.group(1) + "\"") : ""));
    }
    return PromptTemplate.fromServer(JsonReader.parse(response.body()));
  }

  /** Selector of a version. */
  public static String version(int version) {
    return "version=" + version;
  }

  /** Selector of a label. */
  public static String label(String label) {
    return "label=" + URLEncoder.encode(label, StandardCharsets.UTF_8);
  }
}
