package dev.sightline.server.evaluation;

import static dev.sightline.server.evaluation.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sightline.server.evaluation.FakeEndpoint.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LlmJudgeTest {
  private static final Subject SUBJECT = new Subject("p1", "t1", "s1", "generation", "answer", "gpt-4o",
      "{\"question\":\"capital of France?\"}", "\"Paris\"", "\"Paris\"", "{\"lang\":\"en\",\"user\":{\"tier\":\"gold\"}}",
      900_000L, 0.001);

  static Reply answer(String content) {
    ObjectNode completion = JsonText.MAPPER.createObjectNode();
    completion.putArray("choices").addObject().putObject("message").put("role", "assistant").put("content", content);
    return Reply.ok(completion.toString());
  }

  /** A judge of this endpoint, short backoff and no rate limit to speak of, {@code overrides} (a JSON object) applied. */
  private static Judge judge(FakeEndpoint endpoint, String overrides) {
    ObjectNode config = (ObjectNode) json("{\"baseUrl\": \"" + endpoint.url() + "/v1/\", \"model\": \"judge-1\","
        + " \"apiKeyEnv\": \"JUDGE_KEY\", \"backoffMs\": 10, \"requestsPerMinute\": 60000,"
        + " \"prompt\": \"Q: {{input}} A: {{output}} E: {{expected}}\"}");
    config.setAll((ObjectNode) json(overrides));
    return Kinds.create("llm-judge", config, Map.of("JUDGE_KEY", "sekrit")::get);
  }

  @Test
  void asksTheModelAndReadsScoreAndReason() throws Exception {
    try (FakeEndpoint endpoint = new FakeEndpoint(answer("{\"score\": 0.8, \"reason\": \"correct\"}"))) {
      Judge judge = judge(endpoint, "{}");
      assertThat(judge.remote()).isTrue();
      Verdict v = judge.judge(SUBJECT);
      assertThat(v).isEqualTo(new Verdict(0.8, null, "correct", Map.of()));
      FakeEndpoint.Request request = endpoint.requests().get(0);
      assertThat(request.path()).isEqualTo("/v1/chat/completions");
      assertThat(request.header("authorization")).isEqualTo("Bearer sekrit");
      JsonNode body = json(request.body());
      assertThat(body.get("model").asText()).isEqualTo("judge-1");
      assertThat(body.get("temperature").asInt()).isZero();
      assertThat(body.at("/messages/0/role").asText()).isEqualTo("user");
      assertThat(body.at("/messages/0/content").asText())
          .isEqualTo("Q: {\"question\":\"capital of France?\"} A: Paris E: Paris" + LlmJudge.ANSWER_FORMAT);
    }
  }

  @Test
  void substitutesMetadataPlaceholdersAndRefusesMissingValues() throws Exception {
    try (FakeEndpoint endpoint = new FakeEndpoint(answer("{\"score\": 1, \"reason\": \"ok\"}"))) {
      Judge judge = Kinds.create("llm-judge", json("{\"baseUrl\": \"" + endpoint.url() + "\", \"model\": \"m\","
          + " \"prompt\": \"{{ metadata.lang }}/{{metadata.user.tier}}/{{metadata.user}}/{{metadata}}\"}"), k -> null);
      judge.judge(SUBJECT);
      assertThat(json(endpoint.requests().get(0).body()).at("/messages/0/content").asText())
          .startsWith("en/gold/{\"tier\":\"gold\"}/{\"lang\":\"en\",\"user\":{\"tier\":\"gold\"}}\n\n");
      assertThat(endpoint.requests().get(0).header("authorization")).isNull();
      Subject bare = new Subject("p1", "t1", null, "trace", null, null, null, "\"x\"", null, "{\"lang\":\"fr\"}", 1L, null);
      assertThatThrownBy(() -> judge.judge(bare)).isInstanceOf(EvaluationException.class)
          .hasMessage("the prompt uses {{metadata.user.tier}}, which this trace lacks");
      assertThat(endpoint.requests()).hasSize(1);
    }
  }

  @Test
  void readsAFencedAnswerWithTextAround() throws Exception {
    try (FakeEndpoint endpoint = new FakeEndpoint(
        answer("Sure! Here is my verdict:\n```json\n{\"score\": 3, \"reason\": \"mostly right\"}\n```\nHope it helps {:"))) {
      assertThat(judge(endpoint, "{}").judge(SUBJECT).value()).isEqualTo(3.0);
    }
    try (FakeEndpoint endpoint = new FakeEndpoint(answer("My answer is {\"score\": \"0.5\", \"reason\": \"half\"} ok"))) {
      assertThat(judge(endpoint, "{}").judge(SUBJECT).comment()).isEqualTo("half");
    }
  }

  @Test
  void retriesAfterATimeout() throws Exception {
    Reply good = answer("{\"score\": 1, \"reason\": \"ok\"}");
    try (FakeEndpoint endpoint = new FakeEndpoint(good).then(good.after(2_000))) {
      Verdict v = judge(endpoint, "{\"timeoutMs\": 300}").judge(SUBJECT);
      assertThat(v.value()).isEqualTo(1.0);
      assertThat(endpoint.requests()).hasSize(2);
    }
  }

  @Test
  void waitsAsLongAsRetryAfterSaysOn429() throws Exception {
    Reply tooMany = new Reply(429, "{}", Map.of("Retry-After", "1"), 0);
    try (FakeEndpoint endpoint = new FakeEndpoint(answer("{\"score\": 1, \"reason\": \"ok\"}")).then(tooMany)) {
      assertThat(judge(endpoint, "{}").judge(SUBJECT).value()).isEqualTo(1.0);
      List<FakeEndpoint.Request> requests = endpoint.requests();
      assertThat(requests).hasSize(2);
      assertThat(TimeUnit.NANOSECONDS.toMillis(requests.get(1).atNanos() - requests.get(0).atNanos()))
          .as("waited for Retry-After, not the 10 ms backoff").isGreaterThanOrEqualTo(950);
    }
  }

  @Test
  void givesUpAfterTheRetriesWithTheLastFailure() throws Exception {
    try (FakeEndpoint endpoint = new FakeEndpoint(Reply.status(500))) {
      assertThatThrownBy(() -> judge(endpoint, "{\"maxRetries\": 2}").judge(SUBJECT))
          .isInstanceOf(EvaluationException.class)
          .hasMessage("judge failed 3 times: answered 500: {\"error\":\"status 500\"}");
      assertThat(endpoint.requests()).hasSize(3);
    }
  }

  @Test
  void failsAtOnceOnAClientError() throws Exception {
    try (FakeEndpoint endpoint = new FakeEndpoint(Reply.status(401))) {
      assertThatThrownBy(() -> judge(endpoint, "{}").judge(SUBJECT))
          .hasMessage("judge answered 401: {\"error\":\"status 401\"}");
      assertThat(endpoint.requests()).hasSize(1);
    }
  }

  @Test
  void retriesAnUnparsableAnswerThenSaysWhatItWas() throws Exception {
    try (FakeEndpoint endpoint = new FakeEndpoint(answer("It is quite good, I would say 8/10."))) {
      assertThatThrownBy(() -> judge(endpoint, "{\"maxRetries\": 1}").judge(SUBJECT))
          .hasMessage("judge failed 2 times: answer is not {score, reason}: It is quite good, I would say 8/10.");
      assertThat(endpoint.requests()).hasSize(2);
    }
    try (FakeEndpoint endpoint = new FakeEndpoint(Reply.ok("<html>gateway</html>"))) {
      assertThatThrownBy(() -> judge(endpoint, "{\"maxRetries\": 0}").judge(SUBJECT))
          .hasMessage("judge failed 1 time: answer is not a chat completion: <html>gateway</html>");
    }
  }

  @Test
  void reportsAnUnreachableEndpoint() throws Exception {
    String url;
    try (FakeEndpoint closed = new FakeEndpoint(Reply.status(200))) {
      url = closed.url();
    }
    Judge judge = Kinds.create("llm-judge", json("{\"baseUrl\": \"" + url + "\", \"model\": \"m\", \"prompt\": \"x\","
        + " \"maxRetries\": 1, \"backoffMs\": 5}"), k -> null);
    assertThatThrownBy(() -> judge.judge(SUBJECT)).hasMessageStartingWith("judge failed 2 times: could not reach 127.0.0.1: ");
  }

  @Test
  void keepsToTheConcurrencyLimit() throws Exception {
    try (FakeEndpoint endpoint = new FakeEndpoint(answer("{\"score\": 1, \"reason\": \"ok\"}").after(150))) {
      Judge judge = judge(endpoint, "{\"concurrency\": 2}");
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Future<Verdict>> results = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
          results.add(pool.submit(() -> judge.judge(SUBJECT)));
        }
        for (Future<Verdict> f : results) {
          assertThat(f.get(10, TimeUnit.SECONDS).value()).isEqualTo(1.0);
        }
      } finally {
        pool.shutdownNow();
      }
      assertThat(endpoint.requests()).hasSize(8);
      assertThat(endpoint.maxInFlight()).isEqualTo(2);
    }
  }

  @Test
  void spacesRequestsPerTheRateLimit() throws Exception {
    try (FakeEndpoint endpoint = new FakeEndpoint(answer("{\"score\": 1, \"reason\": \"ok\"}"))) {
      Judge judge = judge(endpoint, "{\"requestsPerMinute\": 600}"); // 100 ms apart
      long started = System.nanoTime();
      for (int i = 0; i < 4; i++) {
        judge.judge(SUBJECT);
      }
      long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
      // Measured by the caller, not by arrival at the endpoint: on a busy machine one request may
      // reach it late and the next on time, which shortens the gap between arrivals, not sends.
      assertThat(endpoint.requests()).hasSize(4);
      assertThat(elapsed).as("three gaps of 100 ms between four sends").isGreaterThanOrEqualTo(290);
    }
  }

  @Test
  void needsItsKeyInTheEnvironment() throws Exception {
    try (FakeEndpoint endpoint = new FakeEndpoint(answer("{\"score\": 1, \"reason\": \"ok\"}"))) {
      Judge judge = Kinds.create("llm-judge", json("{\"baseUrl\": \"" + endpoint.url() + "\", \"model\": \"m\","
          + " \"prompt\": \"x\", \"apiKeyEnv\": \"MISSING_KEY\"}"), k -> null);
      assertThatThrownBy(() -> judge.judge(SUBJECT)).isInstanceOf(EvaluationException.class)
          .hasMessage("environment variable MISSING_KEY (config.apiKeyEnv) is not set");
      assertThat(endpoint.requests()).isEmpty();
    }
  }

  @Test
  void configErrorsNameTheField() {
    String base = "\"baseUrl\": \"http://127.0.0.1:9\", \"model\": \"m\", \"prompt\": \"{{output}}\"";
    assertThatThrownBy(() -> create("{" + base + ", \"apiKey\": \"sk-123\"}"))
        .hasMessage("config.apiKey: keys are never stored; name an environment variable in apiKeyEnv");
    assertThatThrownBy(() -> create("{" + base.replace("{{output}}", "{{answer}}") + "}"))
        .hasMessageStartingWith("config.prompt: unknown placeholder {{answer}}; there are {{input}}");
    assertThatThrownBy(() -> create("{" + base.replace("http://127.0.0.1:9", "ftp://host") + "}"))
        .hasMessage("config.baseUrl: must be an http or https URL");
    assertThatThrownBy(() -> create("{" + base.replace("\"model\": \"m\", ", "") + "}")).hasMessage("config.model: required");
    assertThatThrownBy(() -> create("{" + base + ", \"apiKeyEnv\": \"sk-live-123\"}"))
        .hasMessageStartingWith("config.apiKeyEnv: must be the name of an environment variable");
    assertThatThrownBy(() -> create("{" + base + ", \"concurrency\": 0}"))
        .hasMessage("config.concurrency: must be an integer from 1 to 64");
    assertThatThrownBy(() -> create("{" + base + ", \"timeoutMs\": \"fast\"}"))
        .hasMessageStartingWith("config.timeoutMs: must be an integer");
  }

  private static Judge create(String config) {
    return Kinds.create("llm-judge", json(config), k -> null);
  }
}
