package dev.sightline.server.langfuse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Map;

/**
 * A Langfuse observation (span, generation, event, agent, tool …) as the body of a native span
 * item. An observation without {@code traceId} gets a trace of its own, named by its id as Langfuse
 * does; its {@code level} is kept in metadata and {@code ERROR} makes the span a failure. Stateless.
 */
final class Observations {
  /** Langfuse's observation types (upper case in {@code observation-create}) as Sightline span types. */
  private static final Map<String, String> TYPES = Map.of("span", "span", "generation", "generation",
      "event", "event", "agent", "agent", "tool", "tool", "chain", "chain", "retriever", "retrieval",
      "evaluator", "evaluator", "embedding", "embedding", "guardrail", "guardrail");

  private Observations() {}

  /** Whether {@code type} (lower case, as in {@code agent-create}) is a Langfuse observation type. */
  static boolean isType(String type) {
    return TYPES.containsKey(type);
  }

  /**
   * @param type the observation's Langfuse type (lower case), or null for an update that leaves it
   * @param create whether the event creates it: then its id and start default to the event's
   * @param event the event's id and time, the defaults of a create
   */
  static ObjectNode span(JsonNode body, String type, boolean create, Event event) {
    ObjectNode out = Bodies.NODES.objectNode();
    String id = Bodies.text(body, "id", "body.");
    if (id == null) {
      if (!create) {
        throw new Bodies.InvalidEvent("body.id: required, the id of the observation to update");
      }
      id = event.id();
    }
    String trace = Bodies.text(body, "traceId", "body.");
    String traceId = LangfuseIds.traceId(trace != null ? trace : id);
    String spanId = LangfuseIds.spanId(id);
    out.put("traceId", traceId);
    out.put("spanId", spanId);
    String original = LangfuseIds.original(id, spanId);
    if (original != null) {
      out.put("referenceId", original);
    }
    String parent = Bodies.text(body, "parentObservationId", "body.");
    if (parent != null && !parent.equals(id)) {
      out.put("parentSpanId", LangfuseIds.spanId(parent));
    }
    if (type != null) {
      out.put("type", TYPES.get(type));
    }
    Bodies.copy(body, "name", out, "name");
    Bodies.time(body, "startTime", out, "startTime");
    if (create && !out.has("startTime") && event.timestamp() != null) {
      out.put("startTime", Bodies.zoned(event.timestamp()));
    }
    Bodies.time(body, "endTime", out, "endTime");
    if ("event".equals(type) && !out.has("endTime") && out.has("startTime")) {
      out.set("endTime", out.get("startTime"));
    }
    Bodies.time(body, "completionStartTime", out, "completionStartTime");
    Bodies.copy(body, "input", out, "input");
    Bodies.copy(body, "output", out, "output");
    Bodies.metadata(body, out);
    level(Bodies.text(body, "level", "body."), out);
    Bodies.copy(body, "statusMessage", out, "statusMessage");
    Bodies.version(body, out);
    Bodies.copy(body, "model", out, "model");
    Bodies.copy(body, "modelParameters", out, "modelParameters");
    Usage.apply(body, out);
    prompt(body, out);
    return out;
  }

  private static void level(String level, ObjectNode out) {
    if (level == null) {
      return;
    }
    String upper = level.toUpperCase(Locale.ROOT);
    if (!upper.equals("DEBUG") && !upper.equals("DEFAULT") && !upper.equals("WARNING") && !upper.equals("ERROR")) {
      throw new Bodies.InvalidEvent("body.level: must be DEBUG, DEFAULT, WARNING or ERROR");
    }
    Bodies.metadataOf(out).put("level", upper);
    if (upper.equals("ERROR")) {
      out.put("status", "failure");
    }
  }

  /** {@code promptName} and {@code promptVersion} as the native {@code prompt {slug, version}}. */
  private static void prompt(JsonNode body, ObjectNode out) {
    String name = Bodies.text(body, "promptName", "body.");
    if (name != null) {
      ObjectNode prompt = out.putObject("prompt").put("slug", name);
      Bodies.copy(body, "promptVersion", prompt, "version");
    }
  }

  /** The envelope of an event: its id and its ISO-8601 time (null when it has none). */
  record Event(String id, String timestamp) {}
}
