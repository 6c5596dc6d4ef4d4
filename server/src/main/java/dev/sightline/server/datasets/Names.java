package dev.sightline.server.datasets;

import java.util.regex.Pattern;

/**
 * The naming rules of datasets, their evaluators and runs. A dataset name becomes a directory
 * name, so it can never be {@code .} or {@code ..} nor hold a separator. Thread-safe (immutable).
 */
final class Names {
  static final Names DATASET = new Names("name", "[a-z0-9][a-z0-9._-]{0,63}");
  static final Names EVALUATOR = new Names("evaluators[].name", "[a-z0-9][a-z0-9._-]{0,63}");
  static final Names RUN = new Names("run", "[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

  private final String field;
  private final Pattern pattern;

  private Names(String field, String regex) {
    this.field = field;
    this.pattern = Pattern.compile(regex);
  }

  /**
   * The name, checked.
   *
   * @throws IllegalArgumentException naming the field and the rule
   */
  String check(String name) {
    return check(field, name);
  }

  /** As {@link #check(String)}, with the field as it is named where the name was read. */
  String check(String as, String name) {
    if (name == null || !pattern.matcher(name).matches()) {
      throw new IllegalArgumentException(as + ": must match " + pattern.pattern());
    }
    return name;
  }
}
