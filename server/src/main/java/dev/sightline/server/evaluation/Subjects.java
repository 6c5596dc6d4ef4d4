package dev.sightline.server.evaluation;

import dev.sightline.core.model.Row;
import dev.sightline.core.model.Schema;
import dev.sightline.core.model.Table;
import dev.sightline.core.storage.QuerySemantics;
import java.util.List;

/** Stored rows as what evaluators judge. */
final class Subjects {
  private Subjects() {}

  /**
   * A span or trace row as a subject.
   *
   * @param root for a trace whose own row has no input and output (sent only as spans, as
   *     OpenTelemetry does), its root span, whose input and output stand for the trace's; nullable
   */
  static Subject of(Row row, Row root) {
    boolean trace = row.table() == Table.TRACES;
    Row texts = trace && root != null && row.get(Schema.INPUT) == null && row.get(Schema.OUTPUT) == null
        ? root : row;
    Long duration = QuerySemantics.duration(row);
    String model = trace ? first(row.list(Schema.MODELS)) : row.string(Schema.MODEL);
    return new Subject(row.string(Schema.PROJECT_ID), row.string(Schema.TRACE_ID),
        trace ? null : row.string(Schema.SPAN_ID), trace ? Evaluator.TRACE : row.string(Schema.TYPE),
        row.string(Schema.NAME), model, texts.string(Schema.INPUT), texts.string(Schema.OUTPUT), null,
        row.string(Schema.METADATA), duration, row.doubleValue(Schema.COST));
  }

  /** When a judged row ended, for its score's time: its end, else its start, else now. */
  static long time(Row row, long nowMicros) {
    Long end = QuerySemantics.end(row);
    Long start = QuerySemantics.start(row);
    return end != null ? end : start != null ? start : nowMicros;
  }

  private static String first(List<String> values) {
    return values == null || values.isEmpty() ? null : values.get(0);
  }
}
