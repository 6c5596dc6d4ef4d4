package dev.sightline.server.collector;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IngestBudgetTest {
  final IngestBudget budget = new IngestBudget(1000);

  @Test
  void refusesWhatWouldExceedTheBudgetUntilRequestsInFlightAreReleased() {
    IngestBudget.Charge first = budget.admit(600, 5000);
    assertThat(first).isNotNull();
    assertThat(budget.admit(600, 5000)).isNull();
    IngestBudget.Charge small = budget.admit(400, 5000);
    assertThat(small).isNotNull();
    first.release();
    small.release();
    assertThat(budget.admit(900, 5000)).isNotNull();
  }

  @Test
  void letsOneRequestLargerThanTheBudgetInWhenNothingElseIsInFlight() {
    IngestBudget.Charge unknownLength = budget.admit(-1, 5000); // charged the largest body
    assertThat(unknownLength).isNotNull();
    assertThat(budget.admit(1, 5000)).isNull();
    assertThat(unknownLength.add(10_000)).as("its own decompressed body").isTrue();
    unknownLength.release();
    assertThat(budget.admit(1, 5000)).isNotNull();
  }

  @Test
  void chargesDecompressedBytesAgainstTheBudget() {
    IngestBudget.Charge gzip = budget.admit(100, 5000);
    IngestBudget.Charge other = budget.admit(100, 5000);
    assertThat(gzip.add(700)).isTrue();
    assertThat(other.add(200)).isFalse();
    gzip.release();
    assertThat(other.add(200)).isTrue();
  }
}
