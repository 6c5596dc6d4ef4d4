package dev.sightline.internal;

import dev.sightline.Feedback;

/**
 * Feedback on its way to the server as a {@code score} item. The score id is random and made
 * here, so a retried request cannot count the same feedback twice.
 *
 * @param spanId the span it is about, or 0 for the trace
 * @param time when it was given, epoch microseconds
 */
record ScoreItem(TraceState trace, long spanId, Feedback feedback, long time, long idHigh, long idLow) {

  ScoreItem(TraceState trace, long spanId, Feedback feedback, long time) {
    this(trace, spanId, feedback, time, Ids.randomNonZero(), Ids.randomNonZero());
  }

  /**
   * Records feedback on a trace, or on one of its spans ({@code spanId} non-zero), at any time,
   * also after the end: counted and logged if it has no tag, dropped with the trace if the trace
   * is not recorded. Thread-safe.
   */
  static void submit(TraceState trace, long spanId, Feedback feedback) {
    if (feedback == null || feedback.tag() == null || feedback.tag().isBlank()) {
      trace.recorder.problems.ignored("feedback without a tag ignored");
    } else if (trace.recorded) {
      trace.recorder.submit(new ScoreItem(trace, spanId, feedback, trace.clock.now()));
    }
  }
}
