package dev.sightline;

/**
 * Feedback from a user or an operator about a trace or span, such as a thumbs up. Stored by the
 * server as a score with source {@code feedback}. Immutable and thread-safe.
 *
 * @param tag what kind of feedback, e.g. {@code "THUMBS_UP"}; null feedback is ignored when recorded
 * @param value an optional numeric rating, or null; without one the tag itself is the score's label
 * @param comment free text, or null
 * @param author who gave it, or null
 */
public record Feedback(String tag, Double value, String comment, String author) {

  /** Feedback with a tag only. */
  public static Feedback of(String tag) {
    return new Feedback(tag, null, null, null);
  }

  /** Feedback with a tag and a comment, e.g. {@code of("THUMBS_UP", "helpful answer")}. */
  public static Feedback of(String tag, String comment) {
    return new Feedback(tag, null, comment, null);
  }

  /** A copy with a numeric rating. */
  public Feedback withValue(double value) {
    return new Feedback(tag, value, comment, author);
  }

  /** A copy with a comment. */
  public Feedback withComment(String comment) {
    return new Feedback(tag, value, comment, author);
  }

  /** A copy naming its author. */
  public Feedback withAuthor(String author) {
    return new Feedback(tag, value, comment, author);
  }
}
