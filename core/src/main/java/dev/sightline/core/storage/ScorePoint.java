package dev.sightline.core.storage;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Aggregates of the scores of one time bucket and group ({@link ScoreMetricsQuery}). The value
 * statistics are over the scores that have a value, null if none has. Percentiles interpolate
 * between the closest ranks as {@link MetricPoint}'s do (of n values sorted as v[0..n-1], with
 * r = (n - 1) * p, lo = floor(r), hi = ceil(r), f = r - lo: v[lo] * (1 - f) + v[hi] * f), unrounded.
 * A backend computes the mean and percentiles in double precision and may differ from another in
 * their last bits.
 *
 * @param bucketStart epoch microseconds
 * @param group the group value, or null when not grouping (or the score has none)
 * @param count every score of the bucket and group
 * @param valued the scores with a value
 * @param labels label to the number of scores with it, at most the 20 most frequent (ties by label
 *     in string order), most frequent first; scores without a label are not counted. Unmodifiable
 */
public record ScorePoint(long bucketStart, String group, long count, long valued, Double avg, Double min,
    Double max, Double p50, Double p90, Map<String, Long> labels) {

  /** The most labels a point lists. */
  public static final int MAX_LABELS = 20;

  public ScorePoint {
    labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
  }
}
