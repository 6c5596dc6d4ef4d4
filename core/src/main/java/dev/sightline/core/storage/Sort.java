package dev.sightline.core.storage;

/**
 * The order of a trace or span listing: a sort key, then the row id as a tie-breaker, both in the
 * same direction. Absent sort values count as 0 ({@link QuerySemantics#sortValue}). A trace's id is
 * its trace id; a span's is its trace id followed by its span id (span ids repeat across traces).
 * Ids compare as strings, character by character.
 */
public enum Sort {
  /** Start time (for traces: {@code startTime}, else the first span's start), microseconds. */
  START_TIME,
  /** End minus start, microseconds. */
  DURATION,
  /** US dollars (trace rollup or the span's own). */
  COST,
  /** Total tokens (trace rollup or the span's own). */
  TOTAL_TOKENS,
  /**
   * The row's mean score of the filter's {@link Filter#scoreName}, which this sort requires; a row
   * without a valued score of the name counts as 0 (the name's condition leaves out such rows anyway).
   */
  SCORE
}
