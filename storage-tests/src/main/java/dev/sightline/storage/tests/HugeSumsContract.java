package dev.sightline.storage.tests;

import static dev.sightline.storage.tests.StorageTestSupport.assertSummaries;
import static dev.sightline.storage.tests.TestRows.MINUTE;
import static dev.sightline.storage.tests.TestRows.SECOND;
import static dev.sightline.storage.tests.TestRows.T0;
import static dev.sightline.storage.tests.TestRows.span;
import static dev.sightline.storage.tests.TestRows.spanId;
import static dev.sightline.storage.tests.TestRows.trace;
import static dev.sightline.storage.tests.TestRows.traceId;

import dev.sightline.core.codec.FieldRules;
import dev.sightline.core.model.Schema;
import dev.sightline.core.storage.Filter;
import dev.sightline.core.storage.GroupQuery.GroupBy;
import dev.sightline.core.storage.GroupQuery;
import dev.sightline.core.storage.GroupSummary;
import dev.sightline.core.storage.MetricPoint;
import dev.sightline.core.storage.MetricsQuery;
import dev.sightline.core.storage.Sums;
import org.junit.jupiter.api.Test;

/**
 * Token sums past what a long holds: metrics and groups answer without error, exact below 2^63 − 1
 * and saturated at it ({@link Sums}), the same on every backend. Rows reach storage with such
 * rollups only from before the input bounds (or from many spans at the bound), so the rows here are
 * written as storage would hold them.
 */
public interface HugeSumsContract extends StorageTestSupport {
  long MAX = FieldRules.MAX_TOKENS;

  /** Three traces at the per-item bound sum exactly (2^53 · 3 − 3 is past what a double holds exactly). */
  @Test
  default void sumsPastTwoToThe53AreExact() {
    for (int i = 1; i <= 3; i++) {
      write(trace(P1, traceId(i)).session("sess").start(T0 + i * SECOND).tokens(MAX, MAX).cost(1e9).build());
    }
    long three = 3 * MAX;
    assertSummaries(storage().metrics(new MetricsQuery(P1, false, Filter.NONE, T0, T0 + MINUTE, MINUTE, null)),
        new MetricPoint(T0, null, 3, 0, 0, null, null, null, null, null, null, null, three, three, 2 * three, 3e9));
    assertSummaries(storage().groups(new GroupQuery(P1, GroupBy.SESSION, null, null, 10, null)).items(),
        new GroupSummary("sess", null, 3, 0, T0 + SECOND, T0 + 3 * SECOND, three, three, 2 * three, 3e9));
  }

  /** Sums past 2^63 − 1, of traces and of spans, saturate instead of failing or wrapping. */
  @Test
  default void sumsPastTheLongRangeSaturate() {
    long big = Long.MAX_VALUE - 10;
    write(
        trace(P1, traceId(1)).user("u", null).start(T0).set(Schema.INPUT_TOKENS, big)
            .set(Schema.OUTPUT_TOKENS, 1L).set(Schema.TOTAL_TOKENS, Long.MAX_VALUE).build(),
        trace(P1, traceId(2)).user("u", null).start(T0 + SECOND).set(Schema.INPUT_TOKENS, big)
            .set(Schema.OUTPUT_TOKENS, 2L).set(Schema.TOTAL_TOKENS, Long.MAX_VALUE).build(),
        span(P1, traceId(1), spanId(1)).start(T0).set(Schema.INPUT_TOKENS, big)
            .set(Schema.OUTPUT_TOKENS, 0L).set(Schema.TOTAL_TOKENS, big).build(),
        span(P1, traceId(1), spanId(2)).start(T0 + SECOND).set(Schema.INPUT_TOKENS, 11L)
            .set(Schema.OUTPUT_TOKENS, 0L).set(Schema.TOTAL_TOKENS, 11L).build());

    long max = Long.MAX_VALUE;
    assertSummaries(storage().metrics(new MetricsQuery(P1, false, Filter.NONE, T0, T0 + MINUTE, MINUTE, null)),
        new MetricPoint(T0, null, 2, 0, 0, null, null, null, null, null, null, null, max, 3, max, 0));
    assertSummaries(storage().metrics(new MetricsQuery(P1, true, Filter.NONE, T0, T0 + MINUTE, MINUTE, null)),
        new MetricPoint(T0, null, 2, 0, 0, null, null, null, null, null, null, null, max, 0, max, 0));
    assertSummaries(storage().groups(new GroupQuery(P1, GroupBy.USER, null, null, 10, null)).items(),
        new GroupSummary("u", null, 2, 0, T0, T0 + SECOND, max, 3, max, 0));
  }
}
