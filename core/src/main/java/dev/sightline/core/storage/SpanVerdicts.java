package dev.sightline.core.storage;

import dev.sightline.core.model.EvaluatorScores;
import dev.sightline.core.model.EvaluatorVerdict;
import dev.sightline.core.model.Row;
import dev.sightline.core.model.Table;
import java.util.ArrayList;
import java.util.List;

/**
 * The verdicts of a batch's evaluators on one span row of the batch ({@link WriteBatch#verdicts}).
 * Immutable.
 *
 * @param span a span row with an end or a start time
 * @param verdicts at most one per evaluator name and version
 */
public record SpanVerdicts(Row span, List<EvaluatorVerdict> verdicts) {
  public SpanVerdicts {
    if (span.table() != Table.SPANS) {
      throw new IllegalArgumentException("verdicts judge span rows, not " + span.table());
    }
    if (EvaluatorScores.time(span) == null) {
      throw new IllegalArgumentException("a judged span has an end or a start time: " + span.key());
    }
    verdicts = List.copyOf(verdicts);
  }

  /** The verdicts as the score rows they stand for ({@link EvaluatorScores#row}), in order. */
  public List<Row> scoreRows() {
    List<Row> rows = new ArrayList<>(verdicts.size());
    for (EvaluatorVerdict v : verdicts) {
      rows.add(EvaluatorScores.row(span, v));
    }
    return rows;
  }

  /** Every verdict of these spans as a score row, span by span. */
  public static List<Row> scoreRows(List<SpanVerdicts> spans) {
    List<Row> rows = new ArrayList<>();
    for (SpanVerdicts s : spans) {
      rows.addAll(s.scoreRows());
    }
    return rows;
  }
}
