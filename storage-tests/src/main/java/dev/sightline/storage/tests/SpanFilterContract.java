package dev.sightline.storage.tests;

import static dev.sightline.storage.tests.TestRows.T0;
import static dev.sightline.storage.tests.TestRows.json;
import static dev.sightline.storage.tests.TestRows.span;
import static dev.sightline.storage.tests.TestRows.spanId;
import static dev.sightline.storage.tests.TestRows.trace;
import static dev.sightline.storage.tests.TestRows.traceId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sightline.core.model.Row;
import dev.sightline.core.storage.Filter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Span listings: which {@link Filter} fields are about the span's trace and which about the span,
 * and every span condition (full text is in {@link TextSearchContract}).
 */
public interface SpanFilterContract extends StorageTestSupport {

  /**
   * Trace-level fields are read from the span's trace; name, status and reference id from the span,
   * whatever its trace has.
   */
  @Test
  default void traceLevelFieldsComeFromTheTraceAndTheOthersFromTheSpan() {
    List<FilterField> fields = Stream.concat(FilterField.TRACE_LEVEL.stream(), FilterField.OWN.stream()).toList();
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < fields.size(); i++) {
      FilterField field = fields.get(i);
      boolean own = FilterField.OWN.contains(field);
      for (int k = 0; k < 2; k++) {
        int n = 2 * i + k;
        String value = k == 0 ? field.value() : field.otherValue();
        String crossed = k == 0 ? field.otherValue() : field.value();
        TestRows.RowSpec trace = trace(P1, traceId(n)).start(T0);
        TestRows.RowSpec span = span(P1, traceId(n), spanId(n)).start(T0 + n);
        if (own) {
          trace.set(field.column(), crossed);
          span.set(field.column(), value);
        } else {
          trace.set(field.column(), value);
        }
        rows.add(trace.build());
        rows.add(span.build());
      }
    }
    write(rows);

    for (int i = 0; i < fields.size(); i++) {
      FilterField field = fields.get(i);
      assertThat(spanIds(field.wanting(field.value()))).as(field.column().name())
          .containsExactly(spanId(2 * i));
      assertThat(spanIds(field.wanting(field.otherValue()))).as(field.column().name())
          .containsExactly(spanId(2 * i + 1));
    }
  }

  /** A span can arrive before its trace: it meets its own conditions but no trace-level one. */
  @Test
  default void aSpanWithoutItsTraceRowFailsEveryTraceLevelCondition() {
    write(span(P1, traceId(1), spanId(1)).name("tool call").start(T0).build());
    assertThat(spanIds(where(f -> f.name("tool call")))).containsExactly(spanId(1));
    for (FilterField field : FilterField.TRACE_LEVEL) {
      assertThat(spanIds(field.wanting(field.value()))).as(field.column().name()).isEmpty();
    }
  }

  /** The span's own time, tags, model, attributes, metadata, duration, cost, status and type. */
  @Test
  default void spanConditionsUseTheSpanItself() {
    Row trace = trace(P1, traceId(1)).times(T0, T0 + 10_000).tags("trace-tag")
        .models("gpt-4o", "text-embedding-3-small").attributes(json(Map.of("tier", "trace")))
        .status("failure").errorCount(1L).cost(1.0).build();
    Row s1 = span(P1, traceId(1), spanId(1)).type("generation").model("gpt-4o").tags("cached")
        .attributes(json(Map.of("tier", "gold", "temperature", 0.2)))
        .metadata(json(Map.of("attempt", 2))).times(T0 + 100, T0 + 400).cost(0.003)
        .status("success").build();
    Row s2 = span(P1, traceId(1), spanId(2)).type("retrieval").times(T0 + 200, T0 + 250)
        .status("failure").build();
    Row s3 = span(P1, traceId(1), spanId(3)).type("embedding").model("text-embedding-3-small")
        .start(T0 + 300).cost(0.0001).status("success").build();
    Row s4 = span(P1, traceId(1), spanId(4)).type("generation").model("gpt-4o-mini").cost(0.01)
        .status("cancelled").build();
    write(trace, s1, s2, s3, s4);

    assertSpans(where(f -> f.from(T0 + 200)), 2, 3);
    assertSpans(where(f -> f.to(T0 + 200)), 1);
    assertSpans(where(f -> f.from(T0 + 100).to(T0 + 300)), 1, 2);
    assertSpans(where(f -> f.tag("cached")), 1);
    assertSpans(where(f -> f.tag("trace-tag")));
    assertSpans(where(f -> f.model("gpt-4o")), 1);
    assertSpans(where(f -> f.model("text-embedding-3-small")), 3);
    assertSpans(where(f -> f.attributes(Map.of("tier", "gold", "temperature", "0.2"))), 1);
    assertSpans(where(f -> f.attributes(Map.of("tier", "trace"))));
    assertSpans(where(f -> f.metadata(Map.of("attempt", "2"))), 1);
    assertSpans(where(f -> f.minDuration(100L)), 1);
    assertSpans(where(f -> f.maxDuration(300L)), 1, 2);
    assertSpans(where(f -> f.minCost(0.003)), 1, 4);
    assertSpans(where(f -> f.hasError(true)), 2);
    assertSpans(where(f -> f.hasError(false)), 1, 3, 4);
    assertThat(spanIds(P1, Filter.NONE, "generation")).containsExactlyInAnyOrder(spanId(1), spanId(4));
    assertThat(spanIds(P1, where(f -> f.minCost(0.005)), "generation")).containsExactly(spanId(4));
    assertThat(spanIds(P1, Filter.NONE, "tool")).isEmpty();
  }

  private void assertSpans(Filter filter, int... spans) {
    assertThat(spanIds(filter)).as(filter.toString())
        .containsExactlyInAnyOrderElementsOf(IntStream.of(spans).mapToObj(TestRows::spanId).toList());
  }
}
