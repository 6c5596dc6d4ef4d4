package dev.sightline.server.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The detector on synthetic hourly series: 30 days scored after a week of history. */
class DetectorTest {
  private static final int WEEK = Detector.HISTORY;
  private static final int HOURS = WEEK + 30 * 24;

  /** Latency around 800 ms ± 5% noise, and a daily cycle of ±40% (busy afternoons). */
  private static double[] latency(Random random) {
    double[] v = new double[HOURS];
    for (int i = 0; i < HOURS; i++) {
      double cycle = 1 + 0.4 * Math.sin(2 * Math.PI * (i % 24) / 24);
      v[i] = 800_000 * cycle * (1 + 0.05 * random.nextGaussian());
    }
    return v;
  }

  private static long[] counts(Random random) {
    long[] c = new long[HOURS];
    for (int i = 0; i < HOURS; i++) {
      c[i] = Math.round(200 * (1 + 0.5 * Math.sin(2 * Math.PI * (i % 24) / 24)) + 10 * random.nextGaussian());
    }
    return c;
  }

  @Test
  void aSteadySeriesWithNoiseAndADailyCycleHasNoFinding() {
    for (long seed = 1; seed <= 20; seed++) {
      Random random = new Random(seed);
      long[] counts = counts(random);
      double[] volume = Arrays.stream(counts).asDoubleStream().toArray();
      double[] errors = new double[HOURS];
      for (int i = 0; i < HOURS; i++) {
        errors[i] = binomial(random, counts[i], 0.03) / (double) counts[i];
      }
      assertThat(Detector.scan(Metric.LATENCY_P95, latency(random), counts, WEEK)).as("seed %d", seed).isEmpty();
      assertThat(Detector.scan(Metric.VOLUME, volume, counts, WEEK)).as("seed %d", seed).isEmpty();
      assertThat(Detector.scan(Metric.ERROR_RATE, errors, counts, WEEK)).as("seed %d", seed).isEmpty();
    }
  }

  @Test
  void anInjectedLatencySpikeIsFound() {
    Random random = new Random(7);
    double[] latency = latency(random);
    long[] counts = counts(random);
    int spike = WEEK + 20 * 24 + 15;
    latency[spike] *= 3;

    List<Detector.Hit> hits = Detector.scan(Metric.LATENCY_P95, latency, counts, WEEK);

    assertThat(hits).extracting(Detector.Hit::index).containsExactly(spike);
    assertThat(hits.get(0).score()).isGreaterThan(Detector.THRESHOLD);
    assertThat(hits.get(0).baseline()).isBetween(latency[spike] / 3 * 0.8, latency[spike] / 3 * 1.2);
  }

  @Test
  void anErrorBurstIsFoundAndSoIsItsEnd() {
    Random random = new Random(11);
    long[] counts = counts(random);
    double[] errors = new double[HOURS];
    for (int i = 0; i < HOURS; i++) {
      errors[i] = binomial(random, counts[i], 0.02) / (double) counts[i];
    }
    int burst = WEEK + 10 * 24 + 3;
    errors[burst] = 0.4;
    errors[burst + 1] = 0.35;

    List<Detector.Hit> hits = Detector.scan(Metric.ERROR_RATE, errors, counts, WEEK);

    assertThat(hits).extracting(Detector.Hit::index).containsExactly(burst, burst + 1);
    assertThat(hits).allMatch(h -> h.score() > 0);
  }

  @Test
  void aDropInVolumeIsADownFinding() {
    Random random = new Random(3);
    long[] counts = counts(random);
    counts[HOURS - 1] = 0;
    double[] volume = Arrays.stream(counts).asDoubleStream().toArray();

    List<Detector.Hit> hits = Detector.scan(Metric.VOLUME, volume, counts, WEEK);

    assertThat(hits).extracting(Detector.Hit::index).containsExactly(HOURS - 1);
    assertThat(hits.get(0).score()).isLessThan(-Detector.THRESHOLD);
  }

  @Test
  void aFlatSeriesDoesNotFlagATinyChange() {
    double[] flat = filled(500_000);
    long[] counts = hundreds();
    flat[HOURS - 2] = 530_000; // +6%: under the floor of 10% of the baseline times the threshold
    flat[HOURS - 1] = 900_000;

    assertThat(Detector.scan(Metric.LATENCY_P95, flat, counts, WEEK)).extracting(Detector.Hit::index)
        .containsExactly(HOURS - 1);
  }

  @Test
  void bucketsWithTooFewRowsOrTooLittleHistoryAreNotScored() {
    double[] flat = filled(500_000);
    long[] counts = hundreds();
    flat[HOURS - 1] = 5_000_000;
    counts[HOURS - 1] = Detector.MIN_COUNT - 1;
    flat[2 * 24] = 5_000_000; // day 3: only two days of history at that hour

    assertThat(Detector.scan(Metric.LATENCY_P95, flat, counts, 0)).isEmpty();
  }

  private static double[] filled(double value) {
    double[] v = new double[HOURS];
    Arrays.fill(v, value);
    return v;
  }

  /** 100 rows in every hour. */
  private static long[] hundreds() {
    long[] c = new long[HOURS];
    Arrays.fill(c, 100);
    return c;
  }

  private static long binomial(Random random, long n, double p) {
    long k = 0;
    for (long i = 0; i < n; i++) {
      k += random.nextDouble() < p ? 1 : 0;
    }
    return k;
  }
}
