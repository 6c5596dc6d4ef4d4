package dev.sightline.server.evaluation;

import java.util.List;

/** Which field of a subject a text kind reads ({@code config.field}). Immutable. */
enum TextField {
  OUTPUT("output"),
  INPUT("input");

  private final String setting;

  TextField(String setting) {
    this.setting = setting;
  }

  /** {@code config.field}: {@code output} (the default) or {@code input}. */
  static TextField of(Config config) {
    return config.choice("field", List.of("output", "input")).equals("input") ? INPUT : OUTPUT;
  }

  /** The stored JSON text of this field. */
  String json(Subject subject) throws EvaluationException {
    String json = this == INPUT ? subject.input() : subject.output();
    if (json == null) {
      throw new EvaluationException("no " + setting + " to judge");
    }
    return json;
  }

  /** The text of this field ({@link JsonText#text}). */
  String text(Subject subject) throws EvaluationException {
    return JsonText.text(json(subject));
  }
}
