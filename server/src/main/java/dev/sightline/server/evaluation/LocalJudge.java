package dev.sightline.server.evaluation;

/** A deterministic kind: judges in memory, fast, never blocks. Thread-safe when its rule is. */
record LocalJudge(Rule rule) implements Judge {
  /** Judges a subject. */
  interface Rule {
    Verdict judge(Subject subject) throws EvaluationException;
  }

  /** Judges a text. */
  interface TextCheck {
    Verdict judge(String text) throws EvaluationException;
  }

  /** A kind that judges the text of one field ({@link TextField#text}). */
  static LocalJudge ofText(TextField field, TextCheck check) {
    return new LocalJudge(subject -> check.judge(field.text(subject)));
  }

  @Override
  public Verdict judge(Subject subject) throws EvaluationException {
    return rule.judge(subject);
  }

  @Override
  public boolean remote() {
    return false;
  }
}
