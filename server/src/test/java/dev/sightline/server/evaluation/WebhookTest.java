package dev.sightline.server.evaluation;

import static dev.sightline.server.evaluation.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sightline.server.evaluation.FakeEndpoint.Reply;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookTest {
  private static final Subject SUBJECT = new Subject("p1", "t1", "s1", "generation", "answer", "gpt-4o",
      "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "\"hello\"", null, "{\"lang\":\"en\"}", 1_200L, 0.5);

  private static Judge webhook(FakeEndpoint endpoint, String more) {
    return Kinds.create("webhook", json("{\"url\": \"" + endpoint.url() + "/score\", \"backoffMs\": 10,"
        + " \"headers\": {\"X-Token\": \"abc\"}" + more + "}"), k -> null);
  }

  @Test
  void postsTheSubjectWithJsonFieldsEmbedded() throws Exception {
    try (FakeEndpoint endpoint = new FakeEndpoint(Reply.ok("{\"score\": 0.25, \"label\": \"meh\", \"reason\": \"terse\"}"))) {
      Judge judge = webhook(endpoint, "");
      assertThat(judge.remote()).isTrue();
      assertThat(judge.judge(SUBJECT)).isEqualTo(new Verdict(0.25, "meh", "terse", Map.of()));
      FakeEndpoint.Request request = endpoint.requests().get(0);
      assertThat(request.path()).isEqualTo("/score");
      assertThat(request.header("x-token")).isEqualTo("abc");
      assertThat(request.header("content-type")).isEqualTo("application/json");
      JsonNode body = json(request.body());
      assertThat(body).isEqualTo(json("{\"projectId\":\"p1\",\"traceId\":\"t1\",\"spanId\":\"s1\",\"type\":\"generation\","
          + "\"name\":\"answer\",\"model\":\"gpt-4o\",\"input\":{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]},"
          + "\"output\":\"hello\",\"expected\":null,\"metadata\":{\"lang\":\"en\"},\"durationMicros\":1200,\"costUsd\":0.5}"));
    }
  }

  @Test
  void acceptsAScoreOrALabel() throws Exception {
    try (FakeEndpoint endpoint = new FakeEndpoint(Reply.ok("{\"label\": \"toxic\"}"))) {
      assertThat(webhook(endpoint, "").judge(SUBJECT)).isEqualTo(new Verdict(null, "toxic", null, Map.of()));
    }
    try (FakeEndpoint endpoint = new FakeEndpoint(Reply.ok("{\"score\": 3, \"label\": null}"))) {
      assertThat(webhook(endpoint, "").judge(SUBJECT).value()).isEqualTo(3.0);
    }
  }

  @Test
  void retriesAFailingHookAndRefusesAnAnswerWithoutScoreOrLabel() throws Exception {
    try (FakeEndpoint endpoint = new FakeEndpoint(Reply.ok("{\"score\": 1}")).then(Reply.status(503))) {
      assertThat(webhook(endpoint, "").judge(SUBJECT).value()).isEqualTo(1.0);
      assertThat(endpoint.requests()).hasSize(2);
    }
    try (FakeEndpoint endpoint = new FakeEndpoint(Reply.ok("{\"score\": \"high\", \"reason\": \"x\"}"))) {
      assertThatThrownBy(() -> webhook(endpoint, ", \"maxRetries\": 1").judge(SUBJECT))
          .isInstanceOf(EvaluationException.class)
          .hasMessage("webhook failed 2 times: answer is not {score, label, reason}: {\"score\": \"high\", \"reason\": \"x\"}");
      assertThat(endpoint.requests()).hasSize(2);
    }
  }

  @Test
  void readsNoAnswerLargerThanTheLimit() throws Exception {
    String huge = "{\"score\": 1, \"reason\": \"" + "x".repeat(RemoteCall.MAX_BODY) + "\"}";
    try (FakeEndpoint endpoint = new FakeEndpoint(Reply.ok(huge))) {
      assertThatThrownBy(() -> webhook(endpoint, ", \"maxRetries\": 0").judge(SUBJECT))
          .hasMessage("webhook failed 1 time: answer larger than 1048576 bytes");
    }
  }

  @Test
  void configErrorsNameTheField() {
    assertThatThrownBy(() -> Kinds.create("webhook", json("{}"), k -> null)).hasMessage("config.url: required");
    assertThatThrownBy(() -> Kinds.create("webhook", json("{\"url\": \"localhost:80\"}"), k -> null))
        .hasMessage("config.url: must be an http or https URL");
    assertThatThrownBy(() -> Kinds.create("webhook", json("{\"url\": \"http://127.0.0.1:9\", \"headers\": {\"Host\": \"x\"}}"),
        k -> null)).hasMessageStartingWith("config.headers.Host: not allowed: ");
    assertThatThrownBy(() -> Kinds.create("webhook", json("{\"url\": \"http://127.0.0.1:9\", \"headers\": {\"a\": 1}}"),
        k -> null)).hasMessage("config.headers.a: must be a string");
    assertThatThrownBy(() -> Kinds.create("webhook", json("{\"url\": \"http://127.0.0.1:9\", \"apiKey\": \"k\"}"),
        k -> null)).hasMessage("config.apiKey: keys are never stored; name an environment variable in apiKeyEnv");
  }
}
