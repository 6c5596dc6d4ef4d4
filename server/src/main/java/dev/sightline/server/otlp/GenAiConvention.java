package dev.sightline.server.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.sightline.core.model.Column;
import dev.sightline.core.model.Schema;
import java.util.Map;
import java.util.Objects;

/**
 * The OpenTelemetry GenAI semantic conventions' span attributes ({@code gen_ai.*}), current and
 * deprecated: operation, provider, model, request parameters, usage, messages (as JSON or as the
 * older indexed {@code gen_ai.prompt.N.*} / {@code gen_ai.completion.N.*} attributes), tool call
 * arguments and result, retrieval query and documents, prompt name. Agent and tool descriptions
 * ({@code gen_ai.agent.*}, {@code gen_ai.tool.name} ...) stay attributes. Content carried by span
 * events is {@link GenAiEvents}'.
 */
final class GenAiConvention {
  private static final Map<String, String> OPERATIONS = Map.of("chat", "generation",
      "text_completion", "generation", "generate_content", "generation", "embeddings", "embedding",
      "execute_tool", "tool", "invoke_agent", "agent", "create_agent", "agent", "retrieval", "retrieval");

  static void apply(MappedSpan s) {
    SpanAttributes a = s.attributes;
    if (!a.hasPrefix("gen_ai.")) {
      return; // the rest maps nothing then
    }
    Fields f = s.fields;
    s.type("gen_ai.operation.name", OPERATIONS);
    s.string(f, Schema.PROVIDER, "gen_ai.provider.name", "gen_ai.system");
    model(s);
    f.merge(Schema.MODEL_PARAMETERS, "value", a.takePrefixed("gen_ai.request"));
    s.count(Schema.INPUT_TOKENS, "gen_ai.usage.input_tokens", "gen_ai.usage.prompt_tokens");
    s.count(Schema.OUTPUT_TOKENS, "gen_ai.usage.output_tokens", "gen_ai.usage.completion_tokens");
    s.count(Schema.CACHE_READ_TOKENS, "gen_ai.usage.cache_read.input_tokens",
        "gen_ai.usage.cache_read_input_tokens");
    s.count(Schema.CACHE_WRITE_TOKENS, "gen_ai.usage.cache_creation.input_tokens",
        "gen_ai.usage.cache_creation_input_tokens");
    if (!f.has(Schema.INPUT)) {
      JsonNode systemInstructions = a.takeDocument("gen_ai.system_instructions");
      Object messages = a.takeDocumentValue("gen_ai.input.messages");
      f.offer(Schema.INPUT, systemInstructions == null ? messages
          : messages(systemInstructions, messages == null ? null : RawJson.tree(messages)));
    }
    s.document(f, Schema.OUTPUT, "gen_ai.output.messages");
    legacy(s, Schema.INPUT, "gen_ai.prompt");
    legacy(s, Schema.OUTPUT, "gen_ai.completion");
    s.document(f, Schema.INPUT, "gen_ai.tool.call.arguments");
    s.document(f, Schema.OUTPUT, "gen_ai.tool.call.result");
    s.string(f, Schema.INPUT, "gen_ai.retrieval.query.text");
    s.document(f, Schema.OUTPUT, "gen_ai.retrieval.documents");
    if (!f.has(Schema.PROMPT) && a.has("gen_ai.prompt.name")) {
      f.object(Schema.PROMPT).put("slug", a.takeString("gen_ai.prompt.name"));
    }
  }

  /**
   * The input messages, with separately given system instructions (a list of parts) first as a
   * system message, so the input reads as the conversation the model saw; null if neither is set.
   */
  static JsonNode messages(JsonNode systemInstructions, JsonNode messages) {
    if (systemInstructions == null) {
      return messages;
    }
    ArrayNode out = AnyValues.NODES.arrayNode();
    out.addObject().put("role", "system").set("parts", systemInstructions);
    if (messages != null && messages.isArray()) {
      out.addAll((ArrayNode) messages);
    } else if (messages != null) {
      out.add(messages);
    }
    return out;
  }

  /** The model that answered ({@code gen_ai.response.model}), else the one asked for. */
  private static void model(MappedSpan s) {
    String response = s.attributes.peek("gen_ai.response.model");
    String request = s.attributes.peek("gen_ai.request.model");
    if (s.fields.has(Schema.MODEL) || response == null && request == null) {
      return;
    }
    s.fields.offer(Schema.MODEL, s.attributes.takeString("gen_ai.response.model", "gen_ai.request.model"));
    if (Objects.equals(response, request)) {
      s.attributes.take("gen_ai.request.model");
    }
  }

  /**
   * The deprecated forms: the whole conversation as one JSON string ({@code gen_ai.prompt}), or
   * flattened ({@code gen_ai.prompt.0.role}, {@code gen_ai.prompt.0.content}, ...).
   */
  private static void legacy(MappedSpan s, Column c, String key) {
    if (s.fields.has(c)) {
      return;
    }
    ArrayNode indexed = s.attributes.takeIndexed(key);
    s.fields.offer(c, indexed != null ? indexed : s.attributes.takeDocumentValue(key));
  }

  private GenAiConvention() {}
}
