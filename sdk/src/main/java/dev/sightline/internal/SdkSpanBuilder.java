package dev.sightline.internal;

import dev.sightline.Span;
import dev.sightline.SpanType;

/** The options of a span about to start; see {@link SpanOptions}. Meant for one thread until started. */
final class SdkSpanBuilder extends SpanOptions<Span.Builder, Span> implements Span.Builder {

  private SdkSpanBuilder(SdkSpan span) {
    super(span);
  }

  /**
   * A span of {@code type} ({@link SpanType#SPAN} if null) in {@code trace}, under {@code parent}
   * (null for the trace itself).
   */
  static Span.Builder of(Recorder recorder, TraceState trace, SpanState parent, SpanType type, String name) {
    SpanType t = type == null ? SpanType.SPAN : type;
    return new SdkSpanBuilder(new SdkSpan(new SpanState(recorder, trace, parent, t, name, null)));
  }

  @Override
  Span.Builder self() {
    return this;
  }
}
