package dev.sightline.server.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sightline.core.model.Schema;
import java.util.Map;

/**
 * OpenLLMetry's (Traceloop's) own attributes beside the {@code gen_ai.*} ones it writes: the
 * entity spans its decorators make ({@code traceloop.span.kind}, {@code traceloop.entity.*},
 * {@code traceloop.workflow.name}), association properties (user, session, other trace metadata),
 * managed prompts ({@code traceloop.prompt.*}) and its {@code llm.*} request attributes (request
 * type, total tokens, streaming, penalties, {@code llm.user}). The rest of its model calls
 * ({@code gen_ai.prompt.N.*}, usage ...) is {@link GenAiConvention}'s.
 */
final class TraceloopConvention {
  private static final Map<String, String> KINDS = Map.of("workflow", "chain", "task", "function",
      "agent", "agent", "tool", "tool");
  private static final Map<String, String> REQUEST_TYPES = Map.of("chat", "generation",
      "completion", "generation", "embedding", "embedding", "rerank", "reranker");
  /** The request parameters OpenLLMetry writes outside {@code gen_ai.request.*}, by their parameter name. */
  private static final Map<String, String> PARAMETERS = Map.of("llm.top_k", "top_k",
      "llm.frequency_penalty", "frequency_penalty", "llm.presence_penalty", "presence_penalty",
      "llm.request.repetition_penalty", "repetition_penalty", "llm.chat.stop_sequences", "stop_sequences",
      "llm.is_streaming", "stream");
  private static final String ASSOCIATION = "traceloop.association.properties";

  static void apply(MappedSpan s) {
    SpanAttributes a = s.attributes;
    if (!a.hasPrefix("traceloop.", "llm.request.type", "llm.usage.", "llm.is_streaming", "llm.user")) {
      return; // the rest maps nothing then
    }
    Fields f = s.fields;
    s.type("traceloop.span.kind", KINDS);
    s.type("llm.request.type", REQUEST_TYPES);
    s.string(f, Schema.NAME, "traceloop.entity.name");
    s.document(f, Schema.INPUT, "traceloop.entity.input");
    s.document(f, Schema.OUTPUT, "traceloop.entity.output");
    if (s.root) {
      s.string(s.trace, Schema.NAME, "traceloop.workflow.name");
    }
    TraceProperties.apply(s.trace, a.takePrefixed(ASSOCIATION));
    s.string(s.trace, Schema.USER_ID, "llm.user");
    s.count(Schema.TOTAL_TOKENS, "llm.usage.total_tokens");
    ObjectNode parameters = AnyValues.NODES.objectNode();
    PARAMETERS.forEach((key, name) -> {
      JsonNode value = a.takeJson(key);
      if (value != null) {
        parameters.set(name, ModelParameters.number(AnyValues.structured(value)));
      }
    });
    f.merge(Schema.MODEL_PARAMETERS, "value", parameters.isEmpty() ? null : parameters);
    String prompt = a.takeString("traceloop.prompt.key");
    if (prompt != null && !f.has(Schema.PROMPT)) {
      ObjectNode p = f.object(Schema.PROMPT).put("slug", prompt);
      JsonNode version = a.takeJson("traceloop.prompt.version");
      if (version != null) {
        p.set("version", version);
      }
    }
    if (!f.has(Schema.VARIABLES)) {
      f.offer(Schema.VARIABLES, a.takePrefixed("traceloop.prompt.template_variables"));
    }
  }

  private TraceloopConvention() {}
}
