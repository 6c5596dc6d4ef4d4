package dev.sightline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.sightline.testing.RealServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * An experiment end to end: the SDK runs a dataset's items through a plain Java "application"
 * that calls a fake LLM, each in a trace of its own; the server judges the outputs with a
 * deterministic evaluator, an {@code llm-judge} on a fake OpenAI-compatible endpoint on loopback
 * (which sees the item's expected output) and an evaluator that cannot judge, stores the scores on
 * the traces, and lists the run with its averages, latency and cost.
 */
class ExperimentEndToEndTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void aDatasetRunIsTracedJudgedAndListedWithItsScoresLatencyAndCost() throws Exception {
    List<String> judgePrompts = new CopyOnWriteArrayList<>();
    HttpServer judge = fakeJudge(judgePrompts);
    try (RealServer server = RealServer.start()) {
      String evaluators = "[{\"name\": \"says-paris\", \"kind\": \"contains\", \"config\": {\"values\": [\"Paris\"]}},"
          + "{\"name\": \"judge\", \"kind\": \"llm-judge\", \"config\": {\"baseUrl\": \"http://127.0.0.1:"
          + judge.getAddress().getPort() + "/v1\", \"model\": \"judge-1\", \"maxRetries\": 0,"
          + " \"requestsPerMinute\": 60000, \"prompt\": \"Expected: {{expected}}. Answer: {{output}}.\"}},"
          + "{\"name\": \"cheap\", \"kind\": \"cost-budget\", \"config\": {\"maxUsd\": 1}}]";
      assertThat(call(server, "POST", "/api/datasets", "{\"name\": \"capitals\", \"evaluators\": " + evaluators + "}")
          .statusCode()).isEqualTo(201);
      JsonNode items = json(call(server, "POST", "/api/datasets/capitals/items", "{\"items\": ["
          + "{\"input\": \"France\", \"expectedOutput\": \"Paris\"},"
          + "{\"input\": \"Italy\", \"expectedOutput\": \"Rome\"},"
          + "{\"input\": \"Spain\", \"expectedOutput\": \"Madrid\"},"
          + "{\"input\": \"Atlantis\", \"expectedOutput\": \"?\", \"metadata\": {\"trick\": true}}]}")).get("items");
      String archived = items.get(2).get("id").asText();
      assertThat(call(server, "PATCH", "/api/datasets/capitals/items/" + archived, "{\"archived\": true}")
          .statusCode()).isEqualTo(200);

      Sightline s = Sightline.builder().endpoint(server.endpoint()).apiKey(server.apiKey())
          .flushInterval(Duration.ofMillis(50)).shutdownHook(false).build();
      Map<String, String> fakeLlm = Map.of("France", "Paris", "Italy", "Paris, surely");
      DatasetRun run = s.datasets().run("capitals", "run-1", item -> {
        Generation g = SightlineContext.current().generation("answer").model("fake-llm").input(item.input()).start();
        String answer = fakeLlm.get((String) item.input());
        if (answer == null) {
          throw new IllegalStateException("no such country");
        }
        g.end(answer, 10, 2, 0.001);
        return answer;
      });

      assertThat(run.results()).hasSize(3);
      assertThat(run.failed()).isEqualTo(1);
      DatasetRun.Result france = run.results().get(0);
      assertThat(france.output()).isEqualTo("Paris");
      assertThat(france.scores()).extracting(x -> x.name() + " " + x.value() + " " + x.label())
          .containsExactly("says-paris 1.0 pass", "judge 1.0 null", "cheap null error");
      assertThat(france.scores().get(2).comment()).isNotBlank();
      assertThat(run.results().get(1).scores()).extracting(Score::value).containsExactly(1.0, 0.0, null);
      assertThat(run.results().get(2).error()).contains("no such country");
      assertThat(run.results().get(2).scores()).isEmpty();
      assertThat(judgePrompts).hasSize(2).anyMatch(p -> p.contains("Expected: Rome. Answer: Paris, surely."));

      JsonNode trace = server.await("/api/traces/" + france.traceId(), t -> t.path("spans").size() == 1);
      assertThat(trace.path("trace").path("metadata").path("datasetRun").asText()).isEqualTo("run-1");
      assertThat(trace.path("trace").path("metadata").path("datasetItemId").asText()).isEqualTo(france.itemId());
      assertThat(trace.path("trace").path("output").asText()).isEqualTo("Paris");
      assertThat(trace.path("spans").get(0).path("model").asText()).isEqualTo("fake-llm");
      JsonNode scores = server.await("/api/scores?traceId=" + france.traceId(), r -> r.get("items").size() == 3);
      assertThat(scores.get("items")).allMatch(x -> x.get("source").asText().equals("evaluator"));

      JsonNode listed = server.await("/api/datasets/capitals/runs",
          r -> r.get("items").get(0).get("tracesStored").asInt() == 3).get("items").get(0);
      assertThat(listed.get("items").asInt()).isEqualTo(3);
      assertThat(listed.get("errors").asInt()).isEqualTo(1);
      assertThat(listed.get("scores").get("says-paris").get("avg").asDouble()).isEqualTo(1.0);
      assertThat(listed.get("scores").get("judge").get("avg").asDouble()).isEqualTo(0.5);
      assertThat(listed.get("scores").get("cheap").get("errors").asInt()).isEqualTo(2);
      assertThat(listed.get("totalCost").asDouble()).isEqualTo(0.002, org.assertj.core.data.Offset.offset(1e-9));
      assertThat(listed.get("avgLatency").asLong()).isGreaterThanOrEqualTo(0);
      JsonNode detail = server.get("/api/datasets/capitals/runs/run-1");
      assertThat(detail.get("items").get(1).get("expectedOutput").asText()).isEqualTo("Rome");

      assertThatThrownBy(() -> s.datasets().run("nope", "run-1", item -> "x"))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("404").hasMessageContaining("no dataset nope");
      s.shutdown(Duration.ofSeconds(5));
    } finally {
      judge.stop(0);
    }
    assertThatThrownBy(() -> Sightline.disabled().datasets().items("capitals"))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("no endpoint");
  }

  /** An OpenAI-compatible chat endpoint that scores 1 when the prompt's expected answer is in the answer. */
  private static HttpServer fakeJudge(List<String> prompts) throws IOException {
    HttpServer judge = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
    judge.createContext("/v1/chat/completions", exchange -> {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      String prompt = json(body).get("messages").get(0).get("content").asText();
      prompts.add(prompt);
      String expected = prompt.replaceAll("(?s)^Expected: (\\w+)\\..*", "$1");
      String answer = prompt.replaceAll("(?s)^.*Answer: ([^.]*)\\..*", "$1");
      int score = answer.equals(expected) ? 1 : 0;
      byte[] out = ("{\"choices\": [{\"message\": {\"role\": \"assistant\", \"content\": "
          + "\"{\\\"score\\\": " + score + ", \\\"reason\\\": \\\"compared\\\"}\"}}]}").getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, out.length);
      try (OutputStream o = exchange.getResponseBody()) {
        o.write(out);
      }
    });
    judge.start();
    return judge;
  }

  private static HttpResponse<String> call(RealServer server, String method, String path, String body)
      throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(server.endpoint() + path))
        .header("Authorization", "Bearer " + server.apiKey()).header("Content-Type", "application/json")
        .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> r) {
    assertThat(r.statusCode()).as(r.body()).isBetween(200, 299);
    return json(r.body());
  }

  private static JsonNode json(String text) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
