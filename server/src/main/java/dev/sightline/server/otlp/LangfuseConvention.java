package dev.sightline.server.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sightline.core.codec.FieldRules;
import dev.sightline.core.model.Column;
import dev.sightline.core.model.Schema;
import java.util.Map;

/**
 * Langfuse's OpenTelemetry attributes: {@code langfuse.observation.*} on the span,
 * {@code langfuse.trace.*}, {@code langfuse.user.id}, {@code langfuse.session.id},
 * {@code langfuse.environment} and {@code langfuse.release} on its trace. They are set on purpose
 * by the application, so they are mapped first and win over every other convention.
 */
final class LangfuseConvention {
  private static final String OBSERVATION = "langfuse.observation.";
  private static final String TRACE = "langfuse.trace.";
  private static final Map<String, String> TYPES = Map.of("span", "span", "generation", "generation",
      "event", "event", "agent", "agent", "tool", "tool", "chain", "chain", "retriever", "retrieval",
      "evaluator", "evaluator", "embedding", "embedding", "guardrail", "guardrail");
  /** Keys of {@code usage_details} by the count they carry; others stay in metadata. */
  private static final Map<String, Column> USAGE = Map.ofEntries(
      Map.entry("input", Schema.INPUT_TOKENS), Map.entry("input_tokens", Schema.INPUT_TOKENS),
      Map.entry("prompt_tokens", Schema.INPUT_TOKENS), Map.entry("output", Schema.OUTPUT_TOKENS),
      Map.entry("output_tokens", Schema.OUTPUT_TOKENS), Map.entry("completion_tokens", Schema.OUTPUT_TOKENS),
      Map.entry("total", Schema.TOTAL_TOKENS), Map.entry("total_tokens", Schema.TOTAL_TOKENS),
      Map.entry("cache_read_input_tokens", Schema.CACHE_READ_TOKENS),
      Map.entry("input_cached_tokens", Schema.CACHE_READ_TOKENS),
      Map.entry("input_cache_read", Schema.CACHE_READ_TOKENS),
      Map.entry("cache_creation_input_tokens", Schema.CACHE_WRITE_TOKENS),
      Map.entry("input_cache_creation", Schema.CACHE_WRITE_TOKENS),
      Map.entry("output_reasoning_tokens", Schema.REASONING_TOKENS),
      Map.entry("output_reasoning", Schema.REASONING_TOKENS),
      Map.entry("reasoning_tokens", Schema.REASONING_TOKENS));

  static void apply(MappedSpan s) {
    SpanAttributes a = s.attributes;
    if (!a.hasPrefix("langfuse.")) {
      return; // the rest maps nothing then
    }
    Fields f = s.fields;
    s.type(OBSERVATION + "type", TYPES);
    contentAndMetadata(s, f, OBSERVATION);
    String level = a.takeString(OBSERVATION + "level");
    if (level != null) {
      f.object(Schema.METADATA).put("level", level);
      if (level.equalsIgnoreCase("error")) {
        f.offer(Schema.STATUS, Schema.FAILURE);
      }
    }
    s.string(f, Schema.STATUS_MESSAGE, OBSERVATION + "status_message");
    String completionStart = a.takeString(OBSERVATION + "completion_start_time");
    if (completionStart != null) {
      f.offer(Schema.COMPLETION_START_TIME, time(OBSERVATION + "completion_start_time", completionStart));
    }
    s.string(f, Schema.MODEL, OBSERVATION + "model.name");
    f.merge(Schema.MODEL_PARAMETERS, "value", a.takeDocument(OBSERVATION + "model.parameters"));
    usage(f, a.takeDocument(OBSERVATION + "usage_details"));
    cost(f, a.takeDocument(OBSERVATION + "cost_details"));
    String prompt = a.takeString(OBSERVATION + "prompt.name");
    if (prompt != null) {
      ObjectNode p = f.object(Schema.PROMPT).put("slug", prompt);
      JsonNode version = a.takeJson(OBSERVATION + "prompt.version");
      if (version != null) {
        p.set("version", AnyValues.structured(version));
      }
    }

    Fields t = s.trace;
    s.string(t, Schema.NAME, TRACE + "name");
    contentAndMetadata(s, t, TRACE);
    JsonNode isPublic = a.takeJson(TRACE + "public");
    if (isPublic != null) {
      t.object(Schema.METADATA).set("public", isPublic);
    }
    JsonNode tags = a.takeJson(TRACE + "tags");
    if (tags != null) {
      t.offer(Schema.TAGS, AnyValues.strings(tags));
    }
    s.string(t, Schema.USER_ID, "langfuse.user.id");
    s.string(t, Schema.SESSION_ID, "langfuse.session.id");
    s.string(t, Schema.ENVIRONMENT, "langfuse.environment");
    s.string(t, Schema.RELEASE, "langfuse.release");
  }

  /**
   * {@code <prefix>input}, {@code <prefix>output} and {@code <prefix>metadata}, which Langfuse
   * sends as one JSON object or flattened ({@code <prefix>metadata.KEY}), for a span or a trace.
   */
  private static void contentAndMetadata(MappedSpan s, Fields target, String prefix) {
    s.document(target, Schema.INPUT, prefix + "input");
    s.document(target, Schema.OUTPUT, prefix + "output");
    target.merge(Schema.METADATA, "metadata", s.attributes.takeDocument(prefix + "metadata"));
    target.merge(Schema.METADATA, "metadata", s.attributes.takePrefixed(prefix + "metadata"));
  }

  private static void usage(Fields f, JsonNode usage) {
    if (usage == null || !usage.isObject()) {
      f.merge(Schema.METADATA, "usageDetails", usage);
      return;
    }
    ObjectNode rest = AnyValues.NODES.objectNode();
    for (Map.Entry<String, JsonNode> e : usage.properties()) {
      Column c = USAGE.get(e.getKey());
      if (c == null || f.has(c)) {
        rest.set(e.getKey(), e.getValue());
      } else {
        f.offer(c, SpanAttributes.count(OBSERVATION + "usage_details." + e.getKey(), e.getValue()));
      }
    }
    if (!rest.isEmpty()) {
      f.object(Schema.METADATA).putIfAbsent("usageDetails", rest);
    }
  }

  /** Cost details as sent; the cost is their {@code total}, else the sum of their numbers. */
  private static void cost(Fields f, JsonNode details) {
    if (details == null || !f.offer(Schema.COST_DETAILS, details) || !details.isObject()) {
      return;
    }
    JsonNode total = details.get("total");
    if (total != null) {
      f.offer(Schema.COST, SpanAttributes.number(OBSERVATION + "cost_details.total", total));
      return;
    }
    double sum = 0;
    for (Map.Entry<String, JsonNode> e : details.properties()) {
      sum += SpanAttributes.number(OBSERVATION + "cost_details." + e.getKey(), e.getValue());
    }
    f.offer(Schema.COST, sum);
  }

  private static long time(String key, String text) {
    String iso = AnyValues.parse(text).asText(text);
    try {
      return FieldRules.isoTime(iso);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(key + ": " + e.getMessage());
    }
  }

  private LangfuseConvention() {}
}
