package dev.sightline.core.storage;

import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Aggregates over the project's scores whose {@code time} is in {@code [from, to)} (scores without
 * a time fall outside), per time bucket and optional group. Only buckets and groups with at least
 * one score appear, ordered by bucket start, then group (the absent group first, then as strings).
 *
 * @param traceFilter conditions on the score's trace, evaluated as a trace listing evaluates them
 *     ({@link Filter}); a score whose trace row is not stored (or that names no trace) meets none,
 *     so any condition leaves it out. Its own range is dropped: {@code from} and {@code to} bound
 *     the scores' time. It cannot hold score conditions ({@code scoreName}): {@code name} picks
 *     the scores. Null for none
 * @param name the scores' name (an evaluator's or feedback tag's), or null for any
 * @param source the scores' source ({@code feedback}, {@code evaluator}, ...), or null for any
 * @param from inclusive, epoch microseconds
 * @param to exclusive, epoch microseconds
 * @param bucket bucket width, microseconds; buckets start at multiples of it since the epoch
 * @param groupBy null, or one of {@link #GROUPS}: the score's {@code name}, {@code source} or
 *     {@code label}; its trace's {@code feature}; the judged span's {@code model} or
 *     {@code promptVersion} ({@link QuerySemantics#promptVersion}), absent for a score given to a
 *     trace, or whose span is not stored
 */
public record ScoreMetricsQuery(String projectId, Filter traceFilter, String name, String source, long from,
    long to, long bucket, String groupBy) {

  /** Fields a score metrics query can group by. */
  public static final Set<String> GROUPS = Set.of("name", "source", "label", "feature", "model", "promptVersion");

  public ScoreMetricsQuery {
    Objects.requireNonNull(projectId, "projectId");
    traceFilter = (traceFilter == null ? Filter.NONE : traceFilter).withRange(null, null);
    if (traceFilter.scoreName() != null) {
      throw new IllegalArgumentException("scoreName: not a condition of score metrics; name picks the scores");
    }
    MetricsQuery.checkBuckets(from, to, bucket);
    if (groupBy != null && !GROUPS.contains(groupBy)) {
      throw new IllegalArgumentException("groupBy: must be one of " + new TreeSet<>(GROUPS));
    }
  }

  /** Whether the trace filter has a condition, which leaves out scores without a stored trace. */
  public boolean filtersTraces() {
    return !traceFilter.equals(Filter.NONE);
  }
}
