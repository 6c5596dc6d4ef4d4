package dev.sightline.internal;

import dev.sightline.Span;
import dev.sightline.SpanBuilder;
import dev.sightline.ThrowingConsumer;
import dev.sightline.ThrowingFunction;
import java.time.Instant;
import java.util.Map;

/**
 * The options common to {@link SdkSpanBuilder} and {@link SdkGenerationBuilder}. They record
 * straight into the span's {@link SpanState}, through the handle that {@link #start()} returns:
 * the span exists (with its id and owner thread) from the builder's creation, so an option costs
 * what the same call on the started span costs. Meant for one thread until started, as
 * {@link SpanBuilder} says; arguments may be null (ignored and counted).
 *
 * @param <B> the public builder type
 * @param <S> the public handle type
 */
abstract class SpanOptions<B extends SpanBuilder<B, S>, S extends Span> implements SpanBuilder<B, S> {
  /** The span these options record into; never null. */
  private final SpanHandle span;

  /** @param span the handle {@link #start()} returns: an {@code S} */
  SpanOptions(SpanHandle span) {
    this.span = span;
  }

  abstract B self();

  @Override
  public B input(Object input) {
    span.setInput(input);
    return self();
  }

  @Override
  public B metadata(Map<String, ?> entries) {
    span.setMetadata(entries);
    return self();
  }

  @Override
  public B metadata(String key, Object value) {
    span.setMetadata(key, value);
    return self();
  }

  @Override
  public B attribute(String key, String value) {
    span.state.putAttribute(key, value);
    return self();
  }

  @Override
  public B attribute(String key, long value) {
    span.state.putAttribute(key, value);
    return self();
  }

  @Override
  public B attribute(String key, double value) {
    span.state.putAttribute(key, value);
    return self();
  }

  @Override
  public B attribute(String key, boolean value) {
    span.state.putAttribute(key, value);
    return self();
  }

  @Override
  public B tags(String... tags) {
    span.setTags(tags);
    return self();
  }

  @Override
  public B evaluator(String slug) {
    span.addEvaluator(slug);
    return self();
  }

  @Override
  public B referenceId(String referenceId) {
    span.state.change((s, id) -> s.x().referenceId = id, referenceId);
    return self();
  }

  @Override
  public B promptId(String promptId) {
    span.state.change((s, id) -> s.x().promptId = id, promptId);
    return self();
  }

  @Override
  public B deploymentId(String deploymentId) {
    span.state.change((s, id) -> s.x().deploymentId = id, deploymentId);
    return self();
  }

  @Override
  public B runEvaluation(boolean runEvaluation) {
    span.state.change((s, run) -> s.x().runEvaluation = run, runEvaluation);
    return self();
  }

  @Override
  public B startTime(Instant startTime) {
    if (Clock.isStartTime(startTime, span.state.recorder.problems)) {
      SpanLifecycle.startAt(span.state, Clock.micros(startTime));
    }
    return self();
  }

  /**
   * Begins the span (registering it with its parent) and returns its handle, the same one on
   * every call; a second call restarts its clock, as {@link Span#start()} does.
   */
  @Override
  @SuppressWarnings("unchecked") // the subclass gave an S
  public S start() {
    return (S) span.start();
  }

  @Override
  public <E extends Exception> void run(ThrowingConsumer<? super S, E> work) throws E {
    Work.run(span, start(), work);
  }

  @Override
  public <T, E extends Exception> T call(ThrowingFunction<? super S, T, E> work) throws E {
    return Work.call(span, start(), work);
  }
}
