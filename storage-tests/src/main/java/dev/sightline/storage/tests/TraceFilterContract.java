package dev.sightline.storage.tests;

import static dev.sightline.storage.tests.TestRows.T0;
import static dev.sightline.storage.tests.TestRows.json;
import static dev.sightline.storage.tests.TestRows.trace;
import static dev.sightline.storage.tests.TestRows.traceId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sightline.core.model.Column;
import dev.sightline.core.model.Row;
import dev.sightline.core.model.Schema;
import dev.sightline.core.storage.Filter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every {@link Filter} condition on trace listings (full text is in {@link TextSearchContract}). */
public interface TraceFilterContract extends StorageTestSupport {

  @Test
  default void eachTextFieldMatchesItsExactValue() {
    List<FilterField> fields = Stream.concat(FilterField.TRACE_LEVEL.stream(), FilterField.OWN.stream()).toList();
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < fields.size(); i++) {
      FilterField field = fields.get(i);
      rows.add(trace(P1, traceId(2 * i)).start(T0 + i).set(field.column(), field.value()).build());
      rows.add(trace(P1, traceId(2 * i + 1)).start(T0 + i).set(field.column(), field.otherValue()).build());
    }
    write(rows);

    for (int i = 0; i < fields.size(); i++) {
      FilterField field = fields.get(i);
      String name = field.column().name();
      assertThat(traceIds(field.wanting(field.value()))).as(name).containsExactly(traceId(2 * i));
      assertThat(traceIds(field.wanting(field.otherValue()))).as(name).containsExactly(traceId(2 * i + 1));
      assertThat(traceIds(field.wanting(field.value().substring(1)))).as(name + ", a part of the value")
          .isEmpty();
    }
  }

  /** {@code from} is inclusive, {@code to} exclusive, on the start time or else the first span's. */
  @Test
  default void fromAndToBoundTheEffectiveStartTime() {
    write(
        trace(P1, traceId(1)).start(T0).build(),
        trace(P1, traceId(2)).start(T0 + 10).build(),
        trace(P1, traceId(3)).start(T0 + 20).build(),
        trace(P1, traceId(4)).firstSpanStart(T0 + 10).build(),
        trace(P1, traceId(5)).name("no start at all").build(),
        trace(P1, traceId(6)).start(T0 + 20).firstSpanStart(T0 + 10).build());

    assertThat(traceIds(where(f -> f.from(T0 + 10).to(T0 + 20))))
        .containsExactlyInAnyOrder(traceId(2), traceId(4));
    assertThat(traceIds(where(f -> f.from(T0 + 10))))
        .containsExactlyInAnyOrder(traceId(2), traceId(3), traceId(4), traceId(6));
    assertThat(traceIds(where(f -> f.to(T0 + 10)))).containsExactly(traceId(1));
    assertThat(traceIds(where(f -> f.to(T0 + 21))))
        .containsExactlyInAnyOrder(traceId(1), traceId(2), traceId(3), traceId(4), traceId(6));
    assertThat(traceIds(Filter.NONE)).hasSize(6);
  }

  @Test
  default void tagMatchesAnyTagOfTheTrace() {
    write(
        trace(P1, traceId(1)).start(T0).tags("vip", "escalated").build(),
        trace(P1, traceId(2)).start(T0).tags("escalated").build(),
        trace(P1, traceId(3)).start(T0).build());
    assertThat(traceIds(where(f -> f.tag("vip")))).containsExactly(traceId(1));
    assertThat(traceIds(where(f -> f.tag("escalated")))).containsExactlyInAnyOrder(traceId(1), traceId(2));
    assertThat(traceIds(where(f -> f.tag("esc")))).isEmpty();
  }

  /** A trace's model condition uses its {@code models} rollup: any model, whole names only. */
  @Test
  default void modelMatchesAnyModelTheTraceUsed() {
    write(
        trace(P1, traceId(1)).start(T0).models("claude-3-5-sonnet", "gpt-4o").build(),
        trace(P1, traceId(2)).start(T0).models("gpt-4o-mini").build(),
        trace(P1, traceId(3)).start(T0).build());
    assertThat(traceIds(where(f -> f.model("gpt-4o")))).containsExactly(traceId(1));
    assertThat(traceIds(where(f -> f.model("claude-3-5-sonnet")))).containsExactly(traceId(1));
    assertThat(traceIds(where(f -> f.model("gpt-4o-mini")))).containsExactly(traceId(2));
  }

  /**
   * Attribute and metadata conditions compare a top-level key's value as text: a string by its
   * value, a number or boolean by its JSON text. Every pair must match; nulls, objects and absent
   * keys never do.
   */
  @Test
  default void attributesAndMetadataCompareTopLevelValuesAsText() {
    Map<String, Object> rich = new LinkedHashMap<>();
    rich.put("plan", "pro");
    rich.put("seats", 42);
    rich.put("beta", true);
    rich.put("ratio", 0.5);
    rich.put("account", Map.of("tier", "gold"));
    rich.put("coupon", null);
    String a = json(rich);
    String b = json(Map.of("plan", "free", "seats", "42"));
    List<Column> columns = List.of(Schema.ATTRIBUTES, Schema.METADATA);
    List<BiFunction<Filter.Builder, Map<String, String>, Filter.Builder>> conditions =
        List.of(Filter.Builder::attributes, Filter.Builder::metadata);
    List<Row> rows = new ArrayList<>();
    for (int c = 0; c < columns.size(); c++) {
      rows.add(trace(P1, traceId(3 * c)).start(T0).set(columns.get(c), a).build());
      rows.add(trace(P1, traceId(3 * c + 1)).start(T0).set(columns.get(c), b).build());
      rows.add(trace(P1, traceId(3 * c + 2)).start(T0).build());
    }
    write(rows);

    for (int c = 0; c < columns.size(); c++) {
      String withA = traceId(3 * c);
      String withB = traceId(3 * c + 1);
      Map<Map<String, String>, List<String>> expected = new LinkedHashMap<>();
      expected.put(Map.of("plan", "pro"), List.of(withA));
      expected.put(Map.of("seats", "42"), List.of(withA, withB));
      expected.put(Map.of("beta", "true"), List.of(withA));
      expected.put(Map.of("ratio", "0.5"), List.of(withA));
      expected.put(Map.of("plan", "free", "seats", "42"), List.of(withB));
      expected.put(Map.of("plan", "pro", "beta", "false"), List.of());
      expected.put(Map.of("tier", "gold"), List.of());
      expected.put(Map.of("account", "{\"tier\":\"gold\"}"), List.of());
      expected.put(Map.of("coupon", "null"), List.of());
      expected.put(Map.of("Plan", "pro"), List.of());
      expected.put(Map.of("plan", "Pro"), List.of());
      BiFunction<Filter.Builder, Map<String, String>, Filter.Builder> condition = conditions.get(c);
      Column column = columns.get(c);
      expected.forEach((wanted, ids) -> assertThat(traceIds(condition.apply(Filter.builder(), wanted).build()))
          .as("%s %s", column, wanted).containsExactlyInAnyOrderElementsOf(ids));
    }
  }

  /** Durations are inclusive bounds; a trace's end falls back to its last span's end. */
  @Test
  default void minAndMaxDurationAreInclusive() {
    write(
        trace(P1, traceId(1)).times(T0, T0 + 100).build(),
        trace(P1, traceId(2)).times(T0, T0 + 200).build(),
        trace(P1, traceId(3)).times(T0, T0 + 300).build(),
        trace(P1, traceId(4)).firstSpanStart(T0).lastSpanEnd(T0 + 200).build(),
        trace(P1, traceId(5)).start(T0).lastSpanEnd(T0 + 250).build(),
        trace(P1, traceId(6)).start(T0).build());

    assertThat(traceIds(where(f -> f.minDuration(200L))))
        .containsExactlyInAnyOrder(traceId(2), traceId(3), traceId(4), traceId(5));
    assertThat(traceIds(where(f -> f.maxDuration(200L))))
        .containsExactlyInAnyOrder(traceId(1), traceId(2), traceId(4));
    assertThat(traceIds(where(f -> f.minDuration(200L).maxDuration(200L))))
        .containsExactlyInAnyOrder(traceId(2), traceId(4));
    assertThat(traceIds(where(f -> f.minDuration(201L).maxDuration(299L)))).containsExactly(traceId(5));
    assertThat(traceIds(where(f -> f.minDuration(0L)))).as("no duration, no match").hasSize(5);
  }

  @Test
  default void minCostIsInclusiveOnTheCostRollup() {
    write(
        trace(P1, traceId(1)).start(T0).cost(0.001).build(),
        trace(P1, traceId(2)).start(T0).cost(0.0125).build(),
        trace(P1, traceId(3)).start(T0).cost(0.2).build(),
        trace(P1, traceId(4)).start(T0).build());
    assertThat(traceIds(where(f -> f.minCost(0.0125)))).containsExactlyInAnyOrder(traceId(2), traceId(3));
    assertThat(traceIds(where(f -> f.minCost(0.0)))).as("no cost, no match")
        .containsExactlyInAnyOrder(traceId(1), traceId(2), traceId(3));
  }

  /** A trace has an error when its status is failure or when any of its spans failed. */
  @Test
  default void hasErrorLooksAtTheStatusAndTheErrorCount() {
    write(
        trace(P1, traceId(1)).start(T0).status("failure").errorCount(0L).build(),
        trace(P1, traceId(2)).start(T0).status("success").errorCount(2L).build(),
        trace(P1, traceId(3)).start(T0).status("success").errorCount(0L).build(),
        trace(P1, traceId(4)).start(T0).build());
    assertThat(traceIds(where(f -> f.hasError(true)))).containsExactlyInAnyOrder(traceId(1), traceId(2));
    assertThat(traceIds(where(f -> f.hasError(false)))).containsExactlyInAnyOrder(traceId(3), traceId(4));
  }

  @Test
  default void everyConditionMustHold() {
    Function<Integer, TestRows.RowSpec> matching = n -> trace(P1, traceId(n)).feature("support-chat")
        .environment("production").tags("vip").status("failure").times(T0, T0 + 500);
    write(
        matching.apply(0).build(),
        matching.apply(1).feature("checkout-assistant").build(),
        matching.apply(2).environment("staging").build(),
        matching.apply(3).tags("beta").build(),
        matching.apply(4).status("success").build(),
        matching.apply(5).end(T0 + 50).build());
    Filter all = where(f -> f.feature("support-chat").environment("production").tag("vip")
        .hasError(true).minDuration(100L));
    assertThat(traceIds(all)).containsExactly(traceId(0));
  }
}
