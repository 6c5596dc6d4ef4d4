package dev.sightline.internal;

/**
 * The fields most spans never set, made on first use and kept apart so that a typical span is one
 * small object: allocating and clearing a span costs the caller less, and so does the garbage it
 * leaves. One object with the span's {@link Annotations}, so a span that sets any of them
 * allocates once. Guarded by the span's lock; read by the exporter once the span has ended.
 */
final class SpanExtras extends Annotations {
  String statusMessage;
  Throwable error;
  String referenceId;
  String promptId;
  String deploymentId;
  Boolean runEvaluation;
}
