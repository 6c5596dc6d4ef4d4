package dev.sightline.internal;

import dev.sightline.Feedback;
import dev.sightline.Score;

/**
 * A score on its way to the server as a {@code score} item. The score id is random and made here,
 * so a retried request cannot count the same score twice.
 *
 * @param spanId the span it is about, or 0 for the trace
 * @param time when it was given, epoch microseconds
 */
record ScoreItem(long traceHigh, long traceLow, long spanId, Score score, long time, long idHigh, long idLow) {
  /** The longest label the server keeps (its {@code label} column). */
  static final int LABEL_LENGTH = 256;

  ScoreItem(long traceHigh, long traceLow, long spanId, Score score, long time) {
    this(traceHigh, traceLow, spanId, score, time, Ids.randomNonZero(), Ids.randomNonZero());
  }

  /**
   * Feedback on a live trace as a score with source {@code feedback}: without a finite value, its
   * tag is both the name and the label, cut to the label's length so that the two stay equal.
   */
  static ScoreItem of(TraceState trace, long spanId, Feedback f, long time) {
    boolean valued = f.value() != null && Double.isFinite(f.value());
    String tag = valued || f.tag().length() <= LABEL_LENGTH ? f.tag() : f.tag().substring(0, LABEL_LENGTH);
    Score score = new Score(tag, valued ? f.value() : null, valued ? null : tag, f.comment(), f.author(), null);
    return new ScoreItem(trace.idHigh, trace.idLow, spanId, score, time);
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
      trace.recorder.submit(of(trace, spanId, feedback, trace.clock.now()));
    }
  }

  /**
   * Records a score on a trace or span given by id: counted and logged, not sent, if an id or the
   * score is unusable; dropped if the client is disabled or samples the trace id out (as the
   * trace's own items would be). Thread-safe.
   *
   * @param traceId 32 hex characters, not all zero
   * @param spanId 16 hex characters, not all zero, or null for the trace
   */
  static void submit(Recorder recorder, String traceId, String spanId, Score score, long now) {
    String problem = problem(traceId, spanId, score);
    if (problem != null) {
      recorder.problems.ignored(problem);
      return;
    }
    long low = Long.parseUnsignedLong(traceId.substring(16), 16);
    if (recorder.keep(low)) {
      recorder.submit(new ScoreItem(Long.parseUnsignedLong(traceId.substring(0, 16), 16), low,
          spanId == null ? 0 : Long.parseUnsignedLong(spanId, 16), score, now));
    }
  }

  private static String problem(String traceId, String spanId, Score score) {
    if (!isId(traceId, 32)) {
      return "score with a trace id other than 32 hex characters (not all zero) ignored";
    }
    if (spanId != null && !isId(spanId, 16)) {
      return "score with a span id other than 16 hex characters (not all zero) ignored";
    }
    if (score == null || score.name() == null || score.name().isBlank()) {
      return "score without a name ignored";
    }
    if (score.value() != null && !Double.isFinite(score.value())) {
      return "score with a value that is not a finite number ignored";
    }
    if (score.value() == null && (score.label() == null || score.label().isBlank())) {
      return "score without a value or a label ignored";
    }
    return null;
  }

  private static boolean isId(String id, int length) {
    if (id == null || id.length() != length) {
      return false;
    }
    boolean nonZero = false;
    for (int i = 0; i < length; i++) {
      char c = id.charAt(i);
      if (Character.digit(c, 16) < 0) {
        return false;
      }
      nonZero |= c != '0';
    }
    return nonZero;
  }
}
