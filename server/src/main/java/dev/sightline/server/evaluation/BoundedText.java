package dev.sightline.server.evaluation;

/**
 * A text that a regular expression may read only so many characters of, so that a pattern which
 * backtracks without end on some text stops instead of holding an evaluation thread. Not
 * thread-safe: one per search.
 */
final class BoundedText implements CharSequence {
  /** Reads allowed per character of the text, and at least; far above what any sane pattern needs. */
  static final long READS_PER_CHAR = 100;
  private static final long MIN_READS = 10_000_000;
  private final String text;
  private final long[] left;

  /** Thrown when a search used up its reads. */
  static final class TooSlow extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TooSlow() {
      super(null, null, false, false);
    }
  }

  private BoundedText(String text, long[] left) {
    this.text = text;
    this.left = left;
  }

  static BoundedText of(String text) {
    return new BoundedText(text, new long[] {Math.max(MIN_READS, text.length() * READS_PER_CHAR)});
  }

  @Override
  public char charAt(int index) {
    if (--left[0] < 0) {
      throw new TooSlow();
    }
    return text.charAt(index);
  }

  @Override
  public int length() {
    return text.length();
  }

  @Override
  public CharSequence subSequence(int start, int end) {
    return new BoundedText(text.substring(start, end), left); // shares the budget
  }

  @Override
  public String toString() {
    return text;
  }
}
