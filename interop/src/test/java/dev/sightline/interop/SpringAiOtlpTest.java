package dev.sightline.interop;

import static io.opentelemetry.api.common.AttributeKey.stringKey;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.sightline.server.testing.ApiClient;
import dev.sightline.server.testing.TestServer;
import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.ai.openai.api.OpenAiApi;

/**
 * Spring AI's {@link ChatClient} over its OpenAI chat model, calling a fake OpenAI endpoint on
 * loopback, traced the way a Spring application is: Micrometer Observation → Micrometer Tracing's
 * OpenTelemetry bridge → OpenTelemetry SDK → exporters.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SpringAiOtlpTest {
  static final String SERVICE = "interop-spring-ai";
  static final String REQUEST_MODEL = "gpt-4o-mini";
  static final String SYSTEM = "You answer questions about train times in one sentence.";
  static final String QUESTION = "When does the first train leave for Lyon on Sunday?";
  static final FakeOpenAi.Completion COMPLETION = new FakeOpenAi.Completion("gpt-4o-mini-2024-07-18",
      "The first train to Lyon on Sunday leaves at 06:12 from platform 4.", 31, 17);
  /** The messages in the GenAI conventions' shape, as {@link ChatContentObservationFilter} writes them. */
  static final String INPUT_MESSAGES = "[{\"role\":\"system\",\"parts\":[{\"type\":\"text\",\"content\":\""
      + SYSTEM + "\"}]},{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"" + QUESTION + "\"}]}]";
  static final String OUTPUT_MESSAGES = "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\""
      + COMPLETION.content() + "\"}],\"finish_reason\":\"stop\"}]";

  /**
   * What Spring AI 1.1 puts on its spans, pinned so that an upgrade that changes it fails here
   * before it silently changes what Sightline shows.
   */
  @Test
  void springAiRecordsTheChatCallAsGenAiSpans() throws Exception {
    InMemorySpanExporter memory = InMemorySpanExporter.create();
    ChatSpans spans;
    try (FakeOpenAi openAi = FakeOpenAi.start(COMPLETION);
        TracedObservations tracing = new TracedObservations(SERVICE, List.of(memory))) {
      assertThat(ask(openAi, tracing)).isEqualTo(COMPLETION.content());
      assertThat(openAi.requests()).singleElement().satisfies(request -> {
        assertThat(request.path("model").asText()).isEqualTo(REQUEST_MODEL);
        assertThat(request.path("messages").findValuesAsText("content")).containsExactly(SYSTEM, QUESTION);
      });
      spans = ChatSpans.of(memory.getFinishedSpanItems());
    }
    assertThat(spans.client().getName()).isEqualTo("spring_ai chat_client");
    assertThat(spans.client().getParentSpanContext().isValid()).isFalse();
    assertThat(attributes(spans.client())).containsEntry("gen_ai.operation.name", "framework")
        .containsEntry("gen_ai.system", "spring_ai").containsEntry("spring.ai.kind", "chat_client");
    assertThat(spans.advisor().getName()).isEqualTo("call");
    assertThat(spans.advisor().getParentSpanId()).isEqualTo(spans.client().getSpanId());
    assertThat(attributes(spans.advisor())).containsEntry("gen_ai.operation.name", "framework")
        .containsEntry("spring.ai.kind", "advisor");
    assertThat(spans.generation().getName()).isEqualTo("chat " + REQUEST_MODEL);
    assertThat(spans.generation().getParentSpanId()).isEqualTo(spans.advisor().getSpanId());
    assertThat(spans.generation().getEvents()).isEmpty();
    // Micrometer key values are text, so numbers and lists arrive as string attributes.
    assertThat(attributes(spans.generation())).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
        Map.entry("gen_ai.operation.name", "chat"),
        Map.entry("gen_ai.system", "openai"),
        Map.entry("gen_ai.request.model", REQUEST_MODEL),
        Map.entry("gen_ai.request.temperature", "0.2"),
        Map.entry("gen_ai.response.model", COMPLETION.model()),
        Map.entry("gen_ai.response.id", "chatcmpl-interop1"),
        Map.entry("gen_ai.response.finish_reasons", "[\"STOP\"]"),
        Map.entry("gen_ai.usage.input_tokens", "31"),
        Map.entry("gen_ai.usage.output_tokens", "17"),
        Map.entry("gen_ai.usage.total_tokens", "48"),
        Map.entry(ChatContentObservationFilter.INPUT_MESSAGES, INPUT_MESSAGES),
        Map.entry(ChatContentObservationFilter.OUTPUT_MESSAGES, OUTPUT_MESSAGES)));
  }

  /**
   * The whole path: the same calls exported over OTLP/HTTP protobuf to a Sightline server, then read
   * back through its query API as a trace whose model call is a generation.
   */
  @Test
  void generationExportedOverOtlpReadsBackFromSightline(@TempDir Path dataDir) throws Exception {
    InMemorySpanExporter memory = InMemorySpanExporter.create();
    try (TestServer server = TestServer.start(dataDir); FakeOpenAi openAi = FakeOpenAi.start(COMPLETION)) {
      ApiClient client = server.newProject();
      SpanExporter otlp = OtlpHttpSpanExporter.builder()
          .setEndpoint(client.base().resolve("/v1/traces").toString())
          .addHeader("Authorization", "Bearer " + client.key())
          .setTimeout(Duration.ofSeconds(10))
          .build();
      ChatSpans spans;
      try (TracedObservations tracing = new TracedObservations(SERVICE, List.of(memory, otlp))) {
        ask(openAi, tracing);
        spans = ChatSpans.of(memory.getFinishedSpanItems());
      }

      String traceId = spans.generation().getTraceId();
      JsonNode tree = client.awaitTrace(traceId, 3);
      assertThat(tree.at("/trace/name").asText()).isEqualTo("spring_ai chat_client");
      assertThat(tree.at("/trace/feature").asText()).isEqualTo(SERVICE);
      assertThat(tree.at("/trace/models")).containsExactly(TextNode.valueOf(COMPLETION.model()));
      assertThat(tree.at("/totals/inputTokens").asInt()).isEqualTo(COMPLETION.promptTokens());
      assertThat(tree.at("/totals/outputTokens").asInt()).isEqualTo(COMPLETION.completionTokens());
      // Spring AI's framework spans (client, advisor) are plain spans around the generation.
      JsonNode root = tree.at("/spans/0");
      assertThat(root.path("spanId").asText()).isEqualTo(spans.client().getSpanId());
      assertThat(root.path("type").asText()).isEqualTo("span");
      JsonNode advisor = root.at("/children/0");
      assertThat(advisor.path("spanId").asText()).isEqualTo(spans.advisor().getSpanId());
      assertThat(advisor.path("type").asText()).isEqualTo("span");
      assertThat(advisor.at("/children/0/spanId").asText()).isEqualTo(spans.generation().getSpanId());

      JsonNode generation = client.getJson("/api/traces/" + traceId + "/spans/" + spans.generation().getSpanId());
      assertThat(generation.path("type").asText()).isEqualTo("generation");
      assertThat(generation.path("name").asText()).isEqualTo("chat " + REQUEST_MODEL);
      assertThat(generation.path("status").asText()).isEqualTo("success");
      assertThat(generation.path("provider").asText()).isEqualTo("openai");
      assertThat(generation.path("model").asText()).isEqualTo(COMPLETION.model());
      assertThat(generation.at("/modelParameters/model").asText()).isEqualTo(REQUEST_MODEL);
      // Sent as the text "0.2" (Micrometer key values are text), stored as a number.
      assertThat(generation.at("/modelParameters/temperature").isNumber()).isTrue();
      assertThat(generation.at("/modelParameters/temperature").asDouble()).isEqualTo(0.2);
      assertThat(generation.path("inputTokens").asInt()).isEqualTo(COMPLETION.promptTokens());
      assertThat(generation.path("outputTokens").asInt()).isEqualTo(COMPLETION.completionTokens());
      assertThat(generation.path("totalTokens").asInt()).isEqualTo(COMPLETION.totalTokens());
      assertThat(generation.path("input")).isEqualTo(ApiClient.parse(INPUT_MESSAGES));
      assertThat(generation.path("output")).isEqualTo(ApiClient.parse(OUTPUT_MESSAGES));
      assertThat(generation.at("/input/1/parts/0/content").asText()).isEqualTo(QUESTION);
      assertThat(generation.at("/output/0/parts/0/content").asText()).isEqualTo(COMPLETION.content());
    }
  }

  /** Asks the question through a chat client traced by {@code tracing}, exports the spans, and returns the answer. */
  private static String ask(FakeOpenAi openAi, TracedObservations tracing) {
    tracing.registry().observationConfig().observationFilter(new ChatContentObservationFilter());
    String answer = chatClient(openAi, tracing.registry()).prompt().system(SYSTEM).user(QUESTION)
        .call().content();
    tracing.flush();
    return answer;
  }

  private static ChatClient chatClient(FakeOpenAi openAi, ObservationRegistry registry) {
    OpenAiApi api = OpenAiApi.builder().baseUrl(openAi.baseUrl()).apiKey("sk-interop").build();
    OpenAiChatModel model = OpenAiChatModel.builder().openAiApi(api)
        .defaultOptions(OpenAiChatOptions.builder().model(REQUEST_MODEL).temperature(0.2).build())
        .observationRegistry(registry).build();
    return ChatClient.builder(model, registry, null, null).build();
  }

  private static Map<String, Object> attributes(SpanData span) {
    Map<String, Object> out = new HashMap<>();
    span.getAttributes().forEach((key, value) -> out.put(key.getKey(), value));
    return out;
  }

  /** The three spans of one ChatClient call: client, advisor, model call (the generation). */
  record ChatSpans(SpanData client, SpanData advisor, SpanData generation) {
    static ChatSpans of(List<SpanData> spans) {
      assertThat(spans).hasSize(3);
      assertThat(spans).extracting(SpanData::getTraceId).containsOnly(spans.get(0).getTraceId());
      return new ChatSpans(kind(spans, "chat_client"), kind(spans, "advisor"), spans.stream()
          .filter(s -> "chat".equals(s.getAttributes().get(stringKey("gen_ai.operation.name"))))
          .findFirst().orElseThrow());
    }

    private static SpanData kind(List<SpanData> spans, String kind) {
      return spans.stream().filter(s -> kind.equals(s.getAttributes().get(stringKey("spring.ai.kind"))))
          .findFirst().orElseThrow();
    }
  }
}
