package dev.sightline.server.scoring;

import dev.sightline.core.model.Row;
import dev.sightline.core.model.Schema;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;

/**
 * What the scores of one name in one project must look like: a number within a range, a boolean
 * (0 or 1), or one of a list of categories. Immutable and thread-safe.
 *
 * @param min the smallest numeric value allowed, or null for none (numeric only)
 * @param max the largest numeric value allowed, or null for none (numeric only)
 * @param categories the labels and their values (categorical only; empty otherwise)
 * @param description for people, or null
 */
public record ScoreConfig(String name, DataType dataType, Double min, Double max, List<Category> categories,
    String description) {

  public ScoreConfig {
    categories = List.copyOf(categories);
  }

  /** The kinds of score a config describes. */
  public enum DataType {
    NUMERIC, BOOLEAN, CATEGORICAL;

    /** The name in the API, e.g. {@code "numeric"}. */
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** One category of a categorical score: its label and the numeric value it stands for. */
  public record Category(String label, double value) {}

  /**
   * Checks a decoded score against this config and completes it: a boolean score sent as label
   * {@code "true"}/{@code "false"} gets its value (1/0); a categorical score sent with only a label
   * gets the category's value, with only a value the label of the first category with that value.
   *
   * @return null if the score fits, else the problem naming the field ({@code value: score 'x' must
   *     be between 1 and 5})
   */
  String fit(Row.Builder score) {
    Double value = (Double) score.get(Schema.VALUE);
    String label = (String) score.get(Schema.LABEL);
    switch (dataType) {
      case NUMERIC:
        return fitNumber(value);
      case BOOLEAN:
        return fitBoolean(score, value, label);
      default:
        return fitCategory(score, value, label);
    }
  }

  private String fitNumber(Double value) {
    if (value == null) {
      return "value: " + score() + " is numeric and needs a value";
    }
    if (min != null && max != null && (value < min || value > max)) {
      return "value: " + score() + " must be between " + text(min) + " and " + text(max);
    }
    if (min != null && value < min) {
      return "value: " + score() + " must be at least " + text(min);
    }
    if (max != null && value > max) {
      return "value: " + score() + " must be at most " + text(max);
    }
    return null;
  }

  private String fitBoolean(Row.Builder score, Double value, String label) {
    if (value != null && value != 0 && value != 1) {
      return "value: " + score() + " is boolean and must be 0 or 1";
    }
    if (label == null) {
      return null;
    }
    if (!label.equals("true") && !label.equals("false")) {
      return "label: " + score() + " is boolean and its label must be \"true\" or \"false\"";
    }
    double meant = label.equals("true") ? 1 : 0;
    if (value != null && value != meant) {
      return "value: " + score() + " with label \"" + label + "\" must have value " + text(meant);
    }
    score.set(Schema.VALUE, meant);
    return null;
  }

  private String fitCategory(Row.Builder score, Double value, String label) {
    if (label == null) {
      for (Category c : categories) {
        if (value != null && c.value() == value) {
          score.set(Schema.LABEL, c.label());
          return null;
        }
      }
      return "value: " + score() + " must be one of the values "
          + categories.stream().map(c -> text(c.value())).distinct().toList();
    }
    for (Category c : categories) {
      if (c.label().equals(label)) {
        if (value != null && value != c.value()) {
          return "value: " + score() + " with label '" + label + "' must have value " + text(c.value());
        }
        score.set(Schema.VALUE, c.value());
        return null;
      }
    }
    return "label: " + score() + " must be one of " + categories.stream().map(Category::label).toList();
  }

  private String score() {
    return "score '" + name + "'";
  }

  /** A number as people write it: 5 rather than 5.0. */
  static String text(double v) {
    return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }
}
