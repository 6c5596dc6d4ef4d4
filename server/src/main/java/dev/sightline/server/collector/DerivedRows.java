package dev.sightline.server.collector;

import dev.sightline.core.model.Row;
import dev.sightline.core.model.RowKey;
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
  DerivedRows NONE = (stored, before) -> List.of();

  /**
   * Derives rows from a batch.
   *
   * @param stored the merged rows about to be stored (traces, spans and scores), each complete
   * @param before the stored row of a key as it was before this batch, or null if it had none
   * @return complete rows to store with them (each replaces any stored row with its key); never null
   */
  List<Row> derive(List<Row> stored, Function<RowKey, Row> before);
}
