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
import org.junit.jupiter.api.Test;

/** Langfuse's OpenTelemetry attributes, which win over the other conventions. */
class LangfuseConventionTest {

  @Test
  void observationAttributesMapOntoTheSpan() {
    DecodedBatch batch = decode(child(CHILD, "llm-call",
        "langfuse.observation.type", "generation",
        "langfuse.observation.input", "[{\"role\":\"user\",\"content\":\"Hi\"}]",
        "langfuse.observation.output", "Hello",
        "langfuse.observation.metadata", "{\"a\":1}",
        "langfuse.observation.metadata.b", "two",
        "langfuse.observation.level", "WARNING",
        "langfuse.observation.status_message", "slow answer",
        "langfuse.observation.completion_start_time", "\"2026-11-22T10:00:00.250Z\"",
        "langfuse.observation.model.name", "gpt-4o-mini",
        "langfuse.observation.model.parameters", "{\"temperature\":0}",
        "langfuse.observation.usage_details", "{\"input\":11,\"output\":4,\"total\":15,\"input_audio\":2}",
        "langfuse.observation.cost_details", "{\"input\":0.001,\"output\":0.002}",
        "langfuse.observation.prompt.name", "support-answer",
        "langfuse.observation.prompt.version", 3,
        "gen_ai.request.model", "gpt-4o",
        "gen_ai.usage.input_tokens", 99));

    assertThat(batch.errors()).isEmpty();
    Row s = Otlp.span(batch, CHILD);
    assertThat(s.string(Schema.TYPE)).isEqualTo("generation");
    assertThat(json(s, Schema.INPUT)).isEqualTo(parse("[{\"role\":\"user\",\"content\":\"Hi\"}]"));
    assertThat(json(s, Schema.OUTPUT).asText()).isEqualTo("Hello");
    assertThat(json(s, Schema.METADATA).path("a").asInt()).isEqualTo(1);
    assertThat(json(s, Schema.METADATA).path("b").asText()).isEqualTo("two");
    assertThat(json(s, Schema.METADATA).path("level").asText()).isEqualTo("WARNING");
    assertThat(json(s, Schema.METADATA).path("usageDetails")).isEqualTo(parse("{\"input_audio\":2}"));
    assertThat(s.string(Schema.STATUS)).isEqualTo("success");
    assertThat(s.string(Schema.STATUS_MESSAGE)).isEqualTo("slow answer");
    assertThat(s.longValue(Schema.COMPLETION_START_TIME)).isEqualTo(1_795_341_600_250_000L);
    assertThat(s.string(Schema.MODEL)).as("Langfuse wins over gen_ai.*").isEqualTo("gpt-4o-mini");
    assertThat(json(s, Schema.MODEL_PARAMETERS)).isEqualTo(parse("{\"temperature\":0,\"model\":\"gpt-4o\"}"));
    assertThat(s.longValue(Schema.INPUT_TOKENS)).isEqualTo(11);
    assertThat(s.longValue(Schema.OUTPUT_TOKENS)).isEqualTo(4);
    assertThat(s.longValue(Schema.TOTAL_TOKENS)).isEqualTo(15);
    assertThat(s.doubleValue(Schema.COST)).isEqualTo(0.003);
    assertThat(json(s, Schema.COST_DETAILS)).isEqualTo(parse("{\"input\":0.001,\"output\":0.002}"));
    assertThat(json(s, Schema.PROMPT)).isEqualTo(parse("{\"slug\":\"support-answer\",\"version\":3}"));
    assertThat(json(s, Schema.ATTRIBUTES).path("gen_ai.usage.input_tokens").asInt())
        .as("overridden, so kept as it was sent").isEqualTo(99);
  }

  @Test
  void traceAttributesMapOntoTheTraceRow() {
    DecodedBatch batch = decode(Otlp.request(List.of("service.name", "shop", "service.version", "1.2.0",
            "deployment.environment.name", "staging"),
        span(ROOT, "handle-request",
            "langfuse.trace.name", "checkout",
            "langfuse.trace.input", "{\"cart\":3}",
            "langfuse.trace.output", "ok",
            "langfuse.trace.metadata.channel", "web",
            "langfuse.trace.tags", List.of("vip", "eu"),
            "langfuse.trace.public", true,
            "langfuse.user.id", "u-9",
            "langfuse.session.id", "s-9",
            "langfuse.environment", "production",
            "langfuse.release", "2026.11",
            "langfuse.observation.level", "ERROR")));

    Row t = Otlp.trace(batch);
    assertThat(t.string(Schema.NAME)).isEqualTo("checkout");
    assertThat(t.string(Schema.FEATURE)).isEqualTo("shop");
    assertThat(json(t, Schema.INPUT)).isEqualTo(parse("{\"cart\":3}"));
    assertThat(json(t, Schema.OUTPUT).asText()).isEqualTo("ok");
    assertThat(json(t, Schema.METADATA)).isEqualTo(parse("{\"channel\":\"web\",\"public\":true}"));
    assertThat(t.list(Schema.TAGS)).containsExactly("vip", "eu");
    assertThat(t.string(Schema.USER_ID)).isEqualTo("u-9");
    assertThat(t.string(Schema.SESSION_ID)).isEqualTo("s-9");
    assertThat(t.string(Schema.ENVIRONMENT)).as("Langfuse wins over the resource").isEqualTo("production");
    assertThat(t.string(Schema.RELEASE)).isEqualTo("2026.11");
    assertThat(t.string(Schema.STATUS)).as("the root's status").isEqualTo("failure");
    assertThat(Otlp.span(batch, ROOT).string(Schema.STATUS)).isEqualTo("failure");
  }
}
