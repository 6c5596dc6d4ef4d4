package dev.sightline.server.datasets;

import java.util.List;
import java.util.Objects;

/**
 * A dataset's definition, as created; its items and runs are kept apart. Immutable.
 *
 * @param name {@link Names#DATASET}
 * @param description free text, nullable
 * @param evaluators what judges the outputs of its runs, in order; never null
 * @param createdAt epoch microseconds
 */
public record Dataset(String name, String description, List<EvaluatorSpec> evaluators, long createdAt) {
  public Dataset {
    Objects.requireNonNull(name, "name");
    evaluators = evaluators == null ? List.of() : List.copyOf(evaluators);
  }

  /** A dataset with its counts, as listed. */
  public record Summary(Dataset dataset, int items, int archived, int runs) {}
}
