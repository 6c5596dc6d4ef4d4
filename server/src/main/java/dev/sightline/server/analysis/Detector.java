package dev.sightline.server.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Finds the buckets of an hourly series that are far from a seasonal, robust baseline. Stateless
 * and deterministic; thread-safe.
 *
 * <p>For bucket t, the history is the {@value #SEASONS} × {@value #SEASON} buckets before it. Its
 * <em>baseline</em> is the median of the same hour on the previous {@value #SEASONS} days (t − 24,
 * t − 48, …), so a daily cycle is expected rather than flagged. Its <em>spread</em> is 1.4826 ×
 * the median absolute residual of the history, where each history bucket's residual is its
 * distance to the median of the other days at its own hour (the same comparison t gets, so the
 * spread is that of "a value against its baseline"), raised to the metric's floor
 * ({@link Metric#floor}). The <em>score</em> is (value − baseline) / spread; a bucket is a finding
 * when |score| ≥ {@value #THRESHOLD}.
 *
 * <p>Volume guards: a rate (latency, error rate) of a bucket with fewer than {@value #MIN_COUNT}
 * rows is too noisy to score or to serve as history; a latency, error-rate, cost or token finding
 * needs a bucket of at least that many rows, and a volume finding a value or baseline of at least
 * that many. A baseline needs {@value #MIN_SEASONS} days with a value at that hour, and the
 * spread {@value #SEASON} residuals.
 */
final class Detector {
  /** Bucket width: one hour in microseconds. */
  static final long BUCKET_MICROS = 3_600_000_000L;
  /** Buckets in a day, the cycle the baseline absorbs. */
  static final int SEASON = 24;
  /** Days of history. */
  static final int SEASONS = 7;
  /** Buckets of history before the first scored one. */
  static final int HISTORY = SEASON * SEASONS;
  /** Days that must have a value at the bucket's hour for a baseline. */
  static final int MIN_SEASONS = 3;
  /** |score| at or above this is a finding. */
  static final double THRESHOLD = 4;
  /** Rows a bucket needs (see the class comment). */
  static final long MIN_COUNT = 20;
  /** Scales a median absolute deviation to a standard deviation for normal noise. */
  static final double MAD_SCALE = 1.4826;

  private Detector() {}

  /**
   * A scored bucket.
   *
   * @param index the bucket's index in the series
   */
  record Hit(int index, double value, double baseline, double score) {}

  /**
   * The findings of buckets {@code first} and on.
   *
   * @param values per bucket, oldest first; NaN where a rate has no value (see {@link Metric#of})
   * @param counts rows per bucket, as long as {@code values}
   * @param first the first bucket to score; those before it are history only
   */
  static List<Hit> scan(Metric metric, double[] values, long[] counts, int first) {
    if (values.length != counts.length) {
      throw new IllegalArgumentException("values and counts differ in length");
    }
    double[] history = usable(metric, values, counts);
    double[][] byHour = new double[SEASON][SEASONS];
    int[] sizes = new int[SEASON];
    double[] residuals = new double[HISTORY];
    List<Hit> hits = new ArrayList<>();
    for (int t = Math.max(first, 0); t < values.length; t++) {
      double v = values[t];
      if (Double.isNaN(v) || metric != Metric.VOLUME && counts[t] < MIN_COUNT) {
        continue;
      }
      collect(history, t, byHour, sizes);
      if (sizes[0] < MIN_SEASONS) {
        continue;
      }
      double baseline = median(byHour[0], sizes[0]);
      if (metric == Metric.VOLUME && Math.max(v, baseline) < MIN_COUNT) {
        continue;
      }
      int n = 0;
      for (int h = 0; h < SEASON; h++) {
        for (int i = 0; sizes[h] >= MIN_SEASONS && i < sizes[h]; i++) {
          residuals[n++] = Math.abs(byHour[h][i] - medianWithout(byHour[h], sizes[h], i));
        }
      }
      if (n < SEASON) {
        continue;
      }
      Arrays.sort(residuals, 0, n);
      double spread = Math.max(MAD_SCALE * median(residuals, n), metric.floor(baseline, counts[t]));
      double score = (v - baseline) / spread;
      if (Math.abs(score) >= THRESHOLD) {
        hits.add(new Hit(t, v, baseline, score));
      }
    }
    return hits;
  }

  /** The values that may serve as history: rates of too few rows do not. */
  private static double[] usable(Metric metric, double[] values, long[] counts) {
    double[] out = values.clone();
    if (!metric.additive()) {
      for (int i = 0; i < out.length; i++) {
        if (counts[i] < MIN_COUNT) {
          out[i] = Double.NaN;
        }
      }
    }
    return out;
  }

  /**
   * Groups the history of bucket t by hour: group h holds the buckets t − h − 24k inside the
   * history (group 0 is t's own hour on earlier days), each sorted.
   */
  private static void collect(double[] history, int t, double[][] byHour, int[] sizes) {
    for (int h = 0; h < SEASON; h++) {
      int n = 0;
      for (int s = t - (h == 0 ? SEASON : h); s >= Math.max(0, t - HISTORY); s -= SEASON) {
        if (!Double.isNaN(history[s])) {
          byHour[h][n++] = history[s];
        }
      }
      Arrays.sort(byHour[h], 0, n);
      sizes[h] = n;
    }
  }

  /** The median of sorted a[0..n). */
  private static double median(double[] a, int n) {
    return n % 2 == 1 ? a[n / 2] : (a[n / 2 - 1] + a[n / 2]) / 2;
  }

  /** The median of sorted a[0..n) without a[skip]. */
  private static double medianWithout(double[] a, int n, int skip) {
    int m = n - 1;
    return m % 2 == 1 ? at(a, skip, m / 2) : (at(a, skip, m / 2 - 1) + at(a, skip, m / 2)) / 2;
  }

  /** Element j of a with a[skip] removed. */
  private static double at(double[] a, int skip, int j) {
    return j < skip ? a[j] : a[j + 1];
  }
}
