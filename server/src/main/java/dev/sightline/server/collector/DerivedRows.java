package dev.sightline.server.collector;

import dev.sightline.core.model.Row;
import dev.sightline.core.model.RowKey;
import dev.sightline.core.storage.SpanVerdicts;
import java.util.List;
import java.util.function.Function;

/**
 * Rows the server derives from rows as they are stored, such as the scores of evaluators that run
 * as spans end. They are stored in the same atomic batch as the rows they come from, so a crash
 * never keeps one without the other, and a replay of the write-ahead log derives them again (which
 * is why they need not be logged themselves).
 *
 * <p>Called on the loader thread only: an implementation must be quick and must not throw; what
 * it cannot derive at once (a call to a remote judge) it hands to its own durable queue.
 */
@FunctionalInterface
public interface DerivedRows {
  /** Derives nothing. */
  DerivedRows NONE = (stored, before) -> Derived.NOTHING;

  /**
   * Derives rows from a batch.
   *
   * @param stored the merged rows about to be stored (traces, spans and scores), each complete
   * @param before the stored row of a key as it was before this batch, or null if it had none
   * @return what to store with them; never null
   */
  Derived derive(List<Row> stored, Function<RowKey, Row> before);

  /**
   * What a batch gives.
   *
   * @param rows complete rows, each of which replaces any stored row with its key
   * @param verdicts evaluator verdicts on span rows of the batch, which stand for the score rows
   *     {@link SpanVerdicts#scoreRows} gives; the loader hands them to a store that packs verdicts
   *     when it can and stores them as those rows otherwise
   */
  record Derived(List<Row> rows, List<SpanVerdicts> verdicts) {
    /** Nothing derived. */
    public static final Derived NOTHING = new Derived(List.of(), List.of());

    /** Rows only. */
    public static Derived rows(List<Row> rows) {
      return new Derived(rows, List.of());
    }
  }
}
