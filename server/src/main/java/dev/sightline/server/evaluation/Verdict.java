package dev.sightline.server.evaluation;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A judgement: a score's value and label, its reason, and extra facts. Immutable.
 *
 * @param value the score, nullable when {@code label} is not
 * @param label the category ({@code pass}, {@code fail}, {@code found}, ...), nullable when
 *     {@code value} is not
 * @param comment the reason, nullable
 * @param details small extra facts for the score's metadata (e.g. counts per PII kind); never null
 */
public record Verdict(Double value, String label, String comment, Map<String, Object> details) {
  public Verdict {
    if (value == null && label == null) {
      throw new IllegalArgumentException("a verdict needs a value or a label");
    }
    details = details.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(details)); // in order
  }

  /** Value 1.0, label {@code pass}. */
  static Verdict pass(String comment) {
    return new Verdict(1.0, "pass", comment, Map.of());
  }

  /** Value 0.0, label {@code fail}. */
  static Verdict fail(String comment) {
    return new Verdict(0.0, "fail", comment, Map.of());
  }

  static Verdict of(boolean passed, String comment) {
    return passed ? pass(comment) : fail(comment);
  }
}
