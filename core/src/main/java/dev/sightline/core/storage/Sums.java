package dev.sightline.core.storage;

/**
 * The one rule for sums of token counts and other non-negative integers, shared by the pipeline's
 * trace rollups, the trace tree's totals and every storage backend's aggregates: a sum is exact up
 * to {@link Long#MAX_VALUE} and saturates there (stays at {@code 2^63 − 1}) instead of wrapping
 * negative. Items carry at most {@link dev.sightline.core.codec.FieldRules#MAX_TOKENS} tokens,
 * so saturation needs more than a thousand items at that bound. Stateless.
 */
public final class Sums {
  /** The value a saturated sum keeps. */
  public static final long SATURATED = Long.MAX_VALUE;

  /**
   * {@code sum + value}, saturated at {@link #SATURATED}.
   *
   * @param sum a sum of non-negative values, possibly saturated
   * @param value a non-negative value
   */
  public static long add(long sum, long value) {
    long r = sum + value;
    // Both are non-negative, so a wrapped result is the only way r can be negative.
    return r < 0 ? SATURATED : r;
  }

  /**
   * Applies a change of one item's contribution to a rollup: {@code sum + delta}, where
   * {@code delta} may be negative (an item updated to a smaller count). A saturated sum stays
   * saturated, because what it would be without saturation is no longer known; a rollup never
   * goes below 0.
   */
  public static long change(long sum, long delta) {
    if (sum == SATURATED) {
      return SATURATED;
    }
    if (delta >= 0) {
      return add(sum, delta);
    }
    return Math.max(0, sum + delta); // cannot wrap: sum >= 0 and delta > Long.MIN_VALUE here
  }

  private Sums() {}
}
