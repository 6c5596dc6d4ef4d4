package dev.sightline.internal;

import dev.sightline.Span;
import dev.sightline.SpanBuilder;
import dev.sightline.SpanType;
import dev.sightline.ThrowingConsumer;
import dev.sightline.ThrowingFunction;
import java.time.Instant;
import java.util.Map;

/**
 * A span and, until started, its own builder: one object per span keeps the caller's cost to a
 * single allocation (plus its attribute array). This layer adds the builder options, which record
 * straight into the span: the state, lifecycle and handle are the layers below ({@link SpanState},
 * {@link SpanLifecycle}, {@link SpanHandle}), superclasses rather than components because a
 * component would be a second object per span.
 *
 * @param <B> the public builder type
 * @param <S> the public handle type
 */
abstract class AbstractSpan<B extends SpanBuilder<B, S>, S extends Span> extends SpanHandle
    implements SpanBuilder<B, S> {

  /** A span in a trace, or a detached one ({@code trace} null) with its own clock. */
  AbstractSpan(Recorder recorder, TraceImpl trace, SpanLifecycle parent, SpanType type, String name) {
    super(recorder, trace, parent, type, name);
  }

  abstract B self();

  @SuppressWarnings("unchecked")
  private S handle() {
    return (S) this;
  }

  @Override
  public B input(Object input) {
    setInput(input);
    return self();
  }

  @Override
  public B metadata(Map<String, ?> entries) {
    setMetadata(entries);
    return self();
  }

  @Override
  public B metadata(String key, Object value) {
    setMetadata(key, value);
    return self();
  }

  @Override
  public B attribute(String key, String value) {
    putAttribute(key, value);
    return self();
  }

  @Override
  public B attribute(String key, long value) {
    putAttribute(key, value);
    return self();
  }

  @Override
  public B attribute(String key, double value) {
    putAttribute(key, value);
    return self();
  }

  @Override
  public B attribute(String key, boolean value) {
    putAttribute(key, value);
    return self();
  }

  @Override
  public B tags(String... tags) {
    setTags(tags);
    return self();
  }

  @Override
  public B evaluator(String slug) {
    addEvaluator(slug);
    return self();
  }

  @Override
  public B referenceId(String referenceId) {
    changeExtras((e, id) -> e.referenceId = id, referenceId);
    return self();
  }

  @Override
  public B promptId(String promptId) {
    changeExtras((e, id) -> e.promptId = id, promptId);
    return self();
  }

  @Override
  public B deploymentId(String deploymentId) {
    changeExtras((e, id) -> e.deploymentId = id, deploymentId);
    return self();
  }

  @Override
  public B runEvaluation(boolean runEvaluation) {
    changeExtras((e, run) -> e.runEvaluation = run, runEvaluation);
    return self();
  }

  @Override
  public B startTime(Instant startTime) {
    if (Clock.isStartTime(startTime, recorder.problems)) {
      startAt(Clock.micros(startTime));
    }
    return self();
  }

  /** Begins the span (registering it with its parent) or, if it has begun, restarts its clock. */
  @Override
  public S start() {
    begin();
    return handle();
  }

  @Override
  public <E extends Exception> void run(ThrowingConsumer<? super S, E> work) throws E {
    Work.run(this, start(), work);
  }

  @Override
  public <T, E extends Exception> T call(ThrowingFunction<? super S, T, E> work) throws E {
    return Work.call(this, start(), work);
  }
}
