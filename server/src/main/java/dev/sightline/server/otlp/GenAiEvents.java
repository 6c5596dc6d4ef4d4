package dev.sightline.server.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sightline.core.model.Column;
import dev.sightline.core.model.Schema;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * GenAI content that instrumentations record as span events rather than attributes:
 * <ul>
 *   <li>{@code gen_ai.content.prompt} / {@code gen_ai.content.completion} with the conversation as
 *       JSON in {@code gen_ai.prompt} / {@code gen_ai.completion};
 *   <li>one event per message, {@code gen_ai.system.message}, {@code gen_ai.user.message},
 *       {@code gen_ai.assistant.message}, {@code gen_ai.tool.message} (the input, in order), and
 *       {@code gen_ai.choice} (the output), each with the message's fields as attributes;
 *   <li>{@code gen_ai.client.inference.operation.details} with the attributes
 *       {@code gen_ai.input.messages}, {@code gen_ai.output.messages},
 *       {@code gen_ai.system_instructions}.
 * </ul>
 * Events are taken only for a field still unset; the others become event spans like any event.
 */
final class GenAiEvents {
  private static final Map<String, String> MESSAGE_ROLES = Map.of("gen_ai.system.message", "system",
      "gen_ai.user.message", "user", "gen_ai.assistant.message", "assistant", "gen_ai.tool.message", "tool");
  private static final String DETAILS = "gen_ai.client.inference.operation.details";

  static void apply(MappedSpan s) {
    if (!s.fields.has(Schema.INPUT)) {
      take(s, Schema.INPUT, "gen_ai.content.prompt", "gen_ai.prompt");
    }
    if (!s.fields.has(Schema.OUTPUT)) {
      take(s, Schema.OUTPUT, "gen_ai.content.completion", "gen_ai.completion");
    }
    details(s);
    List<Span.Event> inputs = new ArrayList<>();
    List<Span.Event> choices = new ArrayList<>();
    for (Span.Event e : s.events) {
      if (MESSAGE_ROLES.containsKey(e.getName())) {
        inputs.add(e);
      } else if (e.getName().equals("gen_ai.choice")) {
        choices.add(e);
      }
    }
    if (!inputs.isEmpty() && !s.fields.has(Schema.INPUT)) {
      s.fields.offer(Schema.INPUT, messages(s, inputs));
      s.events.removeAll(inputs);
    }
    if (!choices.isEmpty() && !s.fields.has(Schema.OUTPUT)) {
      s.fields.offer(Schema.OUTPUT, messages(s, choices));
      s.events.removeAll(choices);
    }
  }

  /** The first event of this name that carries the attribute, as the field's JSON. */
  private static void take(MappedSpan s, Column c, String event, String attribute) {
    for (Span.Event e : s.events) {
      if (e.getName().equals(event)) {
        ObjectNode attributes = AnyValues.object(e.getAttributesList());
        if (attributes.has(attribute)) {
          s.fields.offer(c, AnyValues.parsed(attributes.get(attribute)));
          s.events.remove(e);
          return;
        }
      }
    }
  }

  private static void details(MappedSpan s) {
    for (Span.Event e : s.events) {
      if (e.getName().equals(DETAILS)) {
        ObjectNode a = AnyValues.object(e.getAttributesList());
        boolean input = s.fields.offer(Schema.INPUT, GenAiConvention.messages(
            parsed(a, "gen_ai.system_instructions"), parsed(a, "gen_ai.input.messages")));
        boolean output = s.fields.offer(Schema.OUTPUT, parsed(a, "gen_ai.output.messages"));
        if (input || output) {
          s.events.remove(e);
        }
        return;
      }
    }
  }

  /**
   * One message per event: its attributes (those holding JSON text parsed), the role from the
   * event name unless given; a choice's {@code message} attribute is merged into it. The
   * provider, which these events repeat as {@code gen_ai.system}, fills the span's if unset.
   */
  private static ArrayNode messages(MappedSpan s, List<Span.Event> events) {
    ArrayNode out = AnyValues.NODES.arrayNode();
    for (Span.Event e : events) {
      ObjectNode message = AnyValues.object(e.getAttributesList());
      JsonNode system = message.remove("gen_ai.system");
      if (system != null && system.isTextual()) {
        s.fields.offer(Schema.PROVIDER, system.textValue());
      }
      JsonNode nested = message.remove("message");
      if (nested != null) {
        JsonNode m = AnyValues.structured(nested);
        if (m.isObject()) {
          ((ObjectNode) m).setAll(message);
          message = (ObjectNode) m;
        } else {
          message.set("message", m);
        }
      }
      for (Map.Entry<String, JsonNode> field : message.properties()) {
        field.setValue(AnyValues.structured(field.getValue()));
      }
      String role = MESSAGE_ROLES.getOrDefault(e.getName(), "assistant");
      if (!message.has("role")) {
        message.put("role", role);
      }
      out.add(message);
    }
    return out;
  }

  private static JsonNode parsed(ObjectNode attributes, String key) {
    JsonNode v = attributes.get(key);
    return v == null ? null : AnyValues.parsed(v);
  }

  private GenAiEvents() {}
}
