package dev.sightline.internal;

import dev.sightline.Feedback;
import dev.sightline.Generation;
import dev.sightline.Organization;
import dev.sightline.Scope;
import dev.sightline.Span;
import dev.sightline.SpanType;
import dev.sightline.Status;
import dev.sightline.Trace;
import dev.sightline.Update;
import dev.sightline.User;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A started {@link Trace} as the application sees it: reads and changes of its
 * {@link TraceState}, each stored by {@link TraceState#change} under the trace's monitor, and the
 * spans started in it. Changes after the end are ignored. One per trace (see
 * {@link TraceState#handle}). Thread-safe; arguments may be null (ignored, or counted as
 * {@link Trace} says).
 */
final class SdkTrace implements Trace, Handle {
  /** Never null. */
  final TraceState state;

  SdkTrace(TraceState state) {
    this.state = state;
  }

  @Override
  public String traceId() {
    return state.traceId();
  }

  @Override
  public String traceparent() {
    return state.traceparent();
  }

  @Override
  public String feature() {
    return state.feature;
  }

  @Override
  public String referenceId() {
    return state.referenceId();
  }

  @Override
  public Instant startTime() {
    return state.startTime();
  }

  @Override
  public boolean isRecorded() {
    return state.recorded;
  }

  @Override
  public Trace identify(User user, Organization organization) {
    state.change((t, u, o) -> {
      t.user = u != null ? u : t.user;
      t.organization = o != null ? o : t.organization;
    }, user, organization);
    return this;
  }

  @Override
  public Trace setName(String name) {
    if (name != null) {
      state.change((t, n) -> t.name = n, name);
    }
    return this;
  }

  @Override
  public Trace setInput(Object input) {
    state.change((t, in) -> {
      t.input = in;
      t.inputDirty = true;
    }, input);
    return this;
  }

  @Override
  public Trace setOutput(Object output) {
    state.change((t, out) -> t.output = out, output);
    return this;
  }

  @Override
  public Trace setMetadata(Map<String, ?> entries) {
    Map<String, Object> copy = Annotations.copyMetadata(entries, state.recorder.problems);
    return copy == null ? this : update(Update.create().metadata(copy));
  }

  @Override
  public Trace setMetadata(String key, Object value) {
    Recording.putMetadata(state, key, value);
    return this;
  }

  @Override
  public Trace setAttribute(String key, String value) {
    return putAttribute(key, value);
  }

  @Override
  public Trace setAttribute(String key, long value) {
    return putAttribute(key, value);
  }

  @Override
  public Trace setAttribute(String key, double value) {
    return putAttribute(key, value);
  }

  @Override
  public Trace setAttribute(String key, boolean value) {
    return putAttribute(key, value);
  }

  /** Sets an attribute; a null key is counted and logged. */
  Trace putAttribute(String key, Object value) {
    if (Annotations.isKey(key, state.recorder.problems, "attribute key null ignored")) {
      state.change((t, k, v) -> t.annotations().putAttribute(k, v), key, value);
    }
    return this;
  }

  @Override
  public Trace setTags(Collection<String> tags) {
    List<String> copy;
    try {
      copy = Maps.tags(tags);
    } catch (RuntimeException e) {
      state.recorder.problems.report("could not read tags", e);
      return this;
    }
    return update(Update.create().tags(copy));
  }

  @Override
  public Trace setStatus(Status status) {
    return setStatus(status, null);
  }

  @Override
  public Trace setStatus(Status status, String message) {
    if (status != null) {
      state.change((t, s, m) -> {
        t.status = s;
        t.statusMessage = m;
      }, status, message);
    }
    return this;
  }

  @Override
  public Trace setSessionId(String sessionId) {
    state.change((t, id) -> t.sessionId = id, sessionId);
    return this;
  }

  @Override
  public Trace setConversationId(String conversationId) {
    state.change((t, id) -> t.conversationId = id, conversationId);
    return this;
  }

  @Override
  public Trace update(Update update) {
    Changes changes = Changes.of(update, state.recorder.problems);
    if (changes != null) {
      state.change((t, c) -> {
        t.name = c.name() != null ? c.name() : t.name;
        t.status = c.status() != null ? c.status() : t.status;
        if (c.annotates()) {
          t.annotations().merge(c);
        }
      }, changes);
    }
    return this;
  }

  @Override
  public Trace addEvaluator(String slug) {
    Recording.addEvaluator(state, slug);
    return this;
  }

  @Override
  public Trace fail(Throwable error) {
    if (error != null) {
      setStatus(Status.FAILURE, error.getClass().getName() + ": " + Errors.message(error));
    }
    return this;
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
  public String end() {
    return state.endWith(null, Output.KEEP);
  }

  @Override
  public String end(Object output) {
    return state.endWith(output, Output.SET);
  }

  @Override
  public void endWithResult(Object result) {
    state.endWith(result, Output.DEFAULT);
  }

  @Override
  public void close() {
    end();
  }

  @Override
  public Span.Builder span(SpanType type, String name) {
    return SdkSpanBuilder.of(state.recorder, state, null, type, name);
  }

  @Override
  public Generation.Builder generation(String name) {
    return SdkGenerationBuilder.of(state.recorder, state, null, name);
  }

  @Override
  public void append(Generation generation) {
    SdkGeneration.append(generation, state, null, state.recorder.problems);
  }

  @Override
  public void feedback(Feedback feedback) {
    ScoreItem.submit(state, 0, feedback);
  }
}
