package dev.sightline.internal;

import dev.sightline.Feedback;
import dev.sightline.Generation;
import dev.sightline.Scope;
import dev.sightline.Span;
import dev.sightline.SpanType;
import dev.sightline.Status;
import dev.sightline.Trace;
import dev.sightline.Update;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A started span as the application sees it: the {@link Span} methods, common to {@link SdkSpan}
 * and {@link SdkGeneration}, over the span's {@link SpanState}. Every change is prepared outside
 * the lock (copies of the caller's maps, an error's message) and stored by
 * {@link SpanState#change}, so the lock never runs the caller's code; changes after the end are
 * ignored. Thread-safe, as {@link Span} says; arguments may be null (ignored, or counted as
 * {@link Span} says).
 */
abstract class SpanHandle implements Span, Handle {
  /** Never null; shared with the span's builder and, once ended, read by the exporter. */
  final SpanState state;

  SpanHandle(SpanState state) {
    this.state = state;
  }

  @Override
  public String spanId() {
    return Ids.hex(state.spanId);
  }

  @Override
  public String traceId() {
    TraceState t = state.traceNow();
    return t == null ? TraceState.UNATTACHED_ID : t.traceId();
  }

  @Override
  public String traceparent() {
    TraceState t = state.traceNow();
    return t == null ? null : Traceparent.format(t.idHigh, t.idLow, state.spanId, t.recorded);
  }

  /** The trace's handle, or null while detached. */
  Trace trace() {
    TraceState t = state.traceNow();
    return t == null ? null : t.handle;
  }

  @Override
  public SpanType type() {
    return state.type;
  }

  @Override
  public Span start() {
    SpanLifecycle.begin(state);
    return this;
  }

  @Override
  public Span setInput(Object input) {
    state.change((s, v) -> s.input = v, input);
    return this;
  }

  @Override
  public Span setOutput(Object output) {
    state.change((s, v) -> s.output = v, output);
    return this;
  }

  @Override
  public Span setMetadata(Map<String, ?> entries) {
    Map<String, Object> copy = Annotations.copyMetadata(entries, state.recorder.problems);
    if (copy != null) {
      state.change((s, c) -> s.x().mergeMetadata(c), copy);
    }
    return this;
  }

  @Override
  public Span setMetadata(String key, Object value) {
    Recording.putMetadata(state, key, value);
    return this;
  }

  @Override
  public Span setAttribute(String key, String value) {
    state.putAttribute(key, value);
    return this;
  }

  @Override
  public Span setAttribute(String key, long value) {
    state.putAttribute(key, value);
    return this;
  }

  @Override
  public Span setAttribute(String key, double value) {
    state.putAttribute(key, value);
    return this;
  }

  @Override
  public Span setAttribute(String key, boolean value) {
    state.putAttribute(key, value);
    return this;
  }

  @Override
  public Span setTags(String... tags) {
    List<String> copy = Maps.tags(tags == null ? null : Arrays.asList(tags));
    if (copy != null) {
      state.change((s, t) -> s.x().tags = t, copy);
    }
    return this;
  }

  @Override
  public Span setStatus(Status status) {
    if (status != null) {
      state.change((s, v) -> s.status = v, status);
    }
    return this;
  }

  @Override
  public Span setStatus(Status status, String message) {
    if (status != null) {
      state.change(SpanHandle::storeStatus, status, message);
    }
    return this;
  }

  @Override
  public Span update(Update update) {
    Changes changes = Changes.of(update, state.recorder.problems);
    if (changes != null) {
      state.apply(changes);
      if (changes.name() != null) {
        state.recorder.problems.ignored("a span's name is fixed when it is created; update(name) ignored");
      }
    }
    return this;
  }

  @Override
  public Span addEvaluator(String slug) {
    Recording.addEvaluator(state, slug);
    return this;
  }

  @Override
  public Span fail(Throwable error) {
    if (error != null) {
      String message = Errors.message(error); // may run the exception's own code: outside the lock
      state.change((s, e, m) -> {
        s.x().error = e;
        storeStatus(s, Status.FAILURE, m);
      }, error, message);
    }
    return this;
  }

  private static void storeStatus(SpanState s, Status status, String message) {
    s.status = status;
    s.x().statusMessage = message;
  }

  @Override
  public boolean isEnded() {
    return state.isEnded();
  }

  @Override
  public Scope makeCurrent() {
    return ContextStore.attach(this);
  }

  @Override
  public void end() {
    SpanLifecycle.end(state, -1, false, null, Output.KEEP);
  }

  @Override
  public void end(Object output) {
    SpanLifecycle.end(state, -1, false, output, Output.SET);
  }

  @Override
  public void endWithResult(Object result) {
    SpanLifecycle.end(state, -1, false, result, Output.DEFAULT);
  }

  @Override
  public void close() {
    end();
  }

  @Override
  public Span.Builder span(SpanType type, String name) {
    return SdkSpanBuilder.of(state.recorder, traceForChildren(), state, type, name);
  }

  @Override
  public Generation.Builder generation(String name) {
    return SdkGenerationBuilder.of(state.recorder, traceForChildren(), state, name);
  }

  /** Children of a detached generation go nowhere until it is appended: they get a dead trace. */
  private TraceState traceForChildren() {
    TraceState t = state.traceNow();
    return t != null ? t : TraceState.unrecorded(state.recorder);
  }

  @Override
  public void append(Generation generation) {
    TraceState t = state.traceNow();
    if (t == null) {
      state.recorder.problems.ignored("append to a detached generation ignored");
    } else {
      SdkGeneration.append(generation, t, state, state.recorder.problems);
    }
  }

  @Override
  public void feedback(Feedback feedback) {
    TraceState t = state.traceNow();
    if (t != null) {
      ScoreItem.submit(t, state.spanId, feedback);
    } else {
      state.recorder.problems.ignored("feedback on a detached generation ignored");
    }
  }
}
