package dev.sightline.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SamplerTest {

  @Test
  void decisionDependsOnTheTraceIdOnlyAndMatchesTheRate() {
    Sampler a = new Sampler(0.3);
    Sampler b = new Sampler(0.3);
    SplittableRandom random = new SplittableRandom(7);
    int kept = 0;
    for (int i = 0; i < 100_000; i++) {
      long id = random.nextLong();
      assertThat(a.keep(id)).isEqualTo(b.keep(id));
      kept += a.keep(id) ? 1 : 0;
    }
    assertThat(kept).isBetween(29_000, 31_000);
    assertThat(new Sampler(0).keep(1)).isFalse();
    assertThat(new Sampler(1).keep(-1)).isTrue();
  }
}
