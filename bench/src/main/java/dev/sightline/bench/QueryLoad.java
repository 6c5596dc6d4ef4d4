package dev.sightline.bench;

import dev.sightline.storage.tests.ZipfWords;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.function.IntFunction;
import java.util.regex.Pattern;

/**
 * Query latency over data loaded by {@link IngestLoad}: trace by id, the first page of filtered
 * trace lists, full-text search (a rare word: a trace's ticket, which {@link NativeBodies} puts in
 * its input; the most common words; words drawn by their frequency), and a 30-day metrics query,
 * one request at a time (latency, not throughput).
 *
 * <p>{@code --url http://127.0.0.1:7600 --key K --prefix 1 --traces N (how many IngestLoad made)
 * --requests 200 --only REGEX (the queries whose name it finds; default all)}
 */
public final class QueryLoad {

  public static void main(String[] argv) throws Exception {
    Args args = new Args(argv);
    String base = args.get("url", "http://127.0.0.1:7600");
    String key = args.get("key", System.getenv().getOrDefault("SIGHTLINE_API_KEY", ""));
    int prefix = Integer.parseUnsignedInt(args.get("prefix", "1"), 16);
    long traces = args.getLong("traces", 1000);
    int requests = (int) args.getLong("requests", 200);
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    Pattern only = Pattern.compile(args.get("only", ""));
    Random random = new Random(7);

    run(http, key, only, "trace by id", requests,
        i -> base + "/api/traces/" + BodyTemplate.traceId(prefix, (long) (random.nextDouble() * traces)));
    String[] filters = {"feature=support-chat", "status=failure", "model=gpt-4o-mini",
        "userId=user-17", "feature=rag-search&minDuration=3s", "hasError=true&feature=summarize"};
    run(http, key, only, "filtered trace list, first page", requests,
        i -> base + "/api/traces?limit=50&" + filters[i % filters.length]);
    run(http, key, only, "full text, rare word (one trace)", requests, i -> base + "/api/traces?limit=50&q="
        + BodyTemplate.traceId(prefix, (long) (random.nextDouble() * traces)));
    run(http, key, only, "full text, common word", requests,
        i -> base + "/api/traces?limit=50&q=" + ZipfWords.VOCABULARY[i % 10]);
    run(http, key, only, "full text, words by frequency", requests, i -> {
      String word = ZipfWords.VOCABULARY[ZipfWords.zipf(random)];
      String q = i % 3 == 0 ? word + " " + ZipfWords.VOCABULARY[ZipfWords.zipf(random)] : word;
      return base + "/api/traces?limit=50&q=" + URLEncoder.encode(q, StandardCharsets.UTF_8);
    });
    run(http, key, only, "spans, full text, common word", requests,
        i -> base + "/api/spans?limit=50&q=" + ZipfWords.VOCABULARY[i % 10]);
    long now = System.currentTimeMillis() * 1000;
    String month = "from=" + (now - 30 * 86_400_000_000L) + "&to=" + now;
    run(http, key, only, "metrics, 30 days by feature by day", Math.max(10, requests / 10),
        i -> base + "/api/metrics?" + month + "&bucket=1d&groupBy=feature");
    run(http, key, only, "span metrics, 30 days by model", Math.max(10, requests / 10),
        i -> base + "/api/metrics?entity=spans&" + month + "&bucket=1d&groupBy=model");
  }

  private static void run(HttpClient http, String key, Pattern only, String name, int requests,
      IntFunction<String> url) throws Exception {
    if (!only.matcher(name).find()) {
      return;
    }
    Stats stats = new Stats();
    for (int i = -requests / 10; i < requests; i++) {
      HttpRequest req = HttpRequest.newBuilder(URI.create(url.apply(Math.abs(i))))
          .header("Authorization", "Bearer " + key).GET().build();
      long t0 = System.nanoTime();
      HttpResponse<String> res = http.send(req, HttpResponse.BodyHandlers.ofString());
      long elapsed = System.nanoTime() - t0;
      if (res.statusCode() != 200) {
        throw new IllegalStateException(name + ": HTTP " + res.statusCode() + " " + res.body());
      }
      if (i >= 0) {
        stats.add(elapsed);
      }
    }
    System.out.printf("query: %-34s %s%n", name, stats.summary());
  }

  private QueryLoad() {}
}
