package dev.sightline.spring.example;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sightline.Sightline;
import dev.sightline.server.testing.ApiClient;
import dev.sightline.server.testing.TestServer;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The example application (Spring Boot, Spring AI's auto-configured OpenAI model and chat client,
 * one tool, the Sightline starter) against the fake OpenAI endpoint and a real Sightline server on
 * loopback, read back through the server's query API.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SpringAiExampleTest {
  static final String ANSWER = FakeOpenAi.answer("\"" + TrainTimes.FIRST_TRAIN + "\"");

  @Test
  void theCallIsATraceWithItsContentWhenCaptureIsOn(@TempDir Path dataDir) throws Exception {
    try (TestServer server = TestServer.start(dataDir); FakeOpenAi openAi = FakeOpenAi.start()) {
      ApiClient client = server.newProject();
      JsonNode tree = askAndReadBack(client, openAi, "--sightline.spring-ai.capture-content=true");

      assertThat(tree.at("/trace/name").asText()).isEqualTo("chat_client");
      assertThat(tree.at("/trace/input/1/content").asText()).isEqualTo(SpringAiExample.QUESTION);
      assertThat(tree.at("/trace/output/0/content").asText()).isEqualTo(ANSWER);
      // The tool-calling loop reports summed usage on its second call; each generation keeps its own.
      assertThat(tree.at("/totals/inputTokens").asInt()).isEqualTo(2 * FakeOpenAi.PROMPT_TOKENS);
      assertThat(tree.at("/totals/outputTokens").asInt()).isEqualTo(2 * FakeOpenAi.COMPLETION_TOKENS);
      JsonNode[] calls = calls(tree);
      assertThat(calls[0].path("input")).hasSize(2);
      assertThat(calls[0].at("/output/0/tool_calls/0/function/name").asText()).isEqualTo("firstTrain");
      assertThat(calls[0].at("/output/0/finish_reason").asText()).isEqualTo("tool_calls");
      assertThat(calls[1].path("input")).hasSize(4);
      assertThat(calls[1].at("/input/3/role").asText()).isEqualTo("tool");
      assertThat(calls[1].at("/input/3/tool_call_id").asText()).isEqualTo("call_1");
      assertThat(calls[1].at("/output/0/content").asText()).isEqualTo(ANSWER);
      assertThat(calls[1].at("/output/0/finish_reason").asText()).isEqualTo("stop");
      JsonNode tool = calls[2];
      assertThat(tool.path("input").asText()).isEqualTo("{\"city\":\"Lyon\"}");
      assertThat(tool.path("output").asText()).isEqualTo("\"" + TrainTimes.FIRST_TRAIN + "\"");
    }
  }

  @Test
  void theCallIsATraceWithoutContentWhenCaptureIsOff(@TempDir Path dataDir) throws Exception {
    try (TestServer server = TestServer.start(dataDir); FakeOpenAi openAi = FakeOpenAi.start()) {
      ApiClient client = server.newProject();
      JsonNode tree = askAndReadBack(client, openAi, "--sightline.spring-ai.capture-content=false");

      assertThat(tree.path("trace").has("input")).isFalse();
      assertThat(tree.path("trace").has("output")).isFalse();
      for (JsonNode span : calls(tree)) {
        assertThat(span.has("input")).as(span.path("name").asText()).isFalse();
        assertThat(span.has("output")).as(span.path("name").asText()).isFalse();
      }
      assertThat(tree.at("/spans/0").has("input")).isFalse();
      assertThat(tree.at("/totals/inputTokens").asInt()).isEqualTo(2 * FakeOpenAi.PROMPT_TOKENS);
    }
  }

  @Test
  void withoutAnEndpointTheApplicationRunsAndRecordsNothing() throws Exception {
    try (FakeOpenAi openAi = FakeOpenAi.start();
        ConfigurableApplicationContext context = SpringAiExample.run(openAi, "--sightline.endpoint=",
            "--sightline.api-key=")) {
      assertThat(context.getBean(Sightline.class).isEnabled()).isFalse();
      assertThat(context.getBean(SpringAiExample.Question.class).answer()).isEqualTo(ANSWER);
      assertThat(context.getBean(Sightline.class).stats().enqueued()).isZero();
    }
  }

  /**
   * Asks once with the starter pointed at the project, closes the application (which delivers
   * what is queued), and returns the one trace the server then has, with its five spans.
   */
  private static JsonNode askAndReadBack(ApiClient client, FakeOpenAi openAi, String captureContent) {
    try (ConfigurableApplicationContext context = SpringAiExample.run(openAi,
        "--sightline.endpoint=" + client.base(), "--sightline.api-key=" + client.key(), captureContent)) {
      assertThat(context.getBean(SpringAiExample.Question.class).answer()).isEqualTo(ANSWER);
    }
    JsonNode list = client.await("/api/traces?feature=train-times", page -> page.path("items").size() == 1);
    JsonNode tree = client.awaitTrace(list.at("/items/0/traceId").asText(), 5);

    assertThat(tree.at("/trace/status").asText()).isEqualTo("success");
    assertThat(tree.at("/trace/models/0").asText()).isEqualTo(FakeOpenAi.MODEL);
    JsonNode root = tree.at("/spans/0");
    assertThat(root.path("type").asText()).isEqualTo("chain");
    assertThat(root.path("name").asText()).isEqualTo("chat_client");
    JsonNode advisor = root.at("/children/0");
    assertThat(advisor.path("type").asText()).isEqualTo("span");
    assertThat(advisor.path("name").asText()).isEqualTo("call");
    JsonNode[] calls = calls(tree);
    for (JsonNode generation : new JsonNode[] {calls[0], calls[1]}) {
      assertThat(generation.path("type").asText()).isEqualTo("generation");
      assertThat(generation.path("name").asText()).isEqualTo("chat gpt-4o-mini");
      assertThat(generation.path("provider").asText()).isEqualTo("openai");
      assertThat(generation.path("model").asText()).isEqualTo(FakeOpenAi.MODEL);
      assertThat(generation.at("/modelParameters/model").asText()).isEqualTo("gpt-4o-mini");
      assertThat(generation.at("/modelParameters/temperature").asDouble()).isEqualTo(0.2);
      assertThat(generation.path("inputTokens").asInt()).isEqualTo(FakeOpenAi.PROMPT_TOKENS);
      assertThat(generation.path("outputTokens").asInt()).isEqualTo(FakeOpenAi.COMPLETION_TOKENS);
    }
    assertThat(calls[0].at("/attributes/finish_reason").asText()).isEqualTo("tool_calls");
    assertThat(calls[1].at("/attributes/finish_reason").asText()).isEqualTo("stop");
    assertThat(calls[2].path("type").asText()).isEqualTo("tool");
    assertThat(calls[2].path("name").asText()).isEqualTo("firstTrain");
    return tree;
  }

  /** The advisor's children in the order they ran: the tool-calling generation, the answering one, the tool. */
  private static JsonNode[] calls(JsonNode tree) {
    JsonNode children = tree.at("/spans/0/children/0/children");
    assertThat(children).hasSize(3);
    return new JsonNode[] {children.get(0), children.get(2), children.get(1)};
  }
}
