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
import org.junit.jupiter.api.Test;

/**
 * OpenLLMetry (Traceloop SDK): a {@code @workflow} span with association properties, and an
 * OpenAI chat span of its instrumentation, with the attribute names its semantic-conventions
 * package defines ({@code opentelemetry-semantic-conventions-ai}).
 */
class TraceloopConventionTest {

  @Test
  void workflowSpanNamesTheTraceAndCarriesEntityInputOutputAndAssociations() {
    DecodedBatch batch = decode(span(ROOT, "joke_creation.workflow",
        "traceloop.span.kind", "workflow",
        "traceloop.workflow.name", "joke_creation",
        "traceloop.entity.name", "joke_creation",
        "traceloop.entity.path", "",
        "traceloop.entity.input", "{\"args\":[\"cats\"],\"kwargs\":{}}",
        "traceloop.entity.output", "\"Why did the cat sit on the computer?\"",
        "traceloop.association.properties.user_id", "u-42",
        "traceloop.association.properties.session_id", "chat-9",
        "traceloop.association.properties.tenant", "acme"));

    assertThat(batch.errors()).isEmpty();
    Row s = Otlp.span(batch, ROOT);
    assertThat(s.string(Schema.TYPE)).isEqualTo("chain");
    assertThat(s.string(Schema.NAME)).isEqualTo("joke_creation");
    assertThat(json(s, Schema.INPUT)).isEqualTo(parse("{\"args\":[\"cats\"],\"kwargs\":{}}"));
    assertThat(json(s, Schema.OUTPUT).asText()).isEqualTo("Why did the cat sit on the computer?");
    Row t = Otlp.trace(batch);
    assertThat(t.string(Schema.NAME)).isEqualTo("joke_creation");
    assertThat(t.string(Schema.USER_ID)).isEqualTo("u-42");
    assertThat(t.string(Schema.SESSION_ID)).isEqualTo("chat-9");
    assertThat(json(t, Schema.METADATA)).isEqualTo(parse("{\"tenant\":\"acme\"}"));
  }

  @Test
  void taskAndToolSpansAreTyped() {
    assertThat(Otlp.span(decode(child(CHILD, "tell_joke.task", "traceloop.span.kind", "task",
        "traceloop.entity.name", "tell_joke")), CHILD).string(Schema.TYPE)).isEqualTo("function");
    assertThat(Otlp.span(decode(child(CHILD, "search.tool", "traceloop.span.kind", "tool")), CHILD)
        .string(Schema.TYPE)).isEqualTo("tool");
  }

  @Test
  void chatSpanIsAGenerationWithItsLlmAttributes() {
    DecodedBatch batch = decode(child(CHILD, "openai.chat",
        "llm.request.type", "chat",
        "gen_ai.system", "openai",
        "gen_ai.request.model", "gpt-4o-mini",
        "gen_ai.request.temperature", 0.7,
        "llm.is_streaming", false,
        "llm.frequency_penalty", "0.5",
        "llm.user", "u-42",
        "gen_ai.prompt.0.role", "user",
        "gen_ai.prompt.0.content", "Tell me a joke about cats",
        "gen_ai.completion.0.role", "assistant",
        "gen_ai.completion.0.content", "Why did the cat sit on the computer?",
        "gen_ai.completion.0.finish_reason", "stop",
        "gen_ai.response.model", "gpt-4o-mini-2024-07-18",
        "gen_ai.usage.prompt_tokens", 12,
        "gen_ai.usage.completion_tokens", 9,
        "llm.usage.total_tokens", 21,
        "traceloop.prompt.key", "joke-prompt",
        "traceloop.prompt.version", 3,
        "traceloop.prompt.template_variables.topic", "cats",
        "traceloop.workflow.name", "joke_creation"));

    assertThat(batch.errors()).isEmpty();
    Row s = Otlp.span(batch, CHILD);
    assertThat(s.string(Schema.TYPE)).isEqualTo("generation");
    assertThat(s.string(Schema.PROVIDER)).isEqualTo("openai");
    assertThat(s.string(Schema.MODEL)).isEqualTo("gpt-4o-mini-2024-07-18");
    assertThat(s.longValue(Schema.INPUT_TOKENS)).isEqualTo(12);
    assertThat(s.longValue(Schema.OUTPUT_TOKENS)).isEqualTo(9);
    assertThat(s.longValue(Schema.TOTAL_TOKENS)).isEqualTo(21);
    assertThat(json(s, Schema.INPUT)).isEqualTo(parse("[{\"role\":\"user\",\"content\":\"Tell me a joke about cats\"}]"));
    assertThat(json(s, Schema.OUTPUT).at("/0/finish_reason").asText()).isEqualTo("stop");
    assertThat(json(s, Schema.MODEL_PARAMETERS)).isEqualTo(parse(
        "{\"frequency_penalty\":0.5,\"stream\":false,\"temperature\":0.7,\"model\":\"gpt-4o-mini\"}"));
    assertThat(json(s, Schema.PROMPT)).isEqualTo(parse("{\"slug\":\"joke-prompt\",\"version\":3}"));
    assertThat(json(s, Schema.VARIABLES)).isEqualTo(parse("{\"topic\":\"cats\"}"));
    assertThat(Otlp.trace(batch).string(Schema.USER_ID)).isEqualTo("u-42");
    assertThat(json(s, Schema.ATTRIBUTES).path("traceloop.workflow.name").asText())
        .as("a child span does not name the trace").isEqualTo("joke_creation");
  }
}
