package dev.sightline.server.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Model parameters as numbers where they were sent as text: Spring AI (through Micrometer, whose
 * values are text) sends {@code gen_ai.request.temperature} as {@code "0.2"}, and numbers are what
 * the parameters are compared and charted as.
 */
final class ModelParameters {
  private static final Pattern NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

  /** The value, or the number it spells when it is text that reads as a finite JSON number. */
  static JsonNode number(JsonNode value) {
    if (value != null && value.isTextual()) {
      String text = value.textValue().strip();
      if (text.length() <= 32 && NUMBER.matcher(text).matches()) {
        JsonNode n = AnyValues.parse(text);
        if (n.isNumber() && Double.isFinite(n.doubleValue())) {
          return n;
        }
      }
    }
    return value;
  }

  /** {@link #number} on every value of the parameters but {@code model}, which is a name. */
  static ObjectNode numbers(ObjectNode parameters) {
    if (parameters != null) {
      for (Map.Entry<String, JsonNode> e : parameters.properties()) {
        if (!e.getKey().equals("model")) {
          e.setValue(number(e.getValue()));
        }
      }
    }
    return parameters;
  }

  private ModelParameters() {}
}
