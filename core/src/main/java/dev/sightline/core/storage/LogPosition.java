package dev.sightline.core.storage;

/**
 * A position in the write-ahead log: a segment number and a byte offset within it. Ordered by
 * segment, then offset.
 */
public record LogPosition(long segment, long offset) implements Comparable<LogPosition> {

  /** Before anything was logged. */
  public static final LogPosition START = new LogPosition(0, 0);

  public LogPosition {
    if (segment < 0 || offset < 0) {
      throw new IllegalArgumentException("segment and offset must be >= 0: " + segment + ":" + offset);
    }
  }

  @Override
  public int compareTo(LogPosition o) {
    int c = Long.compare(segment, o.segment);
    return c != 0 ? c : Long.compare(offset, o.offset);
  }

  @Override
  public String toString() {
    return segment + ":" + offset;
  }
}
