package dev.sightline.internal;

import dev.sightline.Feedback;
import dev.sightline.Generation;
import dev.sightline.Scope;
import dev.sightline.Span;
import dev.sightline.SpanBuilder;
import dev.sightline.SpanType;
import dev.sightline.Status;
import dev.sightline.ThrowingConsumer;
import dev.sightline.ThrowingFunction;
import dev.sightline.Update;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A span and, until started, its own builder: one object per span keeps the caller's cost to a
 * single allocation. State is guarded by {@code this}; once ended the span never changes again, so
 * the exporter thread writes it without locking (the queue hand-off publishes it safely).
 *
 * @param <B> the public builder type
 * @param <S> the public handle type
 */
abstract class AbstractSpan<B extends SpanBuilder<B, S>, S extends Span>
    implements Span, SpanBuilder<B, S>, Handle {
  final Recorder recorder;
  final long spanId;
  final SpanType type;
  final String name;
  private final Clock detachedClock;
  // Set at creation, or when a detached generation is appended; guarded by this.
  TraceImpl trace;
  AbstractSpan<?, ?> parent;
  long startMicros;
  long endMicros;
  /** Whether startMicros is set (by start() or startTime()). */
  private boolean started;
  /** Whether start() ran: the span is live. */
  private boolean begun;
  /** Whether the parent knows it (to end it with itself). */
  private boolean registered;
  private volatile boolean ended;
  Status status;
  String statusMessage;
  Throwable error;
  Object input;
  Object output;
  Map<String, Object> metadata;
  Attributes attributes;
  List<String> tags;
  List<String> evaluators;
  String referenceId;
  String promptId;
  String deploymentId;
  Boolean runEvaluation;
  private Children children;

  /** A span in a trace, or a detached one ({@code trace} null) with its own clock. */
  AbstractSpan(Recorder recorder, TraceImpl trace, AbstractSpan<?, ?> parent, SpanType type, String name) {
    this.recorder = recorder;
    this.trace = trace;
    this.parent = parent;
    this.type = type;
    this.name = name;
    this.spanId = Ids.randomNonZero();
    this.detachedClock = trace == null ? Clock.anchored() : null;
  }

  abstract B self();

  @SuppressWarnings("unchecked")
  private S handle() {
    return (S) this;
  }

  final long nowMicros() {
    TraceImpl t = trace;
    return detachedClock != null ? detachedClock.now() : t.clock.now();
  }

  // ---- builder options -------------------------------------------------------------------

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
  public synchronized B referenceId(String referenceId) {
    if (!ended) {
      this.referenceId = referenceId;
    }
    return self();
  }

  @Override
  public synchronized B promptId(String promptId) {
    if (!ended) {
      this.promptId = promptId;
    }
    return self();
  }

  @Override
  public synchronized B deploymentId(String deploymentId) {
    if (!ended) {
      this.deploymentId = deploymentId;
    }
    return self();
  }

  @Override
  public synchronized B runEvaluation(boolean runEvaluation) {
    if (!ended) {
      this.runEvaluation = runEvaluation;
    }
    return self();
  }

  @Override
  public B startTime(Instant startTime) {
    if (startTime == null) {
      recorder.problems.ignored("startTime(null) ignored");
      return self();
    }
    synchronized (this) {
      if (!ended) {
        startMicros = Clock.micros(startTime);
        started = true;
      }
    }
    return self();
  }

  /** Begins the span (registering it with its parent) or, if it has begun, restarts its clock. */
  @Override
  public S start() {
    boolean register;
    synchronized (this) {
      if (ended) {
        return handle();
      }
      if (begun) {
        startMicros = nowMicros();
        return handle();
      }
      if (!started) {
        startMicros = nowMicros();
      }
      begun = true;
      started = true;
      register = trace != null;
      registered = register;
    }
    if (register) {
      owner().adopt(this);
    }
    return handle();
  }

  private Handle owner() {
    return parent != null ? parent : trace;
  }

  @Override
  public <E extends Exception> void run(ThrowingConsumer<? super S, E> work) throws E {
    Work.run(this, handle(), work);
  }

  @Override
  public <T, E extends Exception> T call(ThrowingFunction<? super S, T, E> work) throws E {
    return Work.call(this, handle(), work);
  }

  // ---- handle ----------------------------------------------------------------------------

  @Override
  public String spanId() {
    return Ids.hex(spanId);
  }

  @Override
  public synchronized String traceId() {
    return trace == null ? TraceImpl.UNATTACHED_ID : trace.traceId();
  }

  @Override
  public SpanType type() {
    return type;
  }

  @Override
  public synchronized Span setInput(Object input) {
    if (!ended) {
      this.input = input;
    }
    return this;
  }

  @Override
  public synchronized Span setOutput(Object output) {
    if (!ended) {
      this.output = output;
    }
    return this;
  }

  @Override
  public Span setMetadata(Map<String, ?> entries) {
    if (entries == null) {
      recorder.problems.ignored("setMetadata(null) ignored");
      return this;
    }
    try {
      synchronized (this) {
        if (!ended) {
          metadata = Maps.merge(metadata, entries);
        }
      }
    } catch (RuntimeException e) {
      recorder.problems.report("could not read metadata map", e);
    }
    return this;
  }

  @Override
  public synchronized Span setMetadata(String key, Object value) {
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
  public Span setAttribute(String key, String value) {
    return putAttribute(key, value);
  }

  @Override
  public Span setAttribute(String key, long value) {
    return putAttribute(key, value);
  }

  @Override
  public Span setAttribute(String key, double value) {
    return putAttribute(key, value);
  }

  @Override
  public Span setAttribute(String key, boolean value) {
    return putAttribute(key, value);
  }

  private synchronized Span putAttribute(String key, Object value) {
    if (key == null) {
      recorder.problems.ignored("attribute key null ignored");
    } else if (!ended) {
      if (attributes == null) {
        attributes = new Attributes();
      }
      attributes.put(key, value);
    }
    return this;
  }

  @Override
  public Span setTags(String... tags) {
    List<String> copy = Maps.tags(tags == null ? null : Arrays.asList(tags));
    synchronized (this) {
      if (!ended && copy != null) {
        this.tags = copy;
      }
    }
    return this;
  }

  @Override
  public synchronized Span setStatus(Status status) {
    if (!ended && status != null) {
      this.status = status;
    }
    return this;
  }

  @Override
  public synchronized Span setStatus(Status status, String message) {
    if (!ended && status != null) {
      this.status = status;
      this.statusMessage = message;
    }
    return this;
  }

  @Override
  public Span update(Update update) {
    if (update == null) {
      recorder.problems.ignored("update(null) ignored");
      return this;
    }
    try {
      List<String> newTags = Maps.tags(update.tags());
      synchronized (this) {
        if (ended) {
          return this;
        }
        if (update.status() != null) {
          status = update.status();
        }
        if (!update.metadata().isEmpty()) {
          metadata = Maps.merge(metadata, update.metadata());
        }
        if (!update.attributes().isEmpty()) {
          if (attributes == null) {
            attributes = new Attributes();
          }
          attributes.putAll(update.attributes());
        }
        if (newTags != null) {
          tags = newTags;
        }
      }
      if (update.name() != null) {
        recorder.problems.ignored("a span's name is fixed when it is created; update(name) ignored");
      }
    } catch (RuntimeException e) {
      recorder.problems.report("update failed", e);
    }
    return this;
  }

  @Override
  public synchronized Span addEvaluator(String slug) {
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
  public synchronized Span fail(Throwable error) {
    if (!ended && error != null) {
      this.error = error;
      this.status = Status.FAILURE;
      this.statusMessage = Errors.message(error);
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
  public void end() {
    endAt(-1, false);
  }

  @Override
  public void end(Object output) {
    synchronized (this) {
      if (!ended) {
        this.output = output;
      }
    }
    endAt(-1, false);
  }

  @Override
  public void endWithResult(Object result) {
    synchronized (this) {
      if (!ended && output == null) {
        output = result;
      }
    }
    endAt(-1, false);
  }

  @Override
  public void close() {
    end();
  }

  /**
   * Ends the span and its open children, then hands it to the exporter.
   *
   * @param at the end time in epoch microseconds, or -1 for now
   * @param byParent whether the parent ends it (it did not end itself: its outcome is unknown)
   */
  final void endAt(long at, boolean byParent) {
    Children kids;
    long end;
    TraceImpl t;
    synchronized (this) {
      if (ended) {
        return;
      }
      t = trace;
      if (!started) {
        startMicros = nowMicros();
        started = true;
      }
      end = Math.max(startMicros, at >= 0 ? at : nowMicros());
      endMicros = end;
      if (status == null) {
        status = byParent ? Status.UNKNOWN : Status.SUCCESS;
      }
      kids = children;
      children = null;
      ended = true;
    }
    if (kids != null) {
      for (AbstractSpan<?, ?> child : kids.toArray()) {
        child.endAt(end, true);
      }
    }
    if (t != null && t.recorded) {
      recorder.submit(this); // a detached generation (no trace yet) is submitted when appended
    }
  }

  /** Submits the ended span if it belongs to a trace by now; a detached one waits for append. */
  final void submitIfAttached() {
    TraceImpl t;
    synchronized (this) {
      t = trace;
    }
    if (t != null && t.recorded) {
      recorder.submit(this);
    }
  }

  @Override
  public void adopt(AbstractSpan<?, ?> child) {
    boolean late;
    synchronized (this) {
      late = ended;
      if (!late) {
        if (children == null) {
          children = new Children();
        }
        children.add(child);
      }
    }
  }

  // ---- children --------------------------------------------------------------------------

  @Override
  public Span.Builder span(SpanType type, String name) {
    return new SpanImpl(recorder, traceForChildren(), this, type == null ? SpanType.SPAN : type, name);
  }

  @Override
  public Generation.Builder generation(String name) {
    return new GenerationImpl(recorder, traceForChildren(), this, name);
  }

  /** Children of a detached generation go nowhere until it is appended: they get a dead trace. */
  private synchronized TraceImpl traceForChildren() {
    return trace != null ? trace : TraceImpl.unrecorded(recorder);
  }

  @Override
  public void append(Generation generation) {
    TraceImpl t;
    synchronized (this) {
      t = trace;
    }
    if (t == null) {
      recorder.problems.ignored("append to a detached generation ignored");
    } else {
      GenerationImpl.attach(generation, t, this, recorder.problems);
    }
  }

  @Override
  public void feedback(Feedback feedback) {
    TraceImpl t;
    synchronized (this) {
      t = trace;
    }
    if (t != null) {
      t.submitFeedback(feedback, spanId);
    } else {
      recorder.problems.ignored("feedback on a detached generation ignored");
    }
  }

  /** Links a detached span into a trace; returns whether it had already ended. */
  final boolean attachTo(TraceImpl trace, AbstractSpan<?, ?> parent) {
    boolean register;
    boolean wasEnded;
    synchronized (this) {
      this.trace = trace;
      this.parent = parent;
      wasEnded = ended;
      register = begun && !ended && !registered;
      registered |= register;
    }
    if (register) {
      owner().adopt(this);
    }
    return wasEnded;
  }

  /** Whether this is still detached (a generation not yet appended). */
  final synchronized boolean isDetached() {
    return trace == null;
  }
}
