package dev.sightline.storage.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.sightline.core.model.Row;
import dev.sightline.core.model.Schema;
import dev.sightline.core.model.Table;
import dev.sightline.core.storage.TraceData;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The shared {@link Fixtures} stored and read back: each trace whole, in the SPI's order, and found
 * by the conditions a user would look for it with.
 */
public interface FixtureContract extends StorageTestSupport {

  private List<Row> writeFixtures() {
    List<Row> rows = Fixtures.ALL.stream().flatMap(name -> Fixtures.rows(name, P1).stream()).toList();
    write(rows);
    return rows;
  }

  @Test
  default void fixtureTracesReadBackWhole() {
    List<Row> rows = writeFixtures();
    for (String traceId : List.of(Fixtures.RAG_CHAT_TRACE, Fixtures.AGENT_TOOLS_TRACE)) {
      TraceData data = storage().trace(P1, traceId).orElseThrow();
      assertThat(data.trace()).isEqualTo(only(rows, Table.TRACES, traceId).get(0));
      assertThat(data.spans()).containsExactlyElementsOf(only(rows, Table.SPANS, traceId).stream()
          .sorted(Comparator.comparing((Row s) -> s.longValue(Schema.START_TIME))
              .thenComparing(s -> s.string(Schema.SPAN_ID)))
          .toList());
      assertThat(data.scores()).containsExactlyElementsOf(only(rows, Table.SCORES, traceId));
    }
    assertThat(storage().trace(P1, Fixtures.RAG_CHAT_TRACE).orElseThrow().trace().doubleValue(Schema.COST))
        .isCloseTo(0.00115018, within(1e-12));
  }

  @Test
  default void fixtureTracesAreFoundByWhatTheyHold() {
    writeFixtures();
    assertThat(traceIds(where(f -> f.model("gpt-4o")))).containsExactly(Fixtures.RAG_CHAT_TRACE);
    assertThat(traceIds(where(f -> f.hasError(true)))).containsExactly(Fixtures.AGENT_TOOLS_TRACE);
    assertThat(traceIds(where(f -> f.q("single sign-on")))).containsExactly(Fixtures.RAG_CHAT_TRACE);
    assertThat(traceIds(where(f -> f.q("lisbon sunny")))).containsExactly(Fixtures.AGENT_TOOLS_TRACE);
    assertThat(traceIds(where(f -> f.tag("billing").userId("user-ada")))).containsExactly(Fixtures.RAG_CHAT_TRACE);
    assertThat(spanIds(P1, where(f -> f.status("failure")), "tool")).containsExactly("b200000000000004");
    assertThat(spanIds(P1, where(f -> f.q("enterprise")), null))
        .containsExactlyInAnyOrder("a100000000000003", "a100000000000004");
  }

  private static List<Row> only(List<Row> rows, Table table, String traceId) {
    return rows.stream().filter(r -> r.table() == table && traceId.equals(r.string(Schema.TRACE_ID))).toList();
  }
}
