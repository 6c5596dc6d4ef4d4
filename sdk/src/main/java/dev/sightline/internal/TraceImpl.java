package dev.sightline.internal;

import dev.sightline.Feedback;
import dev.sightline.Generation;
import dev.sightline.Organization;
import dev.sightline.Span;
import dev.sightline.SpanType;
import dev.sightline.ThrowingConsumer;
import dev.sightline.ThrowingFunction;
import dev.sightline.Trace;
import dev.sightline.User;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;

/**
 * A trace and, until started, its own builder. This layer adds the builder options and the spans
 * started in the trace; the state, lifecycle and handle are the layers below ({@link TraceState},
 * {@link TraceHandle}). Thread-safe.
 */
final class TraceImpl extends TraceHandle implements Trace.Builder {
  /** The trace id reported by a generation that belongs to no trace yet. */
  static final String UNATTACHED_ID = "00000000000000000000000000000000";

  TraceImpl(Recorder recorder, String feature, boolean sample) {
    super(recorder, feature, sample);
  }

  /** A trace that records nothing: the parent of last resort when no trace is current. */
  static TraceImpl unrecorded(Recorder recorder) {
    TraceImpl t = new TraceImpl(recorder, "none", false);
    t.start();
    return t;
  }

  // ---- builder ---------------------------------------------------------------------------

  @Override
  public Trace.Builder name(String name) {
    setName(name);
    return this;
  }

  @Override
  public Trace.Builder input(Object input) {
    setInput(input);
    return this;
  }

  @Override
  public Trace.Builder metadata(Map<String, ?> metadata) {
    setMetadata(metadata);
    return this;
  }

  @Override
  public Trace.Builder metadata(String key, Object value) {
    setMetadata(key, value);
    return this;
  }

  @Override
  public Trace.Builder attribute(String key, String value) {
    putAttribute(key, value);
    return this;
  }

  @Override
  public Trace.Builder attribute(String key, long value) {
    putAttribute(key, value);
    return this;
  }

  @Override
  public Trace.Builder attribute(String key, double value) {
    putAttribute(key, value);
    return this;
  }

  @Override
  public Trace.Builder attribute(String key, boolean value) {
    putAttribute(key, value);
    return this;
  }

  @Override
  public Trace.Builder tags(String... tags) {
    setTags(tags == null ? null : Arrays.asList(tags));
    return this;
  }

  @Override
  public Trace.Builder user(User user) {
    identify(user, null);
    return this;
  }

  @Override
  public Trace.Builder organization(Organization organization) {
    identify(null, organization);
    return this;
  }

  @Override
  public Trace.Builder sessionId(String sessionId) {
    setSessionId(sessionId);
    return this;
  }

  @Override
  public Trace.Builder conversationId(String conversationId) {
    setConversationId(conversationId);
    return this;
  }

  @Override
  public Trace.Builder referenceId(String referenceId) {
    presetReferenceId(referenceId);
    return this;
  }

  @Override
  public synchronized Trace.Builder environment(String environment) {
    if (!isEnded()) {
      this.environment = environment;
    }
    return this;
  }

  @Override
  public synchronized Trace.Builder release(String release) {
    if (!isEnded()) {
      this.release = release;
    }
    return this;
  }

  @Override
  public Trace.Builder evaluator(String slug) {
    addEvaluator(slug);
    return this;
  }

  @Override
  public synchronized Trace.Builder evaluationSampleRate(double sampleRate) {
    if (!(sampleRate >= 0 && sampleRate <= 1)) {
      recorder.problems.ignored("evaluationSampleRate outside 0..1 ignored");
    } else if (!isEnded()) {
      evaluationSampleRate = sampleRate;
    }
    return this;
  }

  @Override
  public Trace.Builder startTime(Instant startTime) {
    if (Clock.isStartTime(startTime, recorder.problems)) {
      startAt(Clock.micros(startTime));
    }
    return this;
  }

  @Override
  public Trace start() {
    begin();
    return this;
  }

  @Override
  public <E extends Exception> void run(ThrowingConsumer<? super Trace, E> work) throws E {
    Work.run(this, start(), work);
  }

  @Override
  public <T, E extends Exception> T call(ThrowingFunction<? super Trace, T, E> work) throws E {
    return Work.call(this, start(), work);
  }

  // ---- children --------------------------------------------------------------------------

  @Override
  public Span.Builder span(SpanType type, String name) {
    return new SpanImpl(recorder, this, null, type, name);
  }

  @Override
  public Generation.Builder generation(String name) {
    return new GenerationImpl(recorder, this, null, name);
  }

  @Override
  public void append(Generation generation) {
    GenerationImpl.attach(generation, this, null, recorder.problems);
  }

  @Override
  public void feedback(Feedback feedback) {
    ScoreItem.submit(this, 0, feedback);
  }
}
