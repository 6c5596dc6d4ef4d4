package dev.sightline.server.evaluation;

import dev.sightline.core.model.EvaluatorVerdict;
import dev.sightline.core.model.Row;

/** One judgement as a verdict or score row, whatever happens: a judge that fails gives an error. */
final class Judging {
  private Judging() {}

  /** @param id the score's id ({@link ScoreRows#id}) */
  static Row score(String id, Judge judge, Subject subject, String evaluator, int version, String kind, long time) {
    return ScoreRows.row(id, subject, time, verdict(judge, subject, evaluator, version, kind));
  }

  /** The judge's verdict on the subject, or the failure that it gave instead. */
  static EvaluatorVerdict verdict(Judge judge, Subject subject, String evaluator, int version, String kind) {
    try {
      return ScoreRows.of(evaluator, version, kind, judge.judge(subject));
    } catch (EvaluationException e) {
      return ScoreRows.failure(evaluator, version, kind, e.getMessage());
    } catch (RuntimeException e) {
      return ScoreRows.failure(evaluator, version, kind, "the evaluator failed: " + e);
    }
  }
}
