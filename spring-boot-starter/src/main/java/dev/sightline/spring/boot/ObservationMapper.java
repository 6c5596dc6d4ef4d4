package dev.sightline.spring.boot;

import dev.sightline.Span;
import dev.sightline.SpanBuilder;
import dev.sightline.SpanParent;
import io.micrometer.observation.Observation;

/**
 * How one kind of Spring AI observation context becomes a Sightline span: what is known when the
 * observation starts (type, name, model, parameters), and what when it stops (response model,
 * tokens, finish reason). Content (inputs and outputs) is asked for separately, and only when the
 * application opted in to recording it. Implementations are stateless and thread-safe.
 *
 * @param <C> the observation context type this maps
 */
abstract class ObservationMapper<C extends Observation.Context> {
  private final Class<C> type;

  ObservationMapper(Class<C> type) {
    this.type = type;
  }

  final boolean supports(Observation.Context context) {
    return type.isInstance(context);
  }

  final C cast(Observation.Context context) {
    return type.cast(context);
  }

  /**
   * The span's name, known at start (e.g. {@code chat gpt-4o-mini}). Not the observation's
   * contextual name: Micrometer sets that only when the observation stops, and a span's name is
   * fixed when it starts.
   */
  abstract String name(C context);

  /** The span's options under {@code parent}, with what the context holds at start; not started. */
  abstract SpanBuilder<?, ? extends Span> open(SpanParent parent, String name, C context);

  /** The content the call worked on (prompt messages, texts, arguments, query), or null. */
  Object input(C context) {
    return null;
  }

  /** The content the call produced (completion, result, documents), or null. */
  Object output(C context) {
    return null;
  }

  /** Sets on the span what is known once the call is over (the context's response, if any). */
  void complete(Span span, C context) {
  }
}
