package dev.sightline.server.otlp;

import static dev.sightline.server.testing.Otlp.CHILD;
import static dev.sightline.server.testing.Otlp.ROOT;
import static dev.sightline.server.testing.Otlp.child;
import static dev.sightline.server.testing.Otlp.decode;
import static dev.sightline.server.testing.Otlp.event;
import static dev.sightline.server.testing.Otlp.json;
import static dev.sightline.server.testing.Otlp.parse;
import static dev.sightline.server.testing.Otlp.span;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sightline.core.codec.DecodedBatch;
import dev.sightline.core.model.Row;
import dev.sightline.core.model.Schema;
import dev.sightline.server.testing.Otlp;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The OpenTelemetry GenAI conventions: current attributes, deprecated ones, content events. */
class GenAiConventionTest {

  @Test
  void currentAttributesMapOntoAGeneration() {
    DecodedBatch batch = decode(child(CHILD, "chat gpt-4o",
        "gen_ai.operation.name", "chat",
        "gen_ai.provider.name", "openai",
        "gen_ai.request.model", "gpt-4o",
        "gen_ai.response.model", "gpt-4o-2024-08-06",
        "gen_ai.request.temperature", 0.2,
        "gen_ai.request.max_tokens", 256,
        "gen_ai.request.stop_sequences", List.of("END"),
        "gen_ai.usage.input_tokens", 420,
        "gen_ai.usage.output_tokens", 85,
        "gen_ai.usage.cache_read.input_tokens", 100,
        "gen_ai.usage.cache_creation.input_tokens", 20,
        "gen_ai.system_instructions", "[{\"type\":\"text\",\"content\":\"You answer support questions.\"}]",
        "gen_ai.input.messages", "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"Where is my parcel?\"}]}]",
        "gen_ai.output.messages", "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"It ships tomorrow.\"}],\"finish_reason\":\"stop\"}]",
        "gen_ai.conversation.id", "conv-7",
        "gen_ai.response.id", "chatcmpl-123"));

    assertThat(batch.errors()).isEmpty();
    Row s = Otlp.span(batch, CHILD);
    assertThat(s.string(Schema.TYPE)).isEqualTo("generation");
    assertThat(s.string(Schema.PROVIDER)).isEqualTo("openai");
    assertThat(s.string(Schema.MODEL)).isEqualTo("gpt-4o-2024-08-06");
    assertThat(json(s, Schema.MODEL_PARAMETERS)).isEqualTo(parse(
        "{\"model\":\"gpt-4o\",\"temperature\":0.2,\"max_tokens\":256,\"stop_sequences\":[\"END\"]}"));
    assertThat(s.longValue(Schema.INPUT_TOKENS)).isEqualTo(420);
    assertThat(s.longValue(Schema.OUTPUT_TOKENS)).isEqualTo(85);
    assertThat(s.longValue(Schema.CACHE_READ_TOKENS)).isEqualTo(100);
    assertThat(s.longValue(Schema.CACHE_WRITE_TOKENS)).isEqualTo(20);
    assertThat(json(s, Schema.INPUT)).isEqualTo(parse("[{\"role\":\"system\",\"parts\":[{\"type\":\"text\","
        + "\"content\":\"You answer support questions.\"}]},{\"role\":\"user\",\"parts\":[{\"type\":\"text\","
        + "\"content\":\"Where is my parcel?\"}]}]"));
    assertThat(json(s, Schema.OUTPUT).get(0).path("parts").get(0).path("content").asText())
        .isEqualTo("It ships tomorrow.");
    assertThat(json(s, Schema.ATTRIBUTES)).isEqualTo(parse(
        "{\"service.name\":\"support-bot\",\"gen_ai.response.id\":\"chatcmpl-123\"}"));
    Row trace = Otlp.trace(batch);
    assertThat(trace.string(Schema.SESSION_ID)).isEqualTo("conv-7");
    assertThat(trace.string(Schema.CONVERSATION_ID)).isEqualTo("conv-7");
    assertThat(trace.get(Schema.NAME)).as("not a root: only trace-level fields").isNull();
  }

  @Test
  void deprecatedAttributesMapToo() {
    DecodedBatch batch = decode(span(ROOT, "openai.chat",
        "gen_ai.system", "anthropic",
        "gen_ai.request.model", "claude-3-5-sonnet",
        "gen_ai.usage.prompt_tokens", 12,
        "gen_ai.usage.completion_tokens", 3L,
        "gen_ai.prompt.0.role", "system",
        "gen_ai.prompt.0.content", "Be brief.",
        "gen_ai.prompt.1.role", "user",
        "gen_ai.prompt.1.content", "Hi",
        "gen_ai.completion.0.role", "assistant",
        "gen_ai.completion.0.content", "Hello!",
        "gen_ai.completion.0.finish_reason", "stop",
        "gen_ai.completion.0.tool_calls.0.name", "lookup"));

    Row s = Otlp.span(batch, ROOT);
    assertThat(s.string(Schema.TYPE)).as("a model makes it a generation").isEqualTo("generation");
    assertThat(s.string(Schema.PROVIDER)).isEqualTo("anthropic");
    assertThat(s.string(Schema.MODEL)).isEqualTo("claude-3-5-sonnet");
    assertThat(s.longValue(Schema.INPUT_TOKENS)).isEqualTo(12);
    assertThat(s.longValue(Schema.OUTPUT_TOKENS)).isEqualTo(3);
    assertThat(json(s, Schema.INPUT)).isEqualTo(parse(
        "[{\"role\":\"system\",\"content\":\"Be brief.\"},{\"role\":\"user\",\"content\":\"Hi\"}]"));
    assertThat(json(s, Schema.OUTPUT)).isEqualTo(parse("[{\"role\":\"assistant\",\"content\":\"Hello!\","
        + "\"finish_reason\":\"stop\",\"tool_calls\":[{\"name\":\"lookup\"}]}]"));
    assertThat(json(s, Schema.ATTRIBUTES).has("gen_ai.prompt.0.role")).isFalse();
  }

  @Test
  void theWholeConversationAsOneJsonStringInContentEvents() {
    DecodedBatch batch = decode(span(ROOT, "chat")
        .addEvents(event("gen_ai.content.prompt", 1000, "gen_ai.prompt", "[{\"role\":\"user\",\"content\":\"Hi\"}]"))
        .addEvents(event("gen_ai.content.completion", 2000, "gen_ai.completion", "[{\"role\":\"assistant\",\"content\":\"Hello\"}]")));

    Row s = Otlp.span(batch, ROOT);
    assertThat(json(s, Schema.INPUT)).isEqualTo(parse("[{\"role\":\"user\",\"content\":\"Hi\"}]"));
    assertThat(json(s, Schema.OUTPUT)).isEqualTo(parse("[{\"role\":\"assistant\",\"content\":\"Hello\"}]"));
    assertThat(batch.rows()).as("content events are taken, not kept as event spans").hasSize(2);
  }

  @Test
  void oneEventPerMessageBuildsTheConversationInOrder() {
    DecodedBatch batch = decode(span(ROOT, "chat", "gen_ai.operation.name", "chat")
        .addEvents(event("gen_ai.system.message", 1, "gen_ai.system", "openai", "content", "Be brief."))
        .addEvents(event("gen_ai.user.message", 2, "content", "What's the weather?"))
        .addEvents(event("gen_ai.assistant.message", 3, "tool_calls",
            "[{\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"weather\"}}]"))
        .addEvents(event("gen_ai.tool.message", 4, "id", "call_1", "content", "{\"temp\":21}"))
        .addEvents(event("gen_ai.choice", 5, "index", 0, "finish_reason", "stop",
            "message", "{\"role\":\"assistant\",\"content\":\"21 degrees.\"}")));

    Row s = Otlp.span(batch, ROOT);
    assertThat(s.string(Schema.PROVIDER)).isEqualTo("openai");
    assertThat(json(s, Schema.INPUT)).isEqualTo(parse("[{\"content\":\"Be brief.\",\"role\":\"system\"},"
        + "{\"content\":\"What's the weather?\",\"role\":\"user\"},"
        + "{\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"weather\"}}],\"role\":\"assistant\"},"
        + "{\"id\":\"call_1\",\"content\":{\"temp\":21},\"role\":\"tool\"}]"));
    assertThat(json(s, Schema.OUTPUT)).isEqualTo(parse(
        "[{\"role\":\"assistant\",\"content\":\"21 degrees.\",\"index\":0,\"finish_reason\":\"stop\"}]"));
    assertThat(batch.rows()).hasSize(2);
  }

  @Test
  void inferenceDetailsEventCarriesTheMessages() {
    DecodedBatch batch = decode(span(ROOT, "chat")
        .addEvents(event("gen_ai.client.inference.operation.details", 5,
            "gen_ai.input.messages", List.of(Map.of("role", "user", "parts", List.of(Map.of("type", "text", "content", "Hi")))),
            "gen_ai.output.messages", "[{\"role\":\"assistant\",\"parts\":[]}]")));

    Row s = Otlp.span(batch, ROOT);
    assertThat(json(s, Schema.INPUT)).isEqualTo(parse(
        "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"Hi\"}]}]"));
    assertThat(json(s, Schema.OUTPUT)).isEqualTo(parse("[{\"role\":\"assistant\",\"parts\":[]}]"));
  }

  @Test
  void toolSpansTakeArgumentsAndResultAsInputAndOutput() {
    DecodedBatch batch = decode(child(CHILD, "execute_tool get_weather",
        "gen_ai.operation.name", "execute_tool",
        "gen_ai.tool.name", "get_weather",
        "gen_ai.tool.call.id", "call_1",
        "gen_ai.tool.call.arguments", "{\"city\":\"Paris\"}",
        "gen_ai.tool.call.result", "rainy, 57°F"));

    Row s = Otlp.span(batch, CHILD);
    assertThat(s.string(Schema.TYPE)).isEqualTo("tool");
    assertThat(json(s, Schema.INPUT)).isEqualTo(parse("{\"city\":\"Paris\"}"));
    assertThat(json(s, Schema.OUTPUT).asText()).isEqualTo("rainy, 57°F");
    assertThat(json(s, Schema.ATTRIBUTES).path("gen_ai.tool.name").asText()).isEqualTo("get_weather");
    assertThat(json(s, Schema.ATTRIBUTES).path("gen_ai.tool.call.id").asText()).isEqualTo("call_1");
  }

  @Test
  void retrievalSpansTakeQueryAndDocuments() {
    Row s = Otlp.span(decode(child(CHILD, "retrieval orders",
        "gen_ai.operation.name", "retrieval",
        "gen_ai.retrieval.query.text", "parcel 4711",
        "gen_ai.retrieval.documents", "[{\"id\":\"doc_1\",\"score\":0.9}]")), CHILD);
    assertThat(s.string(Schema.TYPE)).isEqualTo("retrieval");
    assertThat(s.string(Schema.INPUT)).isEqualTo("\"parcel 4711\"");
    assertThat(json(s, Schema.OUTPUT)).isEqualTo(parse("[{\"id\":\"doc_1\",\"score\":0.9}]"));
  }

  @Test
  void operationsMapToSpanTypes() {
    Map<String, String> expected = Map.of("text_completion", "generation", "generate_content", "generation",
        "embeddings", "embedding", "invoke_agent", "agent", "create_agent", "agent", "retrieval", "retrieval");
    expected.forEach((operation, type) -> assertThat(
        Otlp.span(decode(span(ROOT, "op", "gen_ai.operation.name", operation)), ROOT).string(Schema.TYPE))
        .as(operation).isEqualTo(type));
    Row custom = Otlp.span(decode(span(ROOT, "op", "gen_ai.operation.name", "search_memory")), ROOT);
    assertThat(custom.get(Schema.TYPE)).as("left to the default").isNull();
    assertThat(json(custom, Schema.ATTRIBUTES).path("gen_ai.operation.name").asText()).isEqualTo("search_memory");
  }

  /**
   * Message JSON is stored as compact text, as its tree prints; text that is not JSON as a JSON
   * string; JSON holding an escaped NUL is refused as any NUL is.
   */
  @Test
  void messagesAreStoredAsCompactJsonOrAsText() {
    Row s = Otlp.span(decode(child(CHILD, "chat",
        "gen_ai.input.messages", "[ {\"role\": \"user\",\n  \"parts\": [[\"a\\/b \\u00e9\"], 1.50e1] } ]",
        "gen_ai.output.messages", "Sure: {not json")), CHILD);
    assertThat(s.string(Schema.INPUT)).isEqualTo("[{\"role\":\"user\",\"parts\":[[\"a/b é\"],15.0]}]");
    assertThat(s.string(Schema.OUTPUT)).isEqualTo("\"Sure: {not json\"");

    DecodedBatch nul = decode(child(CHILD, "chat", "gen_ai.input.messages", "[\"a\\u0000\"]"));
    assertThat(nul.errors()).singleElement().satisfies(e -> assertThat(e.message()).contains("NUL"));
  }

  @Test
  void parametersSentAsTextAreNumbers() {
    // Spring AI's values arrive as text (Micrometer key values).
    Row s = Otlp.span(decode(child(CHILD, "chat gpt-4o-mini", "gen_ai.operation.name", "chat",
        "gen_ai.request.model", "gpt-4o-mini", "gen_ai.response.model", "gpt-4o-mini-2024-07-18",
        "gen_ai.request.temperature", "0.2", "gen_ai.request.max_tokens", "256",
        "gen_ai.request.stop_sequences", "[\"END\"]")), CHILD);
    assertThat(json(s, Schema.MODEL_PARAMETERS)).isEqualTo(parse(
        "{\"model\":\"gpt-4o-mini\",\"temperature\":0.2,\"max_tokens\":256,\"stop_sequences\":[\"END\"]}"));
    assertThat(json(s, Schema.MODEL_PARAMETERS).path("temperature").isNumber()).isTrue();
  }

  @Test
  void costSentByTheInstrumentationIsTaken() {
    Row openLit = Otlp.span(decode(child(CHILD, "chat", "gen_ai.operation.name", "chat",
        "gen_ai.request.model", "gpt-4o", "gen_ai.usage.cost", 0.0042)), CHILD);
    assertThat(openLit.doubleValue(Schema.COST)).isEqualTo(0.0042);
    Row anyAgent = Otlp.span(decode(child(CHILD, "call_llm", "gen_ai.operation.name", "call_llm",
        "gen_ai.request.model", "gpt-4o", "gen_ai.usage.input_cost", 0.001, "gen_ai.usage.output_cost", "0.002")),
        CHILD);
    assertThat(anyAgent.doubleValue(Schema.COST)).isEqualTo(0.003);
    assertThat(json(anyAgent, Schema.COST_DETAILS)).isEqualTo(parse("{\"input\":0.001,\"output\":0.002}"));
    Row logfire = Otlp.span(decode(child(CHILD, "chat gpt-4o", "gen_ai.operation.name", "chat",
        "gen_ai.request.model", "gpt-4o", "operation.cost", 0.01)), CHILD);
    assertThat(logfire.doubleValue(Schema.COST)).isEqualTo(0.01);
  }

  /** As the AI SDK 7's OpenTelemetry integration writes its root span (values shortened). */
  @Test
  void rootAgentSpanNamesTheTraceAndLeavesItsSummedUsageToItsModelCalls() {
    DecodedBatch batch = decode(span(ROOT, "invoke_agent gpt-4o-mini",
        "gen_ai.operation.name", "invoke_agent", "gen_ai.provider.name", "openai",
        "gen_ai.request.model", "gpt-4o-mini", "gen_ai.agent.name", "weather-assistant",
        "gen_ai.usage.input_tokens", 83, "gen_ai.usage.output_tokens", 23));
    Row s = Otlp.span(batch, ROOT);
    assertThat(s.string(Schema.TYPE)).isEqualTo("agent");
    assertThat(s.get(Schema.INPUT_TOKENS)).isNull();
    assertThat(s.get(Schema.MODEL)).isNull();
    assertThat(json(s, Schema.ATTRIBUTES).path("gen_ai.request.model").asText()).isEqualTo("gpt-4o-mini");
    assertThat(json(s, Schema.ATTRIBUTES).path("gen_ai.usage.input_tokens").asInt()).isEqualTo(83);
    assertThat(json(s, Schema.ATTRIBUTES).path("gen_ai.agent.name").asText()).isEqualTo("weather-assistant");
    assertThat(Otlp.trace(batch).string(Schema.NAME)).isEqualTo("weather-assistant");
  }
}
