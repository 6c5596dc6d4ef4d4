package dev.sightline.server.datasets;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * One evaluator of a dataset, inline: the name of the scores it gives, a kind of
 * {@code evaluation.Kinds} and that kind's config. Immutable (the config is never changed).
 *
 * @param name the score name, {@link Names#EVALUATOR}
 * @param kind e.g. {@code contains}, {@code llm-judge}
 * @param config the kind's config object; null reads as {@code {}}
 */
public record EvaluatorSpec(String name, String kind, JsonNode config) {
  public EvaluatorSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
  }
}
