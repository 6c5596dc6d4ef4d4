package dev.sightline.server.otlp;

import static dev.sightline.server.testing.Otlp.CHILD;
import static dev.sightline.server.testing.Otlp.ROOT;
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
import java.util.Map;
import org.junit.jupiter.api.Test;

/** OpenInference's attributes (Phoenix instrumentations). */
class OpenInferenceConventionTest {

  @Test
  void llmSpanWithFlattenedMessagesAndUsage() {
    DecodedBatch batch = decode(child(CHILD, "ChatCompletion",
        "openinference.span.kind", "LLM",
        "input.value", "{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"model\":\"gpt-4o\"}",
        "input.mime_type", "application/json",
        "output.value", "{\"choices\":[]}",
        "output.mime_type", "application/json",
        "llm.input_messages.0.message.role", "system",
        "llm.input_messages.0.message.content", "Be brief.",
        "llm.input_messages.1.message.role", "user",
        "llm.input_messages.1.message.contents.0.message_content.type", "text",
        "llm.input_messages.1.message.contents.0.message_content.text", "Hi",
        "llm.output_messages.0.message.role", "assistant",
        "llm.output_messages.0.message.tool_calls.0.tool_call.id", "call_1",
        "llm.output_messages.0.message.tool_calls.0.tool_call.function.name", "weather",
        "llm.output_messages.0.message.tool_calls.0.tool_call.function.arguments", "{\"city\":\"Oslo\"}",
        "llm.model_name", "gpt-4o-2024-08-06",
        "llm.provider", "azure",
        "llm.system", "openai",
        "llm.invocation_parameters", "{\"temperature\":0.1,\"max_tokens\":64}",
        "llm.token_count.prompt", 30,
        "llm.token_count.completion", 7,
        "llm.token_count.total", 37,
        "llm.token_count.prompt_details.cache_read", 10,
        "llm.token_count.prompt_details.cache_write", 5,
        "llm.token_count.completion_details.reasoning", 2,
        "llm.cost.total", 0.0021,
        "llm.cost.prompt", 0.0015,
        "llm.prompt_template.template", "Answer {question}",
        "llm.prompt_template.version", "v3",
        "llm.prompt_template.variables", "{\"question\":\"Hi\"}",
        "tag.tags", List.of("beta", "eu"),
        "metadata", "{\"experiment\":\"a\"}"));

    assertThat(batch.errors()).isEmpty();
    Row s = Otlp.span(batch, CHILD);
    assertThat(s.string(Schema.TYPE)).isEqualTo("generation");
    assertThat(json(s, Schema.INPUT)).isEqualTo(parse("[{\"role\":\"system\",\"content\":\"Be brief.\"},"
        + "{\"role\":\"user\",\"contents\":[{\"type\":\"text\",\"text\":\"Hi\"}]}]"));
    assertThat(json(s, Schema.OUTPUT)).isEqualTo(parse("[{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"call_1\","
        + "\"function\":{\"name\":\"weather\",\"arguments\":\"{\\\"city\\\":\\\"Oslo\\\"}\"}}]}]"));
    assertThat(s.string(Schema.MODEL)).isEqualTo("gpt-4o-2024-08-06");
    assertThat(s.string(Schema.PROVIDER)).isEqualTo("azure");
    assertThat(json(s, Schema.MODEL_PARAMETERS)).isEqualTo(parse("{\"temperature\":0.1,\"max_tokens\":64}"));
    assertThat(s.longValue(Schema.INPUT_TOKENS)).isEqualTo(30);
    assertThat(s.longValue(Schema.OUTPUT_TOKENS)).isEqualTo(7);
    assertThat(s.longValue(Schema.TOTAL_TOKENS)).isEqualTo(37);
    assertThat(s.longValue(Schema.CACHE_READ_TOKENS)).isEqualTo(10);
    assertThat(s.longValue(Schema.CACHE_WRITE_TOKENS)).isEqualTo(5);
    assertThat(s.longValue(Schema.REASONING_TOKENS)).isEqualTo(2);
    assertThat(s.doubleValue(Schema.COST)).isEqualTo(0.0021);
    assertThat(json(s, Schema.COST_DETAILS)).isEqualTo(parse("{\"prompt\":0.0015}"));
    assertThat(json(s, Schema.PROMPT)).isEqualTo(parse("{\"template\":\"Answer {question}\",\"version\":\"v3\"}"));
    assertThat(json(s, Schema.VARIABLES)).isEqualTo(parse("{\"question\":\"Hi\"}"));
    assertThat(s.list(Schema.TAGS)).containsExactly("beta", "eu");
    assertThat(json(s, Schema.METADATA).path("experiment").asText()).isEqualTo("a");
    assertThat(json(s, Schema.ATTRIBUTES)).as("the raw request and the hosting product's name")
        .isEqualTo(parse("{\"service.name\":\"support-bot\",\"llm.system\":\"openai\"}"));
  }

  @Test
  void retrieverSpanOutputsItsDocuments() {
    DecodedBatch batch = decode(span(ROOT, "retrieve",
        "openinference.span.kind", "RETRIEVER",
        "input.value", "parcel 4711",
        "retrieval.documents.0.document.id", "order-4711",
        "retrieval.documents.0.document.content", "ships tomorrow",
        "retrieval.documents.0.document.score", 0.92,
        "retrieval.documents.0.document.metadata", "{\"source\":\"orders\"}",
        "retrieval.documents.1.document.id", "faq-3",
        "session.id", "s-1",
        "user.id", "u-1"));

    Row s = Otlp.span(batch, ROOT);
    assertThat(s.string(Schema.TYPE)).isEqualTo("retrieval");
    assertThat(json(s, Schema.INPUT).asText()).as("text/plain by default").isEqualTo("parcel 4711");
    assertThat(json(s, Schema.OUTPUT)).isEqualTo(parse("[{\"id\":\"order-4711\",\"content\":\"ships tomorrow\","
        + "\"score\":0.92,\"metadata\":{\"source\":\"orders\"}},{\"id\":\"faq-3\"}]"));
    Row trace = Otlp.trace(batch);
    assertThat(trace.string(Schema.SESSION_ID)).isEqualTo("s-1");
    assertThat(trace.string(Schema.USER_ID)).isEqualTo("u-1");
  }

  @Test
  void spanKindsMapToSpanTypes() {
    Map<String, String> expected = Map.of("EMBEDDING", "embedding", "RERANKER", "reranker", "TOOL", "tool",
        "AGENT", "agent", "CHAIN", "chain", "GUARDRAIL", "guardrail", "EVALUATOR", "evaluator");
    expected.forEach((kind, type) -> assertThat(
        Otlp.span(decode(span(ROOT, "x", "openinference.span.kind", kind)), ROOT).string(Schema.TYPE))
        .as(kind).isEqualTo(type));
  }

  @Test
  void jsonInputIsParsedOnlyWhenItsMimeTypeSaysSo() {
    Row json = Otlp.span(decode(span(ROOT, "chain", "input.value", "{\"q\":1}",
        "input.mime_type", "application/json", "output.value", "{\"a\":2}")), ROOT);
    assertThat(json(json, Schema.INPUT)).isEqualTo(parse("{\"q\":1}"));
    assertThat(json(json, Schema.OUTPUT).asText()).isEqualTo("{\"a\":2}");
  }
}
