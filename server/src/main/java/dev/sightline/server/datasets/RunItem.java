package dev.sightline.server.datasets;

import java.util.List;
import java.util.Objects;

/**
 * The result of one dataset item in one run: the application's output, the trace that recorded
 * it, and the scores the dataset's evaluators gave. Immutable.
 *
 * @param run the run name, {@link Names#RUN}
 * @param itemId the dataset item
 * @param traceId the trace of this execution (32 hex)
 * @param output compact JSON text of the output, nullable
 * @param error why the application gave no output, nullable; such an item is not judged
 * @param scores one per evaluator, in the dataset's order; never null
 * @param time when the server received it, epoch microseconds
 */
public record RunItem(String run, String itemId, String traceId, String output, String error,
    List<Judgement> scores, long time) {
  public RunItem {
    Objects.requireNonNull(run, "run");
    Objects.requireNonNull(itemId, "itemId");
    Objects.requireNonNull(traceId, "traceId");
    scores = scores == null ? List.of() : List.copyOf(scores);
  }

  /**
   * One evaluator's score of an output; an evaluator that could not judge gives label
   * {@code error}, no value, and its message as the comment.
   *
   * @param value nullable
   * @param label nullable
   * @param comment nullable
   */
  public record Judgement(String name, Double value, String label, String comment) {
    static final String ERROR = "error";

    boolean failed() {
      return value == null && ERROR.equals(label);
    }
  }
}
