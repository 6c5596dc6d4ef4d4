package dev.sightline.server.storage;

/**
 * Aggregates of one time bucket and group. Durations are microseconds; percentiles are the
 * discrete (nearest-rank, lower) quantiles of the rows with a duration, null if none has one.
 *
 * @param bucketStart epoch microseconds
 * @param group the group value, or null when not grouping (or the row has none)
 * @param cost US dollars
 */
public record MetricPoint(long bucketStart, String group, long count, long errors, Long p50, Long p95,
    Long p99, long inputTokens, long outputTokens, long totalTokens, double cost) {}
