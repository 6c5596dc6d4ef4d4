package dev.sightline;

import java.util.Locale;

/**
 * The outcome of a trace or span. A trace starts {@link #PENDING}; a span or trace that ends
 * without an explicit status becomes {@link #SUCCESS}, or {@link #FAILURE} once an error was
 * recorded. Immutable and thread-safe.
 */
public enum Status {
  SUCCESS, FAILURE, ABORTED, CANCELLED, PENDING, UNKNOWN;

  private final String wireName = name().toLowerCase(Locale.ROOT);

  /** The lowercase name used by the ingestion protocol, e.g. {@code "success"}; never null. */
  public String wireName() {
    return wireName;
  }
}
