package dev.sightline.internal;

import dev.sightline.Span;

/**
 * A started {@link Span} of any type but generation. All of its behaviour is {@link SpanHandle}'s,
 * shared with {@link SdkGeneration}; this class names the concept. Thread-safe.
 */
final class SdkSpan extends SpanHandle {

  SdkSpan(SpanState state) {
    super(state);
  }
}
