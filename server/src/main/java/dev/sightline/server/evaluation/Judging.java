package dev.sightline.server.evaluation;

import dev.sightline.core.model.Row;

/** One judgement as a score row, whatever happens: a judge that fails gives an error score. */
final class Judging {
  private Judging() {}

  /** @param id the score's id ({@link ScoreRows#id}) */
  static Row score(String id, Judge judge, Subject subject, String evaluator, int version, String kind, long time) {
    try {
      return ScoreRows.verdict(id, subject, evaluator, version, kind, time, judge.judge(subject));
    } catch (EvaluationException e) {
      return ScoreRows.error(id, subject, evaluator, version, kind, time, e.getMessage());
    } catch (RuntimeException e) {
      return ScoreRows.error(id, subject, evaluator, version, kind, time, "the evaluator failed: " + e);
    }
  }
}
