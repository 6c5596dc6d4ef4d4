package dev.sightline.core.storage;

import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

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
 * @param groupBy null, or one of {@link #GROUPS}; {@code type}, {@code model} and
 *     {@code promptVersion} ({@link QuerySemantics#promptVersion}) only for spans. For spans, the
 *     {@link #TRACE_GROUPS} are those of the trace (absent if the trace row is); {@code name},
 *     {@code status} and {@code tag} are the span's own. {@code organization} is the organization's
 *     id. By {@code tag}, a row counts once in the group of each of its distinct tags, and a row
 *     without tags in the absent group, so the groups' counts may add up to more than the rows
 */
public record MetricsQuery(String projectId, boolean spans, Filter filter, long from, long to, long bucket,
    String groupBy) {

  /** Fields a metrics query can group by. */
  public static final Set<String> GROUPS = Set.of("feature", "name", "model", "status", "environment",
      "type", "userId", "organization", "release", "tag", "promptVersion");
  /** The groups a span takes from its trace. */
  public static final Set<String> TRACE_GROUPS =
      Set.of("feature", "environment", "userId", "organization", "release");
  /** The groups only spans have. */
  private static final Set<String> SPAN_GROUPS = Set.of("type", "model", "promptVersion");

  public MetricsQuery {
    Objects.requireNonNull(projectId, "projectId");
    filter = (filter == null ? Filter.NONE : filter).withRange(from, to);
    checkBuckets(from, to, bucket);
    if (groupBy != null && !GROUPS.contains(groupBy)) {
      throw new IllegalArgumentException("groupBy: must be one of " + new TreeSet<>(GROUPS));
    }
    if (!spans && groupBy != null && SPAN_GROUPS.contains(groupBy)) {
      throw new IllegalArgumentException("groupBy: " + groupBy + " applies to spans only");
    }
  }

  /** Checks a metrics range and its bucket width: a non-empty range of at most 10000 buckets. */
  static void checkBuckets(long from, long to, long bucket) {
    if (to <= from) {
      throw new IllegalArgumentException("to: must be after from");
    }
    if (bucket <= 0) {
      throw new IllegalArgumentException("bucket: must be positive");
    }
    if ((to - from) / bucket > 10_000) {
      throw new IllegalArgumentException("bucket: more than 10000 buckets in the range");
    }
  }
}
