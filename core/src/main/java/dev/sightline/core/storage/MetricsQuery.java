package dev.sightline.core.storage;

import java.util.Objects;

/**
 * Aggregates over traces or spans whose {@linkplain QuerySemantics#start start} is in
 * {@code [from, to)}, per time bucket and optional group. Only buckets and groups with at least one
 * row appear, ordered by bucket start, then group (the absent group first, then as strings).
 *
 * @param spans false: aggregate traces; true: aggregate spans
 * @param filter extra conditions (as for listings); its from/to are replaced by the query's, so the
 *     filter a backend reads from this record always carries the query's range
 * @param from inclusive, epoch microseconds
 * @param to exclusive, epoch microseconds
 * @param bucket bucket width, microseconds; buckets start at multiples of it since the epoch
 * @param groupBy null, or one of {@link #GROUPS}; {@code type} and {@code model} only for spans.
 *     For spans, {@code feature}, {@code environment} and {@code userId} are those of the trace
 *     (absent if the trace row is); {@code name} and {@code status} are the span's own
 */
public record MetricsQuery(String projectId, boolean spans, Filter filter, long from, long to, long bucket,
    String groupBy) {

  /** Fields a metrics query can group by. */
  public static final java.util.Set<String> GROUPS =
      java.util.Set.of("feature", "name", "model", "status", "environment", "type", "userId");

  public MetricsQuery {
    Objects.requireNonNull(projectId, "projectId");
    filter = (filter == null ? Filter.NONE : filter).withRange(from, to);
    if (to <= from) {
      throw new IllegalArgumentException("to: must be after from");
    }
    if (bucket <= 0) {
      throw new IllegalArgumentException("bucket: must be positive");
    }
    if ((to - from) / bucket > 10_000) {
      throw new IllegalArgumentException("bucket: more than 10000 buckets in the range");
    }
    if (groupBy != null && !GROUPS.contains(groupBy)) {
      throw new IllegalArgumentException("groupBy: must be one of " + GROUPS);
    }
    if (!spans && ("type".equals(groupBy) || "model".equals(groupBy))) {
      throw new IllegalArgumentException("groupBy: " + groupBy + " applies to spans only");
    }
  }
}
