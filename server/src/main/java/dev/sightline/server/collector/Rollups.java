package dev.sightline.server.collector;

import dev.sightline.core.model.Column;
import dev.sightline.core.model.Row;
import dev.sightline.core.model.Schema;
import dev.sightline.core.storage.Sums;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps a trace's rollups (span and error counts, tokens, cost, models, first span start and last
 * span end, spans with inferred values) up to date as its spans arrive, by adding each span's new contribution and removing
 * its previous one. Token sums follow {@link Sums}: exact up to 2^63 − 1, then saturated there
 * (and kept there: once saturated, the exact sum is no longer known). Stateless.
 */
final class Rollups {
  private static final List<Column> SUMS = List.of(Schema.INPUT_TOKENS, Schema.OUTPUT_TOKENS,
      Schema.TOTAL_TOKENS);

  /**
   * Applies one span's change to its trace.
   *
   * @param before the span as stored before, or null if new
   * @param after the span as it will be stored
   */
  static void apply(Row.Builder trace, Row before, Row after) {
    add(trace, Schema.SPAN_COUNT, before == null ? 1 : 0);
    add(trace, Schema.ERROR_COUNT, failed(after) - failed(before));
    for (Column c : SUMS) {
      add(trace, c, value(after, c) - value(before, c));
    }
    double costDelta = cost(after) - cost(before);
    if (costDelta != 0 || (trace.get(Schema.COST) == null && after.get(Schema.COST) != null)) {
      Double cost = (Double) trace.get(Schema.COST);
      trace.set(Schema.COST, (cost == null ? 0 : cost) + costDelta);
    }
    String model = after.string(Schema.MODEL);
    @SuppressWarnings("unchecked")
    List<String> models = (List<String>) trace.get(Schema.MODELS);
    if (model != null && (models == null || !models.contains(model))) {
      List<String> more = models == null ? new ArrayList<>() : new ArrayList<>(models);
      more.add(model);
      trace.set(Schema.MODELS, List.copyOf(more));
    }
    long inferred = inferred(after) - inferred(before);
    if (inferred != 0) {
      Long current = (Long) trace.get(Schema.INFERRED_SPANS);
      long next = (current == null ? 0 : current) + inferred;
      trace.set(Schema.INFERRED_SPANS, next == 0 ? null : next); // absent rather than 0: most traces have none
    }
    extend(trace, Schema.FIRST_SPAN_START, after.longValue(Schema.START_TIME), true);
    extend(trace, Schema.LAST_SPAN_END, after.longValue(Schema.END_TIME), false);
  }

  private static void add(Row.Builder trace, Column c, long delta) {
    Long current = (Long) trace.get(c);
    if (delta != 0 || current == null) {
      trace.set(c, Sums.change(current == null ? 0 : current, delta));
    }
  }

  private static void extend(Row.Builder trace, Column c, Long time, boolean earliest) {
    Long current = (Long) trace.get(c);
    if (time != null && (current == null || (earliest ? time < current : time > current))) {
      trace.set(c, time);
    }
  }

  private static long failed(Row span) {
    return span != null && Schema.FAILURE.equals(span.string(Schema.STATUS)) ? 1 : 0;
  }

  private static long inferred(Row span) {
    return span != null && (Boolean.TRUE.equals(span.get(Schema.USAGE_INFERRED))
        || Boolean.TRUE.equals(span.get(Schema.COST_INFERRED))) ? 1 : 0;
  }

  private static long value(Row span, Column c) {
    Long v = span == null ? null : span.longValue(c);
    return v == null ? 0 : v;
  }

  private static double cost(Row span) {
    Double v = span == null ? null : span.doubleValue(Schema.COST);
    return v == null ? 0 : v;
  }

  private Rollups() {}
}
