package dev.sightline.server.analysis;

import java.util.Objects;

/**
 * One finding: a bucket whose metric is far from its baseline. Immutable.
 *
 * @param feature the feature of the traces (per-feature findings), or the feature the scan was
 *     restricted to (per-model findings); null for neither
 * @param model the model of the spans for per-model findings; null for per-feature ones
 * @param metric the metric's wire name ({@link Metric#wireName()})
 * @param bucketStart the bucket's start, epoch microseconds; it lasts {@link Detector#BUCKET_MICROS}
 * @param value the bucket's value of the metric, in the metric's unit
 * @param baseline what the bucket was expected to hold (median of the same hour on previous days)
 * @param score (value − baseline) / spread: how many robust standard deviations away it is
 * @param count rows in the bucket
 */
public record Anomaly(String feature, String model, String metric, long bucketStart, double value, double baseline,
    double score, long count) {
  public Anomaly {
    Objects.requireNonNull(metric, "metric");
    if (!Double.isFinite(score) || score == 0) {
      throw new IllegalArgumentException("score: must be finite and not 0, was " + score);
    }
  }

  /** {@code up} above the baseline, {@code down} below. */
  String direction() {
    return score > 0 ? "up" : "down";
  }

  /** Names the finding across scans: the same bucket, series and metric make the same key. */
  String key() {
    return (feature == null ? "" : feature) + "\u0000" + (model == null ? "" : model) + "\u0000" + metric
        + "\u0000" + bucketStart;
  }
}
