package dev.sightline.server.langfuse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;

/**
 * One Langfuse ingestion event as one native item ({@code {"type", "body"}}): traces, observations
 * of every type, scores; {@code sdk-log} events are debugging output of the SDKs and store nothing.
 * Unknown fields of a body are ignored, as Langfuse ignores them. Stateless.
 */
final class Events {
  static final String TYPES = "trace-create, span-create, span-update, generation-create, generation-update, "
      + "event-create, score-create, sdk-log, observation-create, observation-update, "
      + "and agent-, tool-, chain-, retriever-, evaluator-, embedding- and guardrail-create";

  private Events() {}

  /**
   * The native item of an event, or null for one that stores nothing.
   *
   * @throws Bodies.InvalidEvent naming the event's field at fault
   */
  static ObjectNode item(String type, JsonNode body, Observations.Event event) {
    if (type.equals("sdk-log")) {
      return null;
    }
    if (type.equals("trace-create")) {
      return item("trace", trace(body, event));
    }
    if (type.equals("score-create")) {
      return item("score", score(body, event));
    }
    if (type.equals("span-update")) {
      return item("span", Observations.span(body, spanType(body, null), false, event));
    }
    if (type.equals("generation-update")) {
      return item("span", Observations.span(body, "generation", false, event));
    }
    if (type.equals("observation-create") || type.equals("observation-update")) {
      String kind = Bodies.text(body, "type", "body.");
      if (kind == null || !Observations.isType(kind.toLowerCase(Locale.ROOT))) {
        throw new Bodies.InvalidEvent("body.type: must be an observation type such as SPAN, GENERATION or EVENT");
      }
      return item("span", Observations.span(body, kind.toLowerCase(Locale.ROOT),
          type.equals("observation-create"), event));
    }
    String kind = type.endsWith("-create") ? type.substring(0, type.length() - 7) : "";
    if (!Observations.isType(kind)) {
      throw new Bodies.InvalidEvent("type: '" + type + "' is not one of " + TYPES);
    }
    return item("span", Observations.span(body, kind.equals("span") ? spanType(body, kind) : kind, true, event));
  }

  /**
   * The type of a span event: its body's {@code type} when that names an observation type
   * ({@code "TOOL"}, {@code "AGENT"} …), the only way for a v2/v3 SDK, which has no such events, to
   * type its spans; else {@code otherwise}. Langfuse ignores the field, and so does this for any
   * other value.
   */
  private static String spanType(JsonNode body, String otherwise) {
    JsonNode type = body.get("type");
    String kind = type != null && type.isTextual() ? type.asText().toLowerCase(Locale.ROOT) : "";
    return Observations.isType(kind) ? kind : otherwise;
  }

  private static ObjectNode item(String type, ObjectNode body) {
    ObjectNode item = Bodies.NODES.objectNode().put("type", type);
    item.set("body", body);
    return item;
  }

  /**
   * A trace: its start is its own {@code timestamp} only, since Langfuse's SDKs send
   * {@code trace-create} again for every update of the trace.
   */
  private static ObjectNode trace(JsonNode body, Observations.Event event) {
    ObjectNode out = Bodies.NODES.objectNode();
    String id = Bodies.text(body, "id", "body.");
    if (id == null) {
      id = event.id();
    }
    String traceId = LangfuseIds.traceId(id);
    out.put("traceId", traceId);
    String original = LangfuseIds.original(id, traceId);
    if (original != null) {
      out.put("referenceId", original);
    }
    Bodies.copy(body, "name", out, "name");
    Bodies.time(body, "timestamp", out, "startTime");
    JsonNode user = body.get("userId");
    if (user != null && !user.isNull()) {
      out.putObject("user").set("id", user);
    }
    for (String field : new String[] {"sessionId", "release", "environment", "input", "output", "tags"}) {
      Bodies.copy(body, field, out, field);
    }
    Bodies.metadata(body, out);
    JsonNode isPublic = body.get("public");
    if (isPublic != null && !isPublic.isNull()) {
      Bodies.metadataOf(out).set("public", isPublic);
    }
    Bodies.version(body, out);
    return out;
  }

  /**
   * A score: a number is its value, a string (a categorical score) its label; its time is the
   * event's.
   */
  private static ObjectNode score(JsonNode body, Observations.Event event) {
    ObjectNode out = Bodies.NODES.objectNode();
    Bodies.copy(body, "id", out, "scoreId");
    String trace = Bodies.text(body, "traceId", "body.");
    if (trace != null) {
      out.put("traceId", LangfuseIds.traceId(trace));
    }
    String observation = Bodies.text(body, "observationId", "body.");
    if (observation != null) {
      out.put("spanId", LangfuseIds.spanId(observation));
    }
    Bodies.copy(body, "sessionId", out, "sessionId");
    Bodies.copy(body, "name", out, "name");
    JsonNode value = body.get("value");
    if (value != null && value.isTextual()) {
      out.set("label", value);
    } else {
      Bodies.copy(body, "value", out, "value");
    }
    Bodies.copy(body, "comment", out, "comment");
    Bodies.metadata(body, out);
    Bodies.time(body, "timestamp", out, "time");
    if (!out.has("time") && event.timestamp() != null) {
      out.put("time", Bodies.zoned(event.timestamp()));
    }
    return out;
  }
}
