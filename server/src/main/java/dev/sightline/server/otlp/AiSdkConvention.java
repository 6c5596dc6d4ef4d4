package dev.sightline.server.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sightline.core.model.Schema;
import java.util.Map;

/**
 * Vercel's AI SDK telemetry ({@code ai.*} attributes): what the SDK's built-in OpenTelemetry
 * support writes up to version 6, and {@code LegacyOpenTelemetry} of {@code @ai-sdk/otel} in
 * version 7. An operation's outer span ({@code ai.generateText}) wraps its provider calls
 * ({@code ai.generateText.doGenerate}) and tool calls ({@code ai.toolCall}); only the provider
 * calls are generations with tokens, since the outer span's usage sums theirs and would count
 * twice in the trace's totals. {@code ai.telemetry.metadata.*} (up to version 6) and
 * {@code ai.settings.context.*} (version 7's runtime context) describe the trace: {@code userId},
 * {@code sessionId} and {@code tags} become the trace's user, session and tags, other keys its
 * metadata; a root span names the trace after {@code ai.telemetry.functionId}. (Version 7's newer
 * {@code OpenTelemetry} integration writes {@code gen_ai.*}, see {@link GenAiConvention}.)
 */
final class AiSdkConvention {
  /** The span kinds by {@code ai.operationId}. */
  private static final Map<String, String> OPERATIONS = Map.ofEntries(
      Map.entry("ai.generatetext", "chain"), Map.entry("ai.streamtext", "chain"),
      Map.entry("ai.generateobject", "chain"), Map.entry("ai.streamobject", "chain"),
      Map.entry("ai.generatetext.dogenerate", "generation"), Map.entry("ai.streamtext.dostream", "generation"),
      Map.entry("ai.generateobject.dogenerate", "generation"),
      Map.entry("ai.streamobject.dostream", "generation"),
      Map.entry("ai.embed", "chain"), Map.entry("ai.embedmany", "chain"),
      Map.entry("ai.embed.doembed", "embedding"), Map.entry("ai.embedmany.doembed", "embedding"),
      Map.entry("ai.rerank", "chain"), Map.entry("ai.rerank.dorerank", "reranker"),
      Map.entry("ai.toolcall", "tool"));
  private static final String[] TRACE_PREFIXES = {"ai.telemetry.metadata", "ai.settings.context"};

  static void apply(MappedSpan s) {
    SpanAttributes a = s.attributes;
    String operation = a.peek("ai.operationId");
    if (operation == null) {
      return; // every span of the AI SDK carries it
    }
    Fields f = s.fields;
    s.type("ai.operationId", OPERATIONS);
    boolean modelCall = operation.contains(".do");
    if (s.root) {
      s.string(s.trace, Schema.NAME, "ai.telemetry.functionId");
    }
    for (String prefix : TRACE_PREFIXES) {
      TraceProperties.apply(s.trace, a.takePrefixed(prefix));
    }
    s.document(f, Schema.INPUT, "ai.toolCall.args");
    s.document(f, Schema.OUTPUT, "ai.toolCall.result");
    s.document(f, Schema.INPUT, modelCall ? "ai.prompt.messages" : "ai.prompt");
    output(s);
    ObjectNode settings = a.takePrefixed("ai.settings");
    if (settings != null) {
      f.merge(Schema.MODEL_PARAMETERS, "value", ModelParameters.numbers(settings));
    }
    if (!modelCall) {
      return; // the outer span's model and usage are its calls', recorded there
    }
    String provider = a.takeString("ai.model.provider");
    if (provider != null) {
      f.offer(Schema.PROVIDER, provider.contains(".") ? provider.substring(0, provider.indexOf('.')) : provider);
    }
    s.string(f, Schema.MODEL, "ai.response.model", "ai.model.id");
    s.count(Schema.INPUT_TOKENS, "ai.usage.inputTokens", "ai.usage.promptTokens");
    s.count(Schema.OUTPUT_TOKENS, "ai.usage.outputTokens", "ai.usage.completionTokens");
    s.count(Schema.TOTAL_TOKENS, "ai.usage.totalTokens", "ai.usage.tokens");
    s.count(Schema.CACHE_READ_TOKENS, "ai.usage.inputTokenDetails.cacheReadTokens", "ai.usage.cachedInputTokens");
    s.count(Schema.CACHE_WRITE_TOKENS, "ai.usage.inputTokenDetails.cacheWriteTokens");
    s.count(Schema.REASONING_TOKENS, "ai.usage.outputTokenDetails.reasoningTokens", "ai.usage.reasoningTokens");
    Double firstChunk = a.takeNumber("ai.response.msToFirstChunk");
    if (firstChunk != null && s.span.getStartTimeUnixNano() != 0) {
      f.offer(Schema.COMPLETION_START_TIME,
          SpanCore.micros("startTimeUnixNano", s.span.getStartTimeUnixNano()) + Math.round(firstChunk * 1000));
    }
  }

  /**
   * The answer: the text, the generated object, or, with tool calls, {@code {"text", "toolCalls"}}
   * (an empty text is what the SDK records for an answer that only calls tools).
   */
  private static void output(MappedSpan s) {
    if (s.fields.has(Schema.OUTPUT)) {
      return;
    }
    String text = s.attributes.takeString("ai.response.text");
    JsonNode object = s.attributes.takeDocument("ai.response.object");
    JsonNode toolCalls = s.attributes.takeDocument("ai.response.toolCalls");
    if (toolCalls != null) {
      s.attributes.take("ai.response.text"); // if left, blank: the answer only calls tools
      ObjectNode out = AnyValues.NODES.objectNode();
      if (text != null) {
        out.put("text", text);
      }
      s.fields.offer(Schema.OUTPUT, out.set("toolCalls", toolCalls));
    } else {
      s.fields.offer(Schema.OUTPUT, object != null ? object : text);
    }
  }

  private AiSdkConvention() {}
}
