package dev.sightline.server.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The sample of an evaluator: the expected share of traces, decided on the trace id alone. */
class SamplingTest {
  private static final int TRACES = 10_000;

  @Test
  void keepsTheRateWithinFourStandardDeviationsOverTenThousandTraces() {
    Random random = new Random(42);
    String[] ids = new String[TRACES];
    for (int i = 0; i < TRACES; i++) {
      byte[] id = new byte[16];
      random.nextBytes(id);
      ids[i] = HexFormat.of().formatHex(id);
    }
    for (double rate : new double[] {0.01, 0.1, 0.25, 0.5, 0.9}) {
      assertThat(share(ids, rate)).as("rate %s", rate).isCloseTo(rate, within(rate));
    }
    assertThat(share(ids, 0)).isZero();
    assertThat(share(ids, 1)).isEqualTo(1.0);
  }

  @Test
  void idsCountedUpAreSpreadToo() {
    String[] ids = new String[TRACES];
    for (int i = 0; i < TRACES; i++) {
      ids[i] = String.format("%032x", i);
    }
    assertThat(share(ids, 0.3)).isCloseTo(0.3, within(0.3));
  }

  @Test
  void theDecisionDependsOnTheTraceIdOnlyAndGrowsWithTheRate() {
    String id = "4bf92f3577b34da6a3ce929d0e0e4736";
    boolean first = Evaluator.samples(0.5, id);
    for (int i = 0; i < 100; i++) {
      assertThat(Evaluator.samples(0.5, id)).isEqualTo(first);
    }
    // A trace sampled at one rate is sampled at every higher rate: raising a rate only adds traces.
    Random random = new Random(7);
    for (int i = 0; i < 1000; i++) {
      String t = Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong());
      if (Evaluator.samples(0.2, t)) {
        assertThat(Evaluator.samples(0.6, t)).isTrue();
      }
    }
  }

  /** Four standard deviations of a binomial share over {@link #TRACES} traces. */
  private static org.assertj.core.data.Offset<Double> within(double rate) {
    return org.assertj.core.data.Offset.offset(4 * Math.sqrt(rate * (1 - rate) / TRACES));
  }

  private static double share(String[] ids, double rate) {
    int in = 0;
    for (String id : ids) {
      if (Evaluator.samples(rate, id)) {
        in++;
      }
    }
    return (double) in / ids.length;
  }
}
