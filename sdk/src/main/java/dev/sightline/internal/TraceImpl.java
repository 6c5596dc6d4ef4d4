package dev.sightline.internal;

import dev.sightline.Feedback;
import dev.sightline.Generation;
import dev.sightline.Organization;
import dev.sightline.Scope;
import dev.sightline.Span;
import dev.sightline.SpanType;
import dev.sightline.Status;
import dev.sightline.ThrowingConsumer;
import dev.sightline.ThrowingFunction;
import dev.sightline.Trace;
import dev.sightline.Update;
import dev.sightline.User;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A trace and, until started, its own builder. State is guarded by {@code this}. The exporter
 * writes a trace while holding its lock, because unlike a span a trace is sent twice: at start
 * (pending) and at end, and may change in between. The children it has to end are registered in
 * a {@link Children} list with a lock of its own, so starting spans in a trace (the hot path)
 * never contends for the trace's monitor, which the exporter may hold while writing it.
 */
final class TraceImpl implements Trace, Trace.Builder, Handle {
  static final String UNATTACHED_ID = "00000000000000000000000000000000";

  final Recorder recorder;
  final long idHigh;
  final long idLow;
  final String feature;
  final Clock clock = Clock.anchored();
  /** Whether anything of this trace is sent: decided once, so a trace is kept or dropped whole. */
  final boolean recorded;
  String name;
  String referenceId;
  Status status = Status.PENDING;
  String statusMessage;
  String sessionId;
  String conversationId;
  User user;
  Organization organization;
  String environment;
  String release;
  long startMicros;
  long endMicros;
  private boolean started;
  private boolean begun;
  private volatile boolean ended;
  Object input;
  /** Whether input changed since the exporter last wrote it: the end event leaves it out otherwise. */
  boolean inputDirty;
  Object output;
  Map<String, Object> metadata;
  /** Alternating keys and values, see {@link Attributes}. */
  Object[] attributes;
  List<String> tags;
  List<String> evaluators;
  Double evaluationSampleRate;
  private final Children children = new Children();
  /** Exporter thread only: the final state has been written, later events of this trace are moot. */
  boolean endWritten;

  TraceImpl(Recorder recorder, String feature, boolean sample) {
    this.recorder = recorder;
    this.feature = feature;
    long high = Ids.randomNonZero();
    this.idHigh = high;
    this.idLow = Ids.randomNonZero();
    this.recorded = sample && recorder.keep(idLow);
    this.environment = recorder.config.environment();
    this.release = recorder.config.release();
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
  public synchronized Trace.Builder referenceId(String referenceId) {
    if (!begun && referenceId != null) {
      this.referenceId = referenceId;
    }
    return this;
  }

  @Override
  public synchronized Trace.Builder environment(String environment) {
    if (!ended) {
      this.environment = environment;
    }
    return this;
  }

  @Override
  public synchronized Trace.Builder release(String release) {
    if (!ended) {
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
    } else if (!ended) {
      evaluationSampleRate = sampleRate;
    }
    return this;
  }

  @Override
  public Trace.Builder startTime(Instant startTime) {
    if (startTime == null) {
      recorder.problems.ignored("startTime(null) ignored");
      return this;
    }
    long micros;
    try {
      micros = Clock.micros(startTime);
    } catch (ArithmeticException e) {
      recorder.problems.ignored("startTime out of range ignored");
      return this;
    }
    synchronized (this) {
      if (!begun) {
        startMicros = micros;
        started = true;
      }
    }
    return this;
  }

  @Override
  public Trace start() {
    synchronized (this) {
      if (begun) {
        return this;
      }
      begun = true;
      if (!started) {
        startMicros = clock.now();
        started = true;
      }
      if (referenceId == null) {
        referenceId = Ids.uuid();
      }
    }
    if (recorded) {
      recorder.submit(this);
    }
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

  // ---- handle ----------------------------------------------------------------------------

  @Override
  public String traceId() {
    return Ids.hex(idHigh) + Ids.hex(idLow);
  }

  @Override
  public String feature() {
    return feature;
  }

  @Override
  public synchronized String referenceId() {
    if (referenceId == null) {
      referenceId = Ids.uuid();
    }
    return referenceId;
  }

  @Override
  public synchronized Instant startTime() {
    return Clock.instant(started ? startMicros : clock.now());
  }

  @Override
  public boolean isRecorded() {
    return recorded;
  }

  @Override
  public synchronized Trace identify(User user, Organization organization) {
    if (!ended) {
      this.user = user != null ? user : this.user;
      this.organization = organization != null ? organization : this.organization;
    }
    return this;
  }

  @Override
  public synchronized Trace setName(String name) {
    if (!ended && name != null) {
      this.name = name;
    }
    return this;
  }

  @Override
  public synchronized Trace setInput(Object input) {
    if (!ended) {
      this.input = input;
      this.inputDirty = true;
    }
    return this;
  }

  @Override
  public synchronized Trace setOutput(Object output) {
    if (!ended) {
      this.output = output;
    }
    return this;
  }

  @Override
  public Trace setMetadata(Map<String, ?> entries) {
    return update(Update.create().metadata(entries));
  }

  @Override
  public synchronized Trace setMetadata(String key, Object value) {
    if (key == null) {
      recorder.problems.ignored("metadata key null ignored");
    } else if (!ended) {
      if (metadata == null) {
        metadata = new LinkedHashMap<>();
      }
      metadata.put(key, value);
    }
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

  private Trace putAttribute(String key, Object value) {
    if (key == null) {
      recorder.problems.ignored("attribute key null ignored");
      return this;
    }
    synchronized (this) {
      if (!ended) {
        attributes = Attributes.put(attributes, key, value);
      }
    }
    return this;
  }

  @Override
  public Trace setTags(Collection<String> tags) {
    return update(Update.create().tags(tags));
  }

  @Override
  public Trace setStatus(Status status) {
    return setStatus(status, null);
  }

  @Override
  public synchronized Trace setStatus(Status status, String message) {
    if (!ended && status != null) {
      this.status = status;
      this.statusMessage = message;
    }
    return this;
  }

  @Override
  public synchronized Trace setSessionId(String sessionId) {
    if (!ended) {
      this.sessionId = sessionId;
    }
    return this;
  }

  @Override
  public synchronized Trace setConversationId(String conversationId) {
    if (!ended) {
      this.conversationId = conversationId;
    }
    return this;
  }

  @Override
  public Trace update(Update update) {
    if (update == null) {
      recorder.problems.ignored("update(null) ignored");
      return this;
    }
    try {
      List<String> newTags = Maps.tags(update.tags());
      Object[] newAttributes = update.attributes().isEmpty() ? null : Attributes.flatten(update.attributes());
      synchronized (this) {
        if (ended) {
          return this;
        }
        if (update.name() != null) {
          name = update.name();
        }
        if (update.status() != null) {
          status = update.status();
        }
        if (!update.metadata().isEmpty()) {
          metadata = Maps.merge(metadata, update.metadata());
        }
        attributes = Attributes.putAll(attributes, newAttributes);
        if (newTags != null) {
          tags = newTags;
        }
      }
    } catch (RuntimeException e) {
      recorder.problems.report("update failed", e);
    }
    return this;
  }

  @Override
  public synchronized Trace addEvaluator(String slug) {
    if (slug == null || slug.isBlank()) {
      recorder.problems.ignored("blank evaluator slug ignored");
    } else if (!ended) {
      if (evaluators == null) {
        evaluators = new ArrayList<>(2);
      }
      if (!evaluators.contains(slug)) {
        evaluators.add(slug);
      }
    }
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
  public void failQuietly(Throwable error) {
    fail(error);
  }

  @Override
  public boolean isEnded() {
    return ended;
  }

  @Override
  public Scope makeCurrent() {
    return ContextStore.attach(this);
  }

  @Override
  public String end() {
    return endWith(null, false);
  }

  @Override
  public String end(Object output) {
    return endWith(output, true);
  }

  @Override
  public void endWithResult(Object result) {
    endWith(result, false);
  }

  @Override
  public void close() {
    end();
  }

  /** Ends the trace; {@code force} sets the output even if one was set before. */
  private String endWith(Object result, boolean force) {
    long end;
    synchronized (this) {
      if (ended) {
        return referenceId();
      }
      if (!begun) {
        start();
      }
      if (force || output == null) {
        output = result;
      }
      end = Math.max(startMicros, clock.now());
      endMicros = end;
      if (status == Status.PENDING) {
        status = Status.SUCCESS;
      }
      ended = true;
    }
    AbstractSpan<?, ?>[] open = children.close();
    if (open != null) {
      for (AbstractSpan<?, ?> child : open) {
        child.endByParent(end);
      }
    }
    if (recorded) {
      recorder.submit(this);
    }
    return referenceId();
  }

  /** Registers a started child, to be ended with this if still open then. */
  void adopt(AbstractSpan<?, ?> child) {
    if (!ended) {
      children.add(child); // refused once the trace has closed its children at end
    }
  }

  // ---- children --------------------------------------------------------------------------

  @Override
  public Span.Builder span(SpanType type, String name) {
    return new SpanImpl(recorder, this, null, type == null ? SpanType.SPAN : type, name);
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
    submitFeedback(feedback, 0);
  }

  /** Records feedback on this trace, or on one of its spans ({@code spanId} non-zero). */
  void submitFeedback(Feedback feedback, long spanId) {
    if (feedback == null || feedback.tag() == null || feedback.tag().isBlank()) {
      recorder.problems.ignored("feedback without a tag ignored");
    } else if (recorded) {
      recorder.submit(new ScoreItem(this, spanId, feedback, clock.now()));
    }
  }
}
