package dev.sightline.core.storage;

/**
 * Aggregates of one time bucket and group. Durations ({@link QuerySemantics#duration}) and times to
 * first token ({@link QuerySemantics#timeToFirstToken}) are microseconds. A percentile p is
 * interpolated between the closest ranks: of the n rows that have a value, sorted ascending as
 * d[0..n-1], with r = (n - 1) * p, lo = floor(r), hi = ceil(r) and f = r - lo, it is
 * d[lo] * (1 - f) + d[hi] * f in double precision, rounded to the nearest microsecond (halves up);
 * null if no row has one. For 12.7 ms and 51.6 ms, p50 is 32.15 ms and p95 49.655 ms.
 *
 * @param bucketStart epoch microseconds
 * @param group the group value, or null when not grouping (or the row has none)
 * @param count every row of the bucket and group, with or without a duration
 * @param errors rows that {@linkplain QuerySemantics#isError failed}
 * @param successes rows whose status is {@code success} ({@link QuerySemantics#isSuccess}); rows
 *     of other statuses or none are neither successes nor necessarily errors
 * @param avg the mean duration ({@link QuerySemantics#mean}), or null if no row has a duration
 * @param ttftP50 a percentile of the times to first token, as the duration ones; always null for
 *     traces, and null for spans when no span of the bucket and group has one
 * @param inputTokens sum over the rows (trace rollups for traces), like the other token counts;
 *     exact up to 2^63 − 1 and saturated there ({@link Sums})
 * @param cost US dollars
 */
public record MetricPoint(long bucketStart, String group, long count, long errors, long successes, Long avg,
    Long p50, Long p95, Long p99, Long ttftP50, Long ttftP95, Long ttftP99, long inputTokens,
    long outputTokens, long totalTokens, double cost) {

  /** {@code successes / count}, between 0 and 1; null only for a point of no rows (never stored). */
  public Double successRate() {
    return count == 0 ? null : (double) successes / count;
  }
}
