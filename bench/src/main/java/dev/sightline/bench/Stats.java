package dev.sightline.bench;

import java.util.Arrays;
import java.util.List;

/** Latency samples in nanoseconds, reported as percentiles in milliseconds. Thread-confined. */
final class Stats {
  /** The median of run results (the mean of the middle two for an even count). */
  static double median(List<Double> values) {
    double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(v);
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  private long[] samples = new long[1024];
  private int n;

  void add(long nanos) {
    if (n == samples.length) {
      samples = Arrays.copyOf(samples, n * 2);
    }
    samples[n++] = nanos;
  }

  void addAll(Stats other) {
    for (int i = 0; i < other.n; i++) {
      add(other.samples[i]);
    }
  }

  int count() {
    return n;
  }

  /** The nearest-rank percentile in milliseconds. */
  double percentileMillis(double p) {
    if (n == 0) {
      return Double.NaN;
    }
    long[] sorted = Arrays.copyOf(samples, n);
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * n) - 1;
    return sorted[Math.max(0, rank)] / 1e6;
  }

  String summary() {
    return String.format("n=%d p50=%.2fms p95=%.2fms p99=%.2fms max=%.2fms", n, percentileMillis(50),
        percentileMillis(95), percentileMillis(99), percentileMillis(100));
  }
}
