package dev.sightline.core.storage;

/**
 * Aggregates of one time bucket and group. Durations ({@link QuerySemantics#duration}) are
 * microseconds; a percentile p is discrete: of the n rows that have a duration, sorted ascending,
 * the value at index floor((n - 1) * p); null if no row has one.
 *
 * @param bucketStart epoch microseconds
 * @param group the group value, or null when not grouping (or the row has none)
 * @param count every row of the bucket and group, with or without a duration
 * @param errors rows that {@linkplain QuerySemantics#isError failed}
 * @param inputTokens sum over the rows (trace rollups for traces), like the other token counts;
 *     exact up to 2^63 − 1 and saturated there ({@link Sums})
 * @param cost US dollars
 */
public record MetricPoint(long bucketStart, String group, long count, long errors, Long p50, Long p95,
    Long p99, long inputTokens, long outputTokens, long totalTokens, double cost) {}
