package dev.sightline.internal;

import dev.sightline.Span;
import dev.sightline.SpanType;

/** A span of any type but generation. */
final class SpanImpl extends AbstractSpan<Span.Builder, Span> implements Span.Builder {

  /** A span of {@code type}, or {@link SpanType#SPAN} if null. */
  SpanImpl(Recorder recorder, TraceImpl trace, SpanLifecycle parent, SpanType type, String name) {
    super(recorder, trace, parent, type == null ? SpanType.SPAN : type, name);
  }

  @Override
  Span.Builder self() {
    return this;
  }
}
