package dev.sightline.server.analysis;

import dev.sightline.core.storage.MetricPoint;

/**
 * What the anomaly scan compares, read from one bucket's {@link MetricPoint}. Additive metrics
 * (volume, cost, tokens) are totals per bucket, so a bucket without rows is a 0; rate metrics
 * (latency, error rate) mean nothing without rows, so such a bucket has no value. Each has a floor
 * under its spread, so that a flat series does not flag a tiny change.
 */
enum Metric {
  /** 95th percentile of durations, microseconds. */
  LATENCY_P95("latencyP95", false),
  /** Failed rows over all rows, 0 to 1. */
  ERROR_RATE("errorRate", false),
  /** US dollars per bucket. */
  COST("cost", true),
  /** Total tokens per bucket. */
  TOKENS("tokens", true),
  /** Rows per bucket. */
  VOLUME("volume", true);

  /** The smallest spread of latency, microseconds (1 ms). */
  static final double LATENCY_FLOOR_MICROS = 1000;
  /** The smallest spread of the error rate (2 percentage points). */
  static final double ERROR_RATE_FLOOR = 0.02;
  /** The smallest spread of hourly cost, US dollars. */
  static final double COST_FLOOR = 0.01;
  /** The smallest spread of hourly tokens. */
  static final double TOKENS_FLOOR = 100;
  /** Every spread is at least this share of the baseline. */
  static final double RELATIVE_FLOOR = 0.1;

  private final String wireName;
  private final boolean additive;

  Metric(String wireName, boolean additive) {
    this.wireName = wireName;
    this.additive = additive;
  }

  /** The name in the API and the docs. */
  String wireName() {
    return wireName;
  }

  /** Whether a bucket without rows counts as 0 (totals) rather than as no value (rates). */
  boolean additive() {
    return additive;
  }

  /** The bucket's value; NaN if it has none (no duration to take a percentile of). */
  double of(MetricPoint p) {
    switch (this) {
      case LATENCY_P95: return p.p95() == null ? Double.NaN : p.p95();
      case ERROR_RATE: return p.count() == 0 ? Double.NaN : (double) p.errors() / p.count();
      case COST: return p.cost();
      case TOKENS: return p.totalTokens();
      default: return p.count();
    }
  }

  /**
   * The least spread a score divides by, for a bucket of {@code count} rows around this baseline:
   * a tenth of the baseline, and at least the metric's absolute floor; for the error rate at least
   * the binomial standard deviation of that many rows, for volume the Poisson one.
   */
  double floor(double baseline, long count) {
    double relative = RELATIVE_FLOOR * Math.abs(baseline);
    switch (this) {
      case LATENCY_P95: return Math.max(relative, LATENCY_FLOOR_MICROS);
      case ERROR_RATE:
        double binomial = count == 0 ? 0 : Math.sqrt(baseline * (1 - baseline) / count);
        return Math.max(ERROR_RATE_FLOOR, binomial);
      case COST: return Math.max(relative, COST_FLOOR);
      case TOKENS: return Math.max(relative, TOKENS_FLOOR);
      default: return Math.max(Math.max(relative, Math.sqrt(Math.abs(baseline))), 1);
    }
  }
}
