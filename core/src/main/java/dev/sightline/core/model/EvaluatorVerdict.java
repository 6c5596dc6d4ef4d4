package dev.sightline.core.model;

import java.util.Objects;

/**
 * One evaluator's verdict on a span, as the server hands it to a store that keeps verdicts inside
 * the span's row ({@link dev.sightline.core.storage.StorageWriter#packsVerdicts}). Everything else
 * about the score it stands for follows from the span: {@link EvaluatorScores#row} is that score.
 * Immutable and thread-safe.
 *
 * @param evaluator the evaluator's name, the score's name; not null
 * @param version the evaluator's version, at least 0
 * @param value the score's value, finite; null for none (a label only, or an error)
 * @param label the score's label, or null
 * @param comment the score's comment (the reason), or null
 * @param metadata the score's metadata, a JSON object whose text starts with {@link
 *     EvaluatorScores#METADATA_PREFIX}, the version and a comma; not null
 */
public record EvaluatorVerdict(String evaluator, int version, Double value, String label, String comment,
    String metadata) {
  public EvaluatorVerdict {
    Objects.requireNonNull(evaluator, "evaluator");
    if (value != null && !Double.isFinite(value)) {
      throw new IllegalArgumentException("value must be finite: " + value);
    }
    if (version < 0 || EvaluatorScores.version(metadata) != version) {
      throw new IllegalArgumentException("metadata must start with " + EvaluatorScores.METADATA_PREFIX + version
          + ",: " + metadata);
    }
  }
}
