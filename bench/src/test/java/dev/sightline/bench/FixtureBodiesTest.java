package dev.sightline.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sightline.core.codec.DecodedBatch;
import dev.sightline.core.codec.NativeDecoder;
import dev.sightline.core.model.Schema;
import dev.sightline.core.model.Table;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The {@code fixtures} format: valid native batches of exactly the asked spans, a trace id per copy. */
class FixtureBodiesTest {
  private static final long START = 1_790_000_000_000_000L;

  @Test
  void copiesOfTheFixturesMakeTheBatchUnderTheRequestsIds() {
    BodyTemplate template = WireFormat.FIXTURES.template(100, 7, START);
    DecodedBatch batch = new NativeDecoder().decode(template.body(0xab, 40), "p", START);

    assertThat(batch.errors()).isEmpty();
    assertThat(batch.rows().stream().filter(r -> r.table() == Table.SPANS)).hasSize(100);
    Set<String> traces = batch.rows().stream().filter(r -> r.table() == Table.TRACES)
        .map(r -> r.string(Schema.TRACE_ID)).collect(Collectors.toSet());
    assertThat(traces).hasSize(template.traces())
        .contains(BodyTemplate.traceId(0xab, 40), BodyTemplate.traceId(0xab, 40 + template.traces() - 1));
    assertThat(batch.rows()).allMatch(r -> traces.contains(r.string(Schema.TRACE_ID)));
    // Each copy's score has an id of its own, and every time moved to the run's start (fixtures span 64 s).
    assertThat(batch.rows().stream().filter(r -> r.table() == Table.SCORES).map(r -> r.string(Schema.SCORE_ID)))
        .doesNotHaveDuplicates().isNotEmpty();
    assertThat(batch.rows().stream().filter(r -> r.table() != Table.SCORES).map(r -> r.longValue(Schema.START_TIME)))
        .allMatch(t -> t >= START && t < START + 120_000_000L);
  }

  @Test
  void aSpanCountNoCopiesMakeIsRefused() {
    assertThatThrownBy(() -> WireFormat.FIXTURES.template(7, 7, START)).hasMessageContaining("spans: 7");
  }
}
