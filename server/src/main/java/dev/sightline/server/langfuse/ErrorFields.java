package dev.sightline.server.langfuse;

import java.util.Map;

/**
 * The native decoder's messages about a translated item, worded with the Langfuse event's field
 * names ({@code body.spanId} of a span is {@code body.id} of the observation). Stateless.
 */
final class ErrorFields {
  private static final Map<String, String> SHARED = Map.ofEntries(
      Map.entry("referenceId", "id"), Map.entry("attributes", "version"), Map.entry("inputTokens", "usageDetails"),
      Map.entry("outputTokens", "usageDetails"), Map.entry("totalTokens", "usageDetails"),
      Map.entry("cacheReadTokens", "usageDetails"), Map.entry("cacheWriteTokens", "usageDetails"),
      Map.entry("reasoningTokens", "usageDetails"), Map.entry("cost", "costDetails"),
      Map.entry("prompt", "promptName"), Map.entry("user", "userId"), Map.entry("user.id", "userId"));
  private static final Map<String, Map<String, String>> BY_TYPE = Map.of(
      "trace", Map.of("startTime", "timestamp", "traceId", "id"),
      "span", Map.of("spanId", "id", "parentSpanId", "parentObservationId", "status", "level"),
      "score", Map.of("scoreId", "id", "spanId", "observationId", "label", "value", "time", "timestamp"));

  private ErrorFields() {}

  /**
   * @param type the native item's type
   * @param message the native decoder's, {@code body.<field>: problem} or another
   */
  static String langfuse(String type, String message) {
    int colon = message.indexOf(':');
    if (!message.startsWith("body.") || colon < 0) {
      return message;
    }
    String field = message.substring(5, colon);
    String named = BY_TYPE.getOrDefault(type, Map.of()).getOrDefault(field, SHARED.getOrDefault(field, field));
    return "body." + named + message.substring(colon);
  }
}
