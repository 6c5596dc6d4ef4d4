package dev.sightline.dist;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.sightline.server.testing.ApiClient;
import dev.sightline.server.testing.Batch;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Remote evaluations queued before a {@code kill -9} of the shaded jar complete after the restart,
 * with exactly one score per (evaluator version, span): the queue is durable, and a job cut off
 * while its judge answered runs again under the same score id. The judge is a slow fake
 * OpenAI-compatible endpoint on loopback.
 */
class EvaluationCrashIT {
  private static final String KEY = "sl_eval_crash_test_" + Batch.unique();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern SPAN = Pattern.compile("answer-([0-9a-f]{16})");
  private static final int SPANS = 40;

  @TempDir Path data;
  @TempDir Path logs;

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void queuedEvaluationsCompleteAfterKill9ExactlyOncePerSpan() throws Exception {
    Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    HttpServer judge = judge(calls);
    Path dir = data.resolve("sightline");
    Path log = logs.resolve("server.log");
    String trace = Batch.traceId();
    try {
      try (ServerProcess server = ServerProcess.start(dir, KEY, log)) {
        ApiClient api = server.client(KEY);
        String evaluator = "{\"name\": \"judge\", \"kind\": \"llm-judge\", \"target\": \"generation\", \"config\": "
            + "{\"baseUrl\": \"http://127.0.0.1:" + judge.getAddress().getPort() + "/v1\", \"model\": \"fake\", "
            + "\"prompt\": \"Rate {{output}}\", \"concurrency\": 2, \"requestsPerMinute\": 6000}}";
        assertThat(api.post("/api/evaluators", evaluator.getBytes(StandardCharsets.UTF_8),
            "Content-Type", "application/json").status()).isEqualTo(201);
        Batch batch = Batch.of().trace("traceId", trace, "name", "crash");
        long t = 1_795_000_000_000_000L;
        for (int i = 0; i < SPANS; i++) {
          String span = String.format("%016x", 0xabc000L + i);
          batch.span("traceId", trace, "spanId", span, "type", "generation", "output", "answer-" + span,
              "startTime", t + i, "endTime", t + i + 100);
        }
        api.ingestOk(batch);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (calls.size() < 6 && System.nanoTime() < deadline) {
          Thread.sleep(20);
        }
        assertThat(calls.size()).as("the judge was called before the kill").isGreaterThanOrEqualTo(6);
        assertThat(server.kill()).isEqualTo(ServerProcess.SIGKILL_EXIT);
      }
      int before = calls.size();
      assertThat(before).as("evaluations were still queued at the kill").isLessThan(SPANS);
      try (ServerProcess server = ServerProcess.start(dir, KEY, log)) {
        ApiClient api = server.client(KEY);
        JsonNode scores = api.await("/api/scores?name=judge&limit=200&traceId=" + trace,
            s -> s.path("items").size() >= SPANS, Duration.ofSeconds(90));
        Set<String> spans = new HashSet<>();
        for (JsonNode s : scores.path("items")) {
          assertThat(s.path("value").asDouble()).as(s.toString()).isEqualTo(1.0);
          assertThat(s.path("source").asText()).isEqualTo("evaluator");
          spans.add(s.path("spanId").asText());
        }
        assertThat(scores.path("items")).hasSize(SPANS);
        assertThat(spans).hasSize(SPANS);
        assertThat(calls).hasSize(SPANS);
        // Only a job cut off by the kill is judged twice: one in its call to the judge, or judged and
        // waiting for its score's fsync, so at most one per worker thread (eight, docs/evaluation.md).
        // Each span still has one score (above).
        assertThat(calls.values().stream().mapToInt(AtomicInteger::get).sum()).isLessThanOrEqualTo(SPANS + 8);
        Path queue = dir.resolve("evaluations/queue.log");
        long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (Files.size(queue) > 0 && System.nanoTime() < until) {
          Thread.sleep(50);
        }
        assertThat(Files.size(queue)).as("the queue is emptied once every job is done").isZero();
        assertThat(server.stop()).isEqualTo(ServerProcess.SIGTERM_EXIT);
      }
    } finally {
      judge.stop(0);
    }
  }

  /** A slow OpenAI-compatible judge that counts the calls per judged span and gives every answer 1. */
  private static HttpServer judge(Map<String, AtomicInteger> calls) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    server.setExecutor(Executors.newFixedThreadPool(8));
    server.createContext("/", exchange -> {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      Matcher m = SPAN.matcher(body);
      if (m.find()) {
        calls.computeIfAbsent(m.group(1), k -> new AtomicInteger()).incrementAndGet();
      }
      try {
        Thread.sleep(150);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      ObjectNode completion = JSON.createObjectNode();
      completion.putArray("choices").addObject().putObject("message").put("role", "assistant")
          .put("content", "{\"score\": 1, \"reason\": \"fine\"}");
      byte[] answer = completion.toString().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, answer.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(answer);
      }
    });
    server.start();
    return server;
  }
}
