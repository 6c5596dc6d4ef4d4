package dev.sightline.server.evaluation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** Subjects, configs and judges for the tests. */
final class Fixtures {
  private Fixtures() {}

  static JsonNode json(String text) {
    try {
      return JsonText.MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  static Judge judge(String kind, String config) {
    return Kinds.create(kind, json(config), Map.<String, String>of()::get);
  }

  /** A generation span with this output (stored JSON text), its input {@code "question"}. */
  static Subject output(String outputJson) {
    return new Subject("p1", "t1", "s1", "generation", "answer", "gpt-4o", "\"question\"", outputJson, null, null,
        1_500_000L, 0.02);
  }

  /** A generation span with this output as a JSON string. */
  static Subject text(String output) {
    return output(JsonText.MAPPER.getNodeFactory().textNode(output).toString());
  }
}
