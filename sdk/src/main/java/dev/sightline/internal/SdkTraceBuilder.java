package dev.sightline.internal;

import dev.sightline.Organization;
import dev.sightline.ThrowingConsumer;
import dev.sightline.ThrowingFunction;
import dev.sightline.Trace;
import dev.sightline.User;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;

/**
 * The options of a trace about to start. They record straight into its {@link TraceState},
 * mostly through the handle {@link #start()} returns, so an option behaves as the same change on
 * the started trace; the rest (environment, release, evaluation rate, reference id, start time)
 * only a builder sets. Meant for one thread until started; arguments may be null (ignored and
 * counted).
 */
final class SdkTraceBuilder implements Trace.Builder {
  /** Never null. */
  private final TraceState state;

  SdkTraceBuilder(TraceState state) {
    this.state = state;
  }

  @Override
  public Trace.Builder name(String name) {
    state.handle.setName(name);
    return this;
  }

  @Override
  public Trace.Builder input(Object input) {
    state.handle.setInput(input);
    return this;
  }

  @Override
  public Trace.Builder metadata(Map<String, ?> metadata) {
    state.handle.setMetadata(metadata);
    return this;
  }

  @Override
  public Trace.Builder metadata(String key, Object value) {
    state.handle.setMetadata(key, value);
    return this;
  }

  @Override
  public Trace.Builder attribute(String key, String value) {
    state.handle.putAttribute(key, value);
    return this;
  }

  @Override
  public Trace.Builder attribute(String key, long value) {
    state.handle.putAttribute(key, value);
    return this;
  }

  @Override
  public Trace.Builder attribute(String key, double value) {
    state.handle.putAttribute(key, value);
    return this;
  }

  @Override
  public Trace.Builder attribute(String key, boolean value) {
    state.handle.putAttribute(key, value);
    return this;
  }

  @Override
  public Trace.Builder tags(String... tags) {
    state.handle.setTags(tags == null ? null : Arrays.asList(tags));
    return this;
  }

  @Override
  public Trace.Builder user(User user) {
    state.handle.identify(user, null);
    return this;
  }

  @Override
  public Trace.Builder organization(Organization organization) {
    state.handle.identify(null, organization);
    return this;
  }

  @Override
  public Trace.Builder sessionId(String sessionId) {
    state.handle.setSessionId(sessionId);
    return this;
  }

  @Override
  public Trace.Builder conversationId(String conversationId) {
    state.handle.setConversationId(conversationId);
    return this;
  }

  @Override
  public Trace.Builder referenceId(String referenceId) {
    state.presetReferenceId(referenceId);
    return this;
  }

  @Override
  public Trace.Builder environment(String environment) {
    state.change((t, e) -> t.environment = e, environment);
    return this;
  }

  @Override
  public Trace.Builder release(String release) {
    state.change((t, r) -> t.release = r, release);
    return this;
  }

  @Override
  public Trace.Builder evaluator(String slug) {
    state.handle.addEvaluator(slug);
    return this;
  }

  @Override
  public Trace.Builder evaluationSampleRate(double sampleRate) {
    if (!(sampleRate >= 0 && sampleRate <= 1)) {
      state.recorder.problems.ignored("evaluationSampleRate outside 0..1 ignored");
    } else {
      state.change((t, rate) -> t.evaluationSampleRate = rate, sampleRate);
    }
    return this;
  }

  @Override
  public Trace.Builder startTime(Instant startTime) {
    if (Clock.isStartTime(startTime, state.recorder.problems)) {
      state.startAt(Clock.micros(startTime));
    }
    return this;
  }

  /** Starts the trace (once: a second call changes nothing) and returns its handle. */
  @Override
  public Trace start() {
    state.begin();
    return state.handle;
  }

  @Override
  public <E extends Exception> void run(ThrowingConsumer<? super Trace, E> work) throws E {
    Work.run(state.handle, start(), work);
  }

  @Override
  public <T, E extends Exception> T call(ThrowingFunction<? super Trace, T, E> work) throws E {
    return Work.call(state.handle, start(), work);
  }
}
