package dev.sightline.server.langfuse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * A Langfuse generation's {@code usage} (tokens and costs, Langfuse's or OpenAI's names),
 * {@code usageDetails} (counts by kind, which win over {@code usage}) and {@code costDetails} as the
 * native span's token counts, cost and cost parts. Counts of other kinds, and usage in a unit other
 * than tokens, stay in metadata. Stateless.
 */
final class Usage {
  /** Counts of {@code usage} by their native field. */
  private static final Map<String, String> USAGE = Map.of(
      "input", "inputTokens", "promptTokens", "inputTokens",
      "output", "outputTokens", "completionTokens", "outputTokens",
      "total", "totalTokens", "totalTokens", "totalTokens");
  /** Keys of {@code usageDetails} (Langfuse's, OpenAI's, Anthropic's) by their native field. */
  private static final Map<String, String> DETAILS = Map.ofEntries(
      Map.entry("input", "inputTokens"), Map.entry("prompt_tokens", "inputTokens"),
      Map.entry("input_tokens", "inputTokens"), Map.entry("output", "outputTokens"),
      Map.entry("completion_tokens", "outputTokens"), Map.entry("output_tokens", "outputTokens"),
      Map.entry("total", "totalTokens"), Map.entry("total_tokens", "totalTokens"),
      Map.entry("cache_read_input_tokens", "cacheReadTokens"), Map.entry("input_cached_tokens", "cacheReadTokens"),
      Map.entry("input_cache_read", "cacheReadTokens"), Map.entry("cache_creation_input_tokens", "cacheWriteTokens"),
      Map.entry("input_cache_creation", "cacheWriteTokens"), Map.entry("output_reasoning_tokens", "reasoningTokens"),
      Map.entry("output_reasoning", "reasoningTokens"), Map.entry("reasoning_tokens", "reasoningTokens"));
  /** OpenAI's nested details: {@code prompt_tokens_details.cached_tokens} and the like. */
  private static final Map<String, String> NESTED = Map.of(
      "prompt_tokens_details.cached_tokens", "cacheReadTokens",
      "completion_tokens_details.reasoning_tokens", "reasoningTokens");

  private Usage() {}

  static void apply(JsonNode body, ObjectNode out) {
    usage(body.get("usage"), out);
    details(body.get("usageDetails"), out);
    costDetails(body.get("costDetails"), out);
  }

  private static void usage(JsonNode usage, ObjectNode out) {
    if (usage == null || usage.isNull()) {
      return;
    }
    JsonNode unit = usage.get("unit");
    if (!usage.isObject() || (unit != null && !unit.isNull() && !unit.asText().equalsIgnoreCase("TOKENS"))) {
      Bodies.metadataOf(out).set("usage", usage); // characters, images, seconds …: no token counts
      return;
    }
    USAGE.forEach((key, field) -> Bodies.copy(usage, key, out, field));
    ObjectNode costs = Bodies.NODES.objectNode();
    Bodies.copy(usage, "inputCost", costs, "input");
    Bodies.copy(usage, "outputCost", costs, "output");
    Bodies.copy(usage, "totalCost", costs, "total");
    costDetails(costs.isEmpty() ? null : costs, out);
  }

  private static void details(JsonNode details, ObjectNode out) {
    if (details == null || details.isNull()) {
      return;
    }
    if (!details.isObject()) {
      throw new Bodies.InvalidEvent("body.usageDetails: must be an object of token counts");
    }
    ObjectNode rest = Bodies.NODES.objectNode();
    details.fields().forEachRemaining(e -> {
      String field = DETAILS.get(e.getKey());
      if (field != null) {
        out.set(field, e.getValue());
      } else if (!e.getValue().isObject()) {
        rest.set(e.getKey(), e.getValue());
      }
    });
    NESTED.forEach((path, field) -> {
      JsonNode v = details.at("/" + path.replace('.', '/'));
      if (!v.isMissingNode() && !v.isNull()) {
        out.set(field, v);
      }
    });
    if (!rest.isEmpty()) {
      Bodies.metadataOf(out).set("usageDetails", rest);
    }
  }

  /** Cost parts as sent; the cost is their {@code total}, else the sum of the parts. */
  private static void costDetails(JsonNode details, ObjectNode out) {
    if (details == null || details.isNull()) {
      return;
    }
    if (!details.isObject()) {
      throw new Bodies.InvalidEvent("body.costDetails: must be an object of US dollar amounts");
    }
    out.set("costDetails", details);
    JsonNode total = details.get("total");
    if (total != null && !total.isNull()) {
      out.set("cost", total);
      return;
    }
    double sum = 0;
    for (JsonNode part : details) {
      if (!part.isNumber()) {
        throw new Bodies.InvalidEvent("body.costDetails: every part must be a number");
      }
      sum += part.asDouble();
    }
    out.put("cost", sum);
  }
}
