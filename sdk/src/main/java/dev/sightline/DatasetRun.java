package dev.sightline;

import java.util.List;
import java.util.Objects;

/**
 * What {@link Datasets#run} did: every item's trace, output and scores, as the server judged
 * them. Immutable.
 *
 * @param dataset the dataset's name
 * @param name the run's name
 * @param results one per item, in the dataset's order
 */
public record DatasetRun(String dataset, String name, List<Result> results) {
  public DatasetRun {
    Objects.requireNonNull(dataset, "dataset");
    Objects.requireNonNull(name, "name");
    results = List.copyOf(results);
  }

  /** How many items the application failed on (threw). */
  public long failed() {
    return results.stream().filter(r -> r.error() != null).count();
  }

  /**
   * One item's result.
   *
   * @param itemId the dataset item
   * @param traceId the trace its execution was recorded in
   * @param output what the application returned, nullable
   * @param error what the application threw ({@code Type: message}), or null
   * @param scores the dataset's evaluators' scores of the output, source
   *     {@link Score.Source#EVALUATOR}; an evaluator that could not judge gives label
   *     {@code error}, no value, and why as the comment. Empty for a failed item.
   */
  public record Result(String itemId, String traceId, Object output, String error, List<Score> scores) {
    public Result {
      scores = List.copyOf(scores);
    }
  }
}
