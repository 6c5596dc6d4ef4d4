package dev.sightline.server.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
    boolean agent = "invoke_agent".equals(a.peek("gen_ai.operation.name"));
    if (agent && s.root) {
      s.trace.offer(Schema.NAME, a.peek("gen_ai.agent.name")); // the agent, not "invoke_agent <model>"
    }
    s.type("gen_ai.operation.name", OPERATIONS);
    s.string(f, Schema.PROVIDER, "gen_ai.provider.name", "gen_ai.system");
    if (!agent) {
      // An agent's model and usage are its model calls', which carry their own: as fields they
      // would count twice in the trace's totals (and be inferred again), so they stay attributes.
      model(s);
      f.merge(Schema.MODEL_PARAMETERS, "value", ModelParameters.numbers(a.takePrefixed("gen_ai.request")));
      usage(s);
    }
    cost(s);
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

  private static void usage(MappedSpan s) {
    s.count(Schema.INPUT_TOKENS, "gen_ai.usage.input_tokens", "gen_ai.usage.prompt_tokens");
    s.count(Schema.OUTPUT_TOKENS, "gen_ai.usage.output_tokens", "gen_ai.usage.completion_tokens");
    s.count(Schema.CACHE_READ_TOKENS, "gen_ai.usage.cache_read.input_tokens",
        "gen_ai.usage.cache_read_input_tokens");
    s.count(Schema.CACHE_WRITE_TOKENS, "gen_ai.usage.cache_creation.input_tokens",
        "gen_ai.usage.cache_creation_input_tokens");
  }

  /**
   * Cost where an instrumentation sends it (the GenAI conventions define none): OpenLIT's
   * {@code gen_ai.usage.cost}, Pydantic Logfire's {@code operation.cost}, and any-agent's
   * {@code gen_ai.usage.input_cost} and {@code gen_ai.usage.output_cost} as its parts.
   */
  private static void cost(MappedSpan s) {
    if (s.fields.has(Schema.COST)) {
      return;
    }
    Double total = s.attributes.takeNumber("gen_ai.usage.cost", "operation.cost");
    Double input = s.attributes.takeNumber("gen_ai.usage.input_cost");
    Double output = s.attributes.takeNumber("gen_ai.usage.output_cost");
    if (input != null || output != null) {
      ObjectNode parts = AnyValues.NODES.objectNode();
      if (input != null) {
        parts.put("input", input);
      }
      if (output != null) {
        parts.put("output", output);
      }
      s.fields.offer(Schema.COST_DETAILS, parts);
      total = total != null ? total : (input == null ? 0 : input) + (output == null ? 0 : output);
    }
    s.fields.offer(Schema.COST, total);
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
