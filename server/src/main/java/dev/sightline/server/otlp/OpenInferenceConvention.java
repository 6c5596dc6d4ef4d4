package dev.sightline.server.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sightline.core.model.Column;
import dev.sightline.core.model.Schema;
import io.opentelemetry.proto.common.v1.AnyValue;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * OpenInference's attributes (Arize Phoenix and its instrumentations): {@code openinference.span.kind},
 * {@code input.value}/{@code output.value}, {@code llm.*}, {@code retrieval.documents},
 * {@code reranker.*}, {@code embedding.*}, {@code tag.tags}, {@code metadata}.
 */
final class OpenInferenceConvention {
  private static final Map<String, String> KINDS = Map.of("llm", "generation", "embedding", "embedding",
      "retriever", "retrieval", "reranker", "reranker", "tool", "tool", "agent", "agent",
      "chain", "chain", "guardrail", "guardrail", "evaluator", "evaluator");
  /**
   * What the keys of every attribute mapped here start with: a span with none of them (most spans
   * not from OpenInference) skips the lookups of this convention.
   */
  private static final String[] PREFIXES = {"openinference.", "input.", "output.", "llm.", "reranker.",
      "retrieval.", "embedding.", "tag.", "metadata"};
  /**
   * The names OpenInference wraps each flattened list item in ({@code llm.input_messages.0.message.role}):
   * the lists read better without them ({@code [{"role": ...}]}).
   */
  private static final Set<String> ITEM_NAMESPACES =
      Set.of("message", "tool_call", "message_content", "document", "prompt", "completion", "tool");

  static void apply(MappedSpan s) {
    SpanAttributes a = s.attributes;
    if (!a.hasPrefix(PREFIXES)) {
      return; // the rest maps nothing then
    }
    Fields f = s.fields;
    s.type("openinference.span.kind", KINDS);
    content(s, Schema.INPUT, "input", "llm.input_messages", "llm.prompts", "reranker.input_documents");
    content(s, Schema.OUTPUT, "output", "llm.output_messages", "llm.choices", "retrieval.documents",
        "reranker.output_documents");
    s.string(f, Schema.MODEL, "llm.model_name", "llm.response.model_name", "llm.request.model_name",
        "embedding.model_name", "reranker.model_name");
    s.string(f, Schema.PROVIDER, "llm.provider", "llm.system");
    f.merge(Schema.MODEL_PARAMETERS, "value", a.takeDocument("llm.invocation_parameters"));
    f.merge(Schema.MODEL_PARAMETERS, "value", a.takeDocument("embedding.invocation_parameters"));
    s.count(Schema.INPUT_TOKENS, "llm.token_count.prompt");
    s.count(Schema.OUTPUT_TOKENS, "llm.token_count.completion");
    s.count(Schema.TOTAL_TOKENS, "llm.token_count.total");
    s.count(Schema.CACHE_READ_TOKENS, "llm.token_count.prompt_details.cache_read");
    s.count(Schema.CACHE_WRITE_TOKENS, "llm.token_count.prompt_details.cache_write");
    s.count(Schema.REASONING_TOKENS, "llm.token_count.completion_details.reasoning");
    cost(s);
    String template = a.takeString("llm.prompt_template.template");
    if (template != null && !f.has(Schema.PROMPT)) {
      ObjectNode prompt = f.object(Schema.PROMPT).put("template", template);
      String version = a.takeString("llm.prompt_template.version");
      if (version != null) {
        prompt.put("version", version);
      }
    }
    s.document(f, Schema.VARIABLES, "llm.prompt_template.variables");
    JsonNode tags = a.takeJson("tag.tags");
    if (tags != null) {
      f.offer(Schema.TAGS, AnyValues.strings(tags));
    }
    f.merge(Schema.METADATA, "metadata", a.takeDocument("metadata"));
  }

  /**
   * The span's input or output: its structured form (messages, prompts, documents) when present,
   * else {@code <prefix>.value}, parsed when {@code <prefix>.mime_type} is JSON. The structured form
   * makes {@code <prefix>.value} redundant (it is the same request or response serialised), so that
   * is then dropped rather than kept as a large attribute.
   */
  private static void content(MappedSpan s, Column c, String prefix, String... lists) {
    if (s.fields.has(c)) {
      return;
    }
    for (String list : lists) {
      ArrayNode items = s.attributes.takeIndexed(list);
      if (items != null) {
        s.fields.offer(c, unwrap(items));
        s.attributes.take(prefix + ".value");
        s.attributes.take(prefix + ".mime_type");
        return;
      }
    }
    AnyValue value = s.attributes.take(prefix + ".value");
    if (value != null) {
      String mime = s.attributes.takeString(prefix + ".mime_type");
      boolean json = mime != null && mime.toLowerCase(Locale.ROOT).contains("json");
      s.fields.offer(c, json ? AnyValues.documentValue(value) : AnyValues.json(value));
    }
  }

  /**
   * Drops the namespace OpenInference wraps list items in, at every level, and parses document
   * metadata, which OpenInference carries as JSON text.
   */
  private static JsonNode unwrap(JsonNode node) {
    if (node.isArray()) {
      ArrayNode out = AnyValues.NODES.arrayNode();
      for (JsonNode item : node) {
        if (item.isObject() && item.size() == 1) {
          Map.Entry<String, JsonNode> only = item.properties().iterator().next();
          item = ITEM_NAMESPACES.contains(only.getKey()) && only.getValue().isObject() ? only.getValue() : item;
        }
        out.add(unwrap(item));
      }
      return out;
    }
    if (node.isObject()) {
      ObjectNode out = AnyValues.NODES.objectNode();
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        JsonNode v = e.getKey().equals("metadata") ? AnyValues.structured(e.getValue()) : e.getValue();
        out.set(e.getKey(), unwrap(v));
      }
      return out;
    }
    return node;
  }

  /** {@code llm.cost.total} is the cost; every other {@code llm.cost.*} is a part of it. */
  private static void cost(MappedSpan s) {
    if (s.fields.has(Schema.COST)) {
      return;
    }
    Double total = s.attributes.takeNumber("llm.cost.total");
    ObjectNode parts = s.attributes.takePrefixed("llm.cost");
    if (parts != null) {
      s.fields.offer(Schema.COST_DETAILS, parts);
    }
    if (total == null && parts != null && (parts.has("prompt") || parts.has("completion"))) {
      total = part(parts, "prompt") + part(parts, "completion");
    }
    s.fields.offer(Schema.COST, total);
  }

  private static double part(ObjectNode parts, String name) {
    return parts.has(name) ? SpanAttributes.number("llm.cost." + name, parts.get(name)) : 0;
  }

  private OpenInferenceConvention() {}
}
