package dev.sightline.storage.tests;

import static dev.sightline.storage.tests.TestRows.T0;
import static dev.sightline.storage.tests.TestRows.chat;
import static dev.sightline.storage.tests.TestRows.json;
import static dev.sightline.storage.tests.TestRows.message;
import static dev.sightline.storage.tests.TestRows.span;
import static dev.sightline.storage.tests.TestRows.spanId;
import static dev.sightline.storage.tests.TestRows.trace;
import static dev.sightline.storage.tests.TestRows.traceId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sightline.core.storage.QuerySemantics;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The {@code q} condition: every word of the query must be a whole word, in any case, of the
 * decoded string and number values of the input or output JSON (keys do not count) — of the trace
 * or any of its spans for traces, of the span itself for spans. See {@link QuerySemantics}.
 */
public interface TextSearchContract extends StorageTestSupport {

  /** Four traces with spans; the words each can be found by are in the comments. */
  private void writeConversations() {
    write(
        // weather, paris, tomorrow, take (after an escaped newline), sunny; 24 from its span
        trace(P1, traceId(1)).start(T0)
            .input(chat("user", "What is the weather in Paris tomorrow?"))
            .output(message("assistant", "Sunny and warm.\nTake sunglasses!")).build(),
        span(P1, traceId(1), spanId(1)).type("tool").name("get_forecast").start(T0 + 1)
            .input(json(Map.of("city", "Paris"))).output(json(Map.of("temperature", 24))).build(),
        // café and louvre written as \\u escapes, table; reserved from its span
        trace(P1, traceId(2)).start(T0 + 2)
            .input("[{\"role\":\"user\",\"content\":\"Book a table at the caf\\u00e9 \\u2014 near the Louvre\"}]")
            .build(),
        span(P1, traceId(2), spanId(2)).type("generation").start(T0 + 3)
            .output(message("assistant", "Reserved for two at 8pm.")).build(),
        // weather and london only in its span
        trace(P1, traceId(3)).start(T0 + 4).build(),
        span(P1, traceId(3), spanId(3)).type("generation").start(T0 + 5)
            .input(chat("user", "weather in London")).build(),
        // weathered, paris in capitals
        trace(P1, traceId(4)).start(T0 + 6).input(chat("user", "A weathered map of PARIS")).build());
  }

  @Test
  default void traceSearchFindsWholeWordsOfTheTraceAndItsSpans() {
    writeConversations();
    Map<String, List<String>> expected = Map.ofEntries(
        Map.entry("weather", List.of(traceId(1), traceId(3))),
        Map.entry("WEATHER paris", List.of(traceId(1))),
        Map.entry("paris", List.of(traceId(1), traceId(4))),
        Map.entry("Paris?", List.of(traceId(1), traceId(4))),
        Map.entry("weather london", List.of(traceId(3))),
        Map.entry("weather tokyo", List.of()),
        Map.entry("take", List.of(traceId(1))),
        Map.entry("ntake", List.of()),
        Map.entry("CAFÉ", List.of(traceId(2))),
        Map.entry("caf", List.of()),
        Map.entry("u00e9", List.of()),
        Map.entry("louvre", List.of(traceId(2))),
        Map.entry("table reserved", List.of(traceId(2))),
        Map.entry("24", List.of(traceId(1))),
        Map.entry("content", List.of()),
        Map.entry("city", List.of()),
        Map.entry("temperature", List.of()));
    expected.forEach((q, ids) -> assertThat(traceIds(where(f -> f.q(q)))).as(q)
        .containsExactlyInAnyOrderElementsOf(ids));
  }

  @Test
  default void spanSearchFindsWholeWordsOfTheSpanOnly() {
    writeConversations();
    Map<String, List<String>> expected = Map.ofEntries(
        Map.entry("weather", List.of(spanId(3))),
        Map.entry("paris", List.of(spanId(1))),
        Map.entry("24", List.of(spanId(1))),
        Map.entry("reserved", List.of(spanId(2))),
        Map.entry("table reserved", List.of()),
        Map.entry("london WEATHER", List.of(spanId(3))),
        Map.entry("city", List.of()));
    expected.forEach((q, ids) -> assertThat(spanIds(where(f -> f.q(q)))).as(q)
        .containsExactlyInAnyOrderElementsOf(ids));
  }

  @Test
  default void searchCombinesWithOtherConditions() {
    writeConversations();
    assertThat(traceIds(where(f -> f.q("paris").from(T0 + 1)))).containsExactly(traceId(4));
    assertThat(spanIds(P1, where(f -> f.q("weather")), "tool")).isEmpty();
  }
}
