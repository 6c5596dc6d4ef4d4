package dev.sightline.server.otlp;

import static dev.sightline.server.testing.Otlp.CHILD;
import static dev.sightline.server.testing.Otlp.ROOT;
import static dev.sightline.server.testing.Otlp.T0;
import static dev.sightline.server.testing.Otlp.child;
import static dev.sightline.server.testing.Otlp.decode;
import static dev.sightline.server.testing.Otlp.json;
import static dev.sightline.server.testing.Otlp.parse;
import static dev.sightline.server.testing.Otlp.span;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sightline.core.codec.DecodedBatch;
import dev.sightline.core.model.Row;
import dev.sightline.core.model.Schema;
import dev.sightline.server.testing.Otlp;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Vercel's AI SDK telemetry: attribute sets as {@code ai@7.0.185} with {@code LegacyOpenTelemetry}
 * of {@code @ai-sdk/otel} wrote them for one {@code generateText} call with a tool (values
 * shortened), and the {@code ai.telemetry.metadata.*} form of versions 4 to 6.
 */
class AiSdkConventionTest {
  static final String TOOL = "91ee69029dc7c891";

  @Test
  void outerCallNamesTheTraceAndCarriesItsUserSessionTagsAndMetadata() {
    DecodedBatch batch = decode(span(ROOT, "ai.generateText",
        "operation.name", "ai.generateText weather-assistant",
        "resource.name", "weather-assistant",
        "ai.operationId", "ai.generateText",
        "ai.telemetry.functionId", "weather-assistant",
        "ai.model.provider", "openai.chat",
        "ai.model.id", "gpt-4o-mini",
        "ai.settings.temperature", 0.3,
        "ai.settings.maxRetries", 2,
        "ai.settings.context.userId", "user-ai-sdk",
        "ai.settings.context.sessionId", "session-ai-sdk",
        "ai.settings.context.tags", List.of("weather", "node"),
        "ai.settings.context.tenant", "acme",
        "ai.prompt", "{\"system\":\"Answer in one sentence.\",\"messages\":[{\"role\":\"user\",\"content\":\"Weather in Lyon?\"}]}",
        "ai.response.finishReason", "stop",
        "ai.response.text", "It is 18 degrees and sunny in Lyon.",
        "ai.response.toolCalls", "[{\"toolCallId\":\"call_weather_1\",\"toolName\":\"weather\",\"input\":{\"city\":\"Lyon\"}}]",
        "ai.usage.inputTokens", 83,
        "ai.usage.outputTokens", 23,
        "ai.usage.totalTokens", 106));

    assertThat(batch.errors()).isEmpty();
    Row t = Otlp.trace(batch);
    assertThat(t.string(Schema.NAME)).isEqualTo("weather-assistant");
    assertThat(t.string(Schema.USER_ID)).isEqualTo("user-ai-sdk");
    assertThat(t.string(Schema.SESSION_ID)).isEqualTo("session-ai-sdk");
    assertThat(t.get(Schema.TAGS)).isEqualTo(List.of("weather", "node"));
    assertThat(json(t, Schema.METADATA)).isEqualTo(parse("{\"tenant\":\"acme\"}"));
    Row s = Otlp.span(batch, ROOT);
    assertThat(s.string(Schema.TYPE)).isEqualTo("chain");
    assertThat(s.string(Schema.NAME)).isEqualTo("ai.generateText");
    assertThat(json(s, Schema.INPUT).path("system").asText()).isEqualTo("Answer in one sentence.");
    assertThat(json(s, Schema.OUTPUT)).isEqualTo(parse("{\"text\":\"It is 18 degrees and sunny in Lyon.\","
        + "\"toolCalls\":[{\"toolCallId\":\"call_weather_1\",\"toolName\":\"weather\",\"input\":{\"city\":\"Lyon\"}}]}"));
    assertThat(json(s, Schema.MODEL_PARAMETERS)).isEqualTo(parse("{\"temperature\":0.3,\"maxRetries\":2}"));
    assertThat(s.string(Schema.MODEL)).as("the model calls below carry it").isNull();
    assertThat(s.get(Schema.INPUT_TOKENS)).as("the sum of its calls' usage would count twice").isNull();
    assertThat(json(s, Schema.ATTRIBUTES).path("ai.usage.inputTokens").asInt()).isEqualTo(83);
    assertThat(json(s, Schema.ATTRIBUTES).path("ai.model.id").asText()).isEqualTo("gpt-4o-mini");
  }

  @Test
  void providerCallIsAGenerationWithModelTokensAndMessages() {
    DecodedBatch batch = decode(child(CHILD, "ai.generateText.doGenerate",
        "ai.operationId", "ai.generateText.doGenerate",
        "ai.telemetry.functionId", "weather-assistant",
        "ai.model.provider", "openai.chat",
        "ai.model.id", "gpt-4o-mini",
        "ai.settings.temperature", 0.3,
        "ai.settings.context.userId", "user-ai-sdk",
        "ai.prompt.messages", "[{\"role\":\"system\",\"content\":\"Answer in one sentence.\"},"
            + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Weather in Lyon?\"}]}]",
        "gen_ai.system", "openai.chat",
        "gen_ai.request.model", "gpt-4o-mini",
        "gen_ai.request.temperature", 0.3,
        "ai.response.finishReason", "stop",
        "ai.response.text", "It is 18 degrees and sunny in Lyon.",
        "ai.response.id", "chatcmpl-node2",
        "ai.response.model", "gpt-4o-mini-2024-07-18",
        "ai.response.msToFirstChunk", 120.5,
        "ai.usage.inputTokens", 42,
        "ai.usage.outputTokens", 12,
        "ai.usage.totalTokens", 54,
        "ai.usage.reasoningTokens", 0,
        "ai.usage.cachedInputTokens", 0,
        "ai.usage.inputTokenDetails.cacheReadTokens", 5,
        "gen_ai.response.model", "gpt-4o-mini-2024-07-18",
        "gen_ai.usage.input_tokens", 42,
        "gen_ai.usage.output_tokens", 12));

    assertThat(batch.errors()).isEmpty();
    Row s = Otlp.span(batch, CHILD);
    assertThat(s.string(Schema.TYPE)).isEqualTo("generation");
    assertThat(s.string(Schema.PROVIDER)).isEqualTo("openai");
    assertThat(s.string(Schema.MODEL)).isEqualTo("gpt-4o-mini-2024-07-18");
    assertThat(s.longValue(Schema.INPUT_TOKENS)).isEqualTo(42);
    assertThat(s.longValue(Schema.OUTPUT_TOKENS)).isEqualTo(12);
    assertThat(s.longValue(Schema.TOTAL_TOKENS)).isEqualTo(54);
    assertThat(s.longValue(Schema.CACHE_READ_TOKENS)).isEqualTo(5);
    assertThat(s.longValue(Schema.REASONING_TOKENS)).isZero();
    assertThat(s.longValue(Schema.COMPLETION_START_TIME)).isEqualTo(T0 / 1000 + 120_500);
    assertThat(json(s, Schema.INPUT).at("/1/content/0/text").asText()).isEqualTo("Weather in Lyon?");
    assertThat(json(s, Schema.OUTPUT).asText()).isEqualTo("It is 18 degrees and sunny in Lyon.");
    assertThat(json(s, Schema.MODEL_PARAMETERS)).isEqualTo(parse("{\"temperature\":0.3,\"model\":\"gpt-4o-mini\"}"));
    Row t = Otlp.trace(batch);
    assertThat(t.string(Schema.USER_ID)).isEqualTo("user-ai-sdk");
    assertThat(t.get(Schema.NAME)).as("only a root span names the trace").isNull();
  }

  @Test
  void toolCallIsAToolSpanWithArgumentsAndResult() {
    DecodedBatch batch = decode(child(TOOL, "ai.toolCall",
        "ai.operationId", "ai.toolCall",
        "ai.telemetry.functionId", "weather-assistant",
        "ai.toolCall.name", "weather",
        "ai.toolCall.id", "call_weather_1",
        "ai.toolCall.args", "{\"city\":\"Lyon\"}",
        "ai.toolCall.result", "{\"city\":\"Lyon\",\"celsius\":18}"));

    Row s = Otlp.span(batch, TOOL);
    assertThat(s.string(Schema.TYPE)).isEqualTo("tool");
    assertThat(json(s, Schema.INPUT)).isEqualTo(parse("{\"city\":\"Lyon\"}"));
    assertThat(json(s, Schema.OUTPUT)).isEqualTo(parse("{\"city\":\"Lyon\",\"celsius\":18}"));
    assertThat(json(s, Schema.ATTRIBUTES).path("ai.toolCall.name").asText()).isEqualTo("weather");
  }

  @Test
  void telemetryMetadataOfVersionsFourToSixDescribesTheTrace() {
    DecodedBatch batch = decode(span(ROOT, "ai.streamText",
        "ai.operationId", "ai.streamText",
        "ai.telemetry.functionId", "chat-route",
        "ai.telemetry.metadata.userId", "u-7",
        "ai.telemetry.metadata.sessionId", "s-7",
        "ai.telemetry.metadata.tags", "[\"beta\"]",
        "ai.telemetry.metadata.plan", "pro"));

    Row t = Otlp.trace(batch);
    assertThat(t.string(Schema.NAME)).isEqualTo("chat-route");
    assertThat(t.string(Schema.USER_ID)).isEqualTo("u-7");
    assertThat(t.string(Schema.SESSION_ID)).isEqualTo("s-7");
    assertThat(t.get(Schema.TAGS)).isEqualTo(List.of("beta"));
    assertThat(json(t, Schema.METADATA)).isEqualTo(parse("{\"plan\":\"pro\"}"));
  }
}
