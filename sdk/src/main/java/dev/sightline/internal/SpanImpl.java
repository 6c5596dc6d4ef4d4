package dev.sightline.internal;

import dev.sightline.Span;
import dev.sightline.SpanType;

/** A span of any type but generation. */
final class SpanImpl extends AbstractSpan<Span.Builder, Span> implements Span.Builder {

  SpanImpl(Recorder recorder, TraceImpl trace, AbstractSpan<?, ?> parent, SpanType type, String name) {
    super(recorder, trace, parent, type, name);
  }

  @Override
  Span.Builder self() {
    return this;
  }
}
