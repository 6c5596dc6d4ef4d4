package dev.sightline;

import java.util.Locale;

/**
 * A score given to a trace or span after the fact, by its id: feedback that arrives once the trace
 * has ended (a user's rating an hour later), an offline evaluation, a reviewer's annotation. Sent
 * with {@link Sightline#score(String, String, Score)}. Immutable and thread-safe.
 *
 * <p>The server stores it as a score row of the trace (or of the span). If the project has a score
 * config for its name, the score must fit it: a numeric one within its range, a boolean one 0 or 1
 * (or label {@code "true"}/{@code "false"}), a categorical one one of its categories (the server
 * fills in the label from the value, or the value from the label). A score that does not fit is
 * refused by the server, alone: the other items of the same request are stored. The SDK then counts
 * it in {@link ExportStats#rejected()} and logs the server's reason once at WARNING through
 * {@link System.Logger} {@code dev.sightline}; it never retries it.
 *
 * @param name what is scored, e.g. {@code "helpfulness"}; a score without a name is not sent
 * @param value a number (a rating, 0 or 1 for a boolean), or null when the label says it all
 * @param label a category such as {@code "thumbs-up"}, or null; a score needs a value or a label
 * @param comment free text, or null
 * @param author who gave it, or null
 * @param source where it comes from; null means {@link Source#FEEDBACK}
 */
public record Score(String name, Double value, String label, String comment, String author, Source source) {

  /** Where a score comes from, stored with it as the server's {@code source}. */
  public enum Source {
    /** From a user of the application (the default). */
    FEEDBACK,
    /** From an automatic evaluation. */
    EVALUATOR,
    /** From a program using the API. */
    API,
    /** From a person reviewing traces. */
    ANNOTATION;

    /** The name on the wire, e.g. {@code "feedback"}. */
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** A numeric score, e.g. {@code of("helpfulness", 4)}. */
  public static Score of(String name, double value) {
    return new Score(name, value, null, null, null, null);
  }

  /** A score with a label only, e.g. {@code labeled("tone", "polite")}. */
  public static Score labeled(String name, String label) {
    return new Score(name, null, label, null, null, null);
  }

  /** A copy with a numeric value. */
  public Score withValue(double value) {
    return new Score(name, value, label, comment, author, source);
  }

  /** A copy with a label. */
  public Score withLabel(String label) {
    return new Score(name, value, label, comment, author, source);
  }

  /** A copy with a comment. */
  public Score withComment(String comment) {
    return new Score(name, value, label, comment, author, source);
  }

  /** A copy naming its author. */
  public Score withAuthor(String author) {
    return new Score(name, value, label, comment, author, source);
  }

  /** A copy with another source. */
  public Score withSource(Source source) {
    return new Score(name, value, label, comment, author, source);
  }
}
