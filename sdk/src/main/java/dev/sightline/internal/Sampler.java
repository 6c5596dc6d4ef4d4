package dev.sightline.internal;

/**
 * Decides whether a trace is recorded from its id alone, like OpenTelemetry's ratio sampler: the
 * same id always gets the same answer, so every process that sees a trace id agrees, and all spans
 * of a trace share their trace's fate. Immutable.
 */
final class Sampler {
  private final long threshold;
  private final boolean all;

  Sampler(double rate) {
    this.all = rate >= 1.0;
    this.threshold = (long) (rate * 0x1p63);
  }

  /** Whether the trace whose id ends with these 64 bits is kept. */
  boolean keep(long traceIdLow) {
    return all || (traceIdLow >>> 1) < threshold;
  }
}
