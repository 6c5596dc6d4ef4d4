package dev.sightline.server.query;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sightline.core.model.Row;
import dev.sightline.core.model.Schema;
import dev.sightline.core.storage.TraceData;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;

/**
 * The {@code otlp-json} format: one OTLP {@code ExportTraceServiceRequest} (protobuf JSON) per
 * trace, which {@code /v1/traces} takes back. Fields become the attributes Sightline's OTLP mapping
 * reads: the OpenTelemetry GenAI ones for a model call (operation, provider, model, token counts,
 * input and output messages), Langfuse's where GenAI has none (span kinds it lacks, cost, model
 * parameters, metadata, completion start, the trace's name, input, output, metadata and tags), and
 * the resource's {@code service.name}, {@code service.version} and
 * {@code deployment.environment.name} for the trace's feature, release and environment. Scores
 * have no OTLP form and are left out; a trace without spans has nothing to carry it and is skipped.
 */
final class OtlpLines extends ExportLines {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Span types as {@code gen_ai.operation.name} gives them; the others as Langfuse's type. */
  private static final Map<String, String> OPERATIONS = Map.of("generation", "chat", "embedding", "embeddings",
      "tool", "execute_tool", "agent", "invoke_agent", "retrieval", "retrieval");
  private static final Map<String, String> LANGFUSE_TYPES = Map.of("span", "span", "event", "event",
      "chain", "chain", "evaluator", "evaluator", "guardrail", "guardrail");
  private static final String OBSERVATION = "langfuse.observation.";

  @Override
  void write(JsonGenerator g, TraceData trace) throws IOException {
    if (trace.spans().isEmpty()) {
      skip();
      return;
    }
    Row t = trace.trace();
    g.writeStartObject();
    g.writeArrayFieldStart("resourceSpans");
    g.writeStartObject();
    g.writeObjectFieldStart("resource");
    g.writeArrayFieldStart("attributes");
    string(g, "service.name", t.string(Schema.FEATURE));
    string(g, "service.version", t.string(Schema.RELEASE));
    string(g, "deployment.environment.name", t.string(Schema.ENVIRONMENT));
    g.writeEndArray();
    g.writeEndObject();
    g.writeArrayFieldStart("scopeSpans");
    g.writeStartObject();
    g.writeArrayFieldStart("spans");
    boolean traceWritten = false;
    for (Row span : trace.spans()) {
      boolean root = !traceWritten && span.string(Schema.PARENT_SPAN_ID) == null;
      span(g, span, root ? t : null);
      traceWritten |= root;
    }
    g.writeEndArray();
    g.writeEndObject();
    g.writeEndArray();
    g.writeEndObject();
    g.writeEndArray();
    g.writeEndObject();
    endLine(g);
  }

  /** One span; the trace's own fields go on its first root span ({@code trace} not null). */
  private static void span(JsonGenerator g, Row s, Row trace) throws IOException {
    g.writeStartObject();
    g.writeStringField("traceId", s.string(Schema.TRACE_ID));
    g.writeStringField("spanId", s.string(Schema.SPAN_ID));
    if (s.string(Schema.PARENT_SPAN_ID) != null) {
      g.writeStringField("parentSpanId", s.string(Schema.PARENT_SPAN_ID));
    }
    g.writeStringField("name", s.string(Schema.NAME) == null ? "" : s.string(Schema.NAME));
    nanos(g, "startTimeUnixNano", s.longValue(Schema.START_TIME));
    nanos(g, "endTimeUnixNano", s.longValue(Schema.END_TIME));
    g.writeArrayFieldStart("attributes");
    String type = s.string(Schema.TYPE);
    string(g, "gen_ai.operation.name", OPERATIONS.get(type));
    string(g, OBSERVATION + "type", LANGFUSE_TYPES.get(type));
    string(g, "gen_ai.provider.name", s.string(Schema.PROVIDER));
    string(g, "gen_ai.response.model", s.string(Schema.MODEL));
    count(g, "gen_ai.usage.input_tokens", s.longValue(Schema.INPUT_TOKENS));
    count(g, "gen_ai.usage.output_tokens", s.longValue(Schema.OUTPUT_TOKENS));
    count(g, "gen_ai.usage.cache_read.input_tokens", s.longValue(Schema.CACHE_READ_TOKENS));
    count(g, "gen_ai.usage.cache_creation.input_tokens", s.longValue(Schema.CACHE_WRITE_TOKENS));
    usageRest(g, s);
    cost(g, s);
    boolean messages = "generation".equals(type);
    string(g, messages ? "gen_ai.input.messages" : OBSERVATION + "input", s.string(Schema.INPUT));
    string(g, messages ? "gen_ai.output.messages" : OBSERVATION + "output", s.string(Schema.OUTPUT));
    string(g, OBSERVATION + "model.parameters", s.string(Schema.MODEL_PARAMETERS));
    string(g, OBSERVATION + "metadata", s.string(Schema.METADATA));
    Long completionStart = s.longValue(Schema.COMPLETION_START_TIME);
    if (completionStart != null) {
      string(g, OBSERVATION + "completion_start_time", Instant.EPOCH.plusNanos(completionStart * 1000).toString());
    }
    if (trace != null) {
      traceAttributes(g, trace);
    }
    attributes(g, s.string(Schema.ATTRIBUTES));
    g.writeEndArray();
    String status = s.string(Schema.STATUS);
    String message = s.string(Schema.STATUS_MESSAGE);
    if (Schema.FAILURE.equals(status) || message != null) {
      g.writeObjectFieldStart("status");
      g.writeNumberField("code", Schema.FAILURE.equals(status) ? 2 : 0);
      if (message != null) {
        g.writeStringField("message", message);
      }
      g.writeEndObject();
    }
    g.writeEndObject();
  }

  private static void traceAttributes(JsonGenerator g, Row t) throws IOException {
    string(g, "langfuse.trace.name", t.string(Schema.NAME));
    string(g, "langfuse.trace.input", t.string(Schema.INPUT));
    string(g, "langfuse.trace.output", t.string(Schema.OUTPUT));
    string(g, "langfuse.trace.metadata", t.string(Schema.METADATA));
    if (t.get(Schema.TAGS) != null) {
      string(g, "langfuse.trace.tags", JSON.writeValueAsString(t.get(Schema.TAGS)));
    }
    string(g, "user.id", t.string(Schema.USER_ID));
    string(g, "session.id", t.string(Schema.SESSION_ID));
    string(g, "gen_ai.conversation.id", t.string(Schema.CONVERSATION_ID));
  }

  /** Total and reasoning tokens, which GenAI does not name, as Langfuse's usage details. */
  private static void usageRest(JsonGenerator g, Row s) throws IOException {
    Long total = s.longValue(Schema.TOTAL_TOKENS);
    Long reasoning = s.longValue(Schema.REASONING_TOKENS);
    if (total == null && reasoning == null) {
      return;
    }
    ObjectNode usage = JSON.createObjectNode();
    if (total != null) {
      usage.put("total", total);
    }
    if (reasoning != null) {
      usage.put("reasoning_tokens", reasoning);
    }
    string(g, OBSERVATION + "usage_details", usage.toString());
  }

  /**
   * The cost as Langfuse's cost details, which the mapping reads as the cost (their total, else
   * their sum): the details as stored, with the cost added as their total if they do not add up
   * to it.
   */
  private static void cost(JsonGenerator g, Row s) throws IOException {
    Double cost = s.doubleValue(Schema.COST);
    String stored = s.string(Schema.COST_DETAILS);
    if (cost == null) {
      return;
    }
    JsonNode parsed = stored == null ? null : JSON.readTree(stored);
    ObjectNode details = parsed != null && parsed.isObject() ? (ObjectNode) parsed : JSON.createObjectNode();
    if (!cost.equals(costOf(details))) {
      details.put("total", cost);
    }
    string(g, OBSERVATION + "cost_details", details.toString());
  }

  private static Double costOf(ObjectNode details) {
    if (details.has("total")) {
      return details.get("total").isNumber() ? details.get("total").doubleValue() : null;
    }
    double sum = 0;
    for (JsonNode v : details) {
      if (!v.isNumber()) {
        return null;
      }
      sum += v.doubleValue();
    }
    return details.isEmpty() ? null : sum;
  }

  /** The span's flat attributes (string, number or boolean values) as OTLP attributes. */
  private static void attributes(JsonGenerator g, String json) throws IOException {
    if (json == null) {
      return;
    }
    for (Map.Entry<String, JsonNode> e : JSON.readTree(json).properties()) {
      JsonNode v = e.getValue();
      g.writeStartObject();
      g.writeStringField("key", e.getKey());
      g.writeObjectFieldStart("value");
      if (v.isBoolean()) {
        g.writeBooleanField("boolValue", v.booleanValue());
      } else if (v.isIntegralNumber()) {
        g.writeStringField("intValue", v.asText());
      } else if (v.isNumber()) {
        g.writeNumberField("doubleValue", v.doubleValue());
      } else {
        g.writeStringField("stringValue", v.isTextual() ? v.textValue() : v.toString());
      }
      g.writeEndObject();
      g.writeEndObject();
    }
  }

  private static void string(JsonGenerator g, String key, String value) throws IOException {
    attribute(g, key, "stringValue", value);
  }

  /** A count as OTLP JSON writes a 64-bit integer: its digits as a string. */
  private static void count(JsonGenerator g, String key, Long value) throws IOException {
    attribute(g, key, "intValue", value == null ? null : Long.toString(value));
  }

  private static void attribute(JsonGenerator g, String key, String kind, String value) throws IOException {
    if (value == null) {
      return;
    }
    g.writeStartObject();
    g.writeStringField("key", key);
    g.writeObjectFieldStart("value");
    g.writeStringField(kind, value);
    g.writeEndObject();
    g.writeEndObject();
  }

  private static void nanos(JsonGenerator g, String field, Long micros) throws IOException {
    if (micros != null) {
      g.writeStringField(field, Long.toString(micros * 1000));
    }
  }
}
