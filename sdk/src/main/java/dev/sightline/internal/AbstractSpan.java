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
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A span and, until started, its own builder: one object per span keeps the caller's cost to a
 * single allocation (plus its attribute array).
 *
 * <p>Concurrency: the mutable fields are guarded by the lock bit of the span's {@link StateLock}
 * word, which also holds the span's lifecycle flags, so a recording call costs at most one
 * compare-and-set and no monitor; the creating thread's attributes ({@link #putAttribute}) and a
 * builder's start on its creating thread cost none. Once {@link #ENDED} is set (by the same
 * release that frees the lock) the span never changes again; the ender then hands it to the
 * exporter queue, whose hand-off publishes every field to the exporter thread, which reads them
 * without locking. Children register with their parent in the parent's own {@link Children} list
 * (created on the first child, so leaf spans never allocate one).
 *
 * @param <B> the public builder type
 * @param <S> the public handle type
 */
abstract class AbstractSpan<B extends SpanBuilder<B, S>, S extends Span> extends StateLock
    implements Span, SpanBuilder<B, S>, Handle {
  /** startMicros is set (by start() or startTime()). */
  private static final int STARTED = 2;
  /** start() ran: the span is live. */
  private static final int BEGUN = 4;
  /** The parent knows it (to end it with itself). */
  private static final int REGISTERED = 8;
  /** Ended: nothing changes any more. */
  static final int ENDED = 16;
  /** Attributes have been set by a thread other than the owner: all now go to sharedAttributes. */
  private static final int SHARED = 32;

  private static final VarHandle CHILDREN;
  private static final VarHandle ATTRIBUTES;
  private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Object[].class);

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      CHILDREN = lookup.findVarHandle(AbstractSpan.class, "children", Children.class);
      ATTRIBUTES = lookup.findVarHandle(AbstractSpan.class, "attributes", Object[].class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  final Recorder recorder;
  final long spanId;
  final SpanType type;
  final String name;
  private final Clock detachedClock;
  /** The thread that created the span: it records attributes without the lock (see putAttribute). */
  private final Thread owner;
  // Set at creation, or when a detached generation is appended; guarded by the lock.
  TraceImpl trace;
  AbstractSpan<?, ?> parent;
  long startMicros;
  long endMicros;
  Status status;
  Object input;
  Object output;
  /**
   * Attributes set by the owner thread before any other thread set one: alternating keys and
   * values (see {@link Attributes}), written by the owner only, without the lock, in an order
   * that lets a reader on another thread see a consistent prefix at any time.
   */
  private Object[] attributes;
  /** What most spans never set, made on first use; guarded by the lock. */
  private Extras extras;
  /** The started children, created with the first; see {@link #adopt}. */
  private volatile Children children;

  /**
   * The fields most spans never set, kept apart so that a typical span is one small object:
   * allocating and clearing a span costs the caller less, and so does the garbage it leaves.
   */
  static final class Extras {
    String statusMessage;
    Throwable error;
    Map<String, Object> metadata;
    /** Attributes set by other threads, and by all once one has ({@link #SHARED}). */
    Object[] sharedAttributes;
    List<String> tags;
    List<String> evaluators;
    String referenceId;
    String promptId;
    String deploymentId;
    Boolean runEvaluation;
  }

  /** The extras, made if needed; only under the lock (and inside its try, as it allocates). */
  private Extras x() {
    Extras e = extras;
    if (e == null) {
      e = new Extras();
      extras = e;
    }
    return e;
  }

  /** The extras for the exporter, once the span has ended; null if none was set. */
  final Extras extras() {
    return extras;
  }

  /** A span in a trace, or a detached one ({@code trace} null) with its own clock. */
  AbstractSpan(Recorder recorder, TraceImpl trace, AbstractSpan<?, ?> parent, SpanType type, String name) {
    this.recorder = recorder;
    this.trace = trace;
    this.parent = parent;
    this.type = type;
    this.name = name;
    this.spanId = Ids.randomNonZero();
    this.detachedClock = trace == null ? Clock.anchored() : null;
    this.owner = Thread.currentThread();
  }

  abstract B self();

  @SuppressWarnings("unchecked")
  private S handle() {
    return (S) this;
  }

  /**
   * Now on this span's clock. Safe without the lock: a span created in a trace keeps that trace
   * (and its clock) for life, and a detached one always uses its own final clock.
   */
  final long nowMicros() {
    Clock c = detachedClock;
    return c != null ? c.now() : trace.clock.now();
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
  public B referenceId(String referenceId) {
    int s = lock();
    try {
      if ((s & ENDED) == 0) {
        x().referenceId = referenceId;
      }
    } finally {
      unlock(s);
    }
    return self();
  }

  @Override
  public B promptId(String promptId) {
    int s = lock();
    try {
      if ((s & ENDED) == 0) {
        x().promptId = promptId;
      }
    } finally {
      unlock(s);
    }
    return self();
  }

  @Override
  public B deploymentId(String deploymentId) {
    int s = lock();
    try {
      if ((s & ENDED) == 0) {
        x().deploymentId = deploymentId;
      }
    } finally {
      unlock(s);
    }
    return self();
  }

  @Override
  public B runEvaluation(boolean runEvaluation) {
    int s = lock();
    try {
      if ((s & ENDED) == 0) {
        x().runEvaluation = runEvaluation;
      }
    } finally {
      unlock(s);
    }
    return self();
  }

  @Override
  public B startTime(Instant startTime) {
    if (startTime == null) {
      recorder.problems.ignored("startTime(null) ignored");
      return self();
    }
    long micros;
    try {
      micros = Clock.micros(startTime);
    } catch (ArithmeticException e) {
      recorder.problems.ignored("startTime out of range ignored");
      return self();
    }
    int s = lock();
    if ((s & ENDED) == 0) {
      startMicros = micros;
      s |= STARTED;
    }
    unlock(s);
    return self();
  }

  /** Begins the span (registering it with its parent) or, if it has begun, restarts its clock. */
  @Override
  public S start() {
    long now = nowMicros();
    int s = state();
    TraceImpl t = trace;
    if ((s & (LOCKED | BEGUN | ENDED)) == 0 && t != null && Thread.currentThread() == owner) {
      // The builder on the thread that made it: nobody else has it yet (a builder belongs to one
      // thread), so no lock is needed; the release store publishes startMicros with the flags.
      if ((s & STARTED) == 0) {
        startMicros = now;
      }
      unlock(s | BEGUN | STARTED | REGISTERED);
      AbstractSpan<?, ?> p = parent;
      if (p != null) {
        p.adopt(this);
      } else {
        t.adopt(this);
      }
      return handle();
    }
    s = lock();
    if ((s & (ENDED | BEGUN)) != 0) {
      if ((s & ENDED) == 0) {
        startMicros = now; // a restart
      }
      unlock(s);
      return handle();
    }
    if ((s & STARTED) == 0) {
      startMicros = now;
    }
    t = trace;
    AbstractSpan<?, ?> p = parent;
    int bits = s | BEGUN | STARTED;
    if (t != null) {
      bits |= REGISTERED;
    }
    unlock(bits);
    if (t != null) { // a detached generation registers when it is appended
      if (p != null) {
        p.adopt(this);
      } else {
        t.adopt(this);
      }
    }
    return handle();
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
  public String traceId() {
    TraceImpl t = traceNow();
    return t == null ? TraceImpl.UNATTACHED_ID : t.traceId();
  }

  /** The trace, or null while detached. */
  final TraceImpl traceNow() {
    int s = lock();
    TraceImpl t = trace;
    unlock(s);
    return t;
  }

  @Override
  public SpanType type() {
    return type;
  }

  @Override
  public Span setInput(Object input) {
    int s = lock();
    if ((s & ENDED) == 0) {
      this.input = input;
    }
    unlock(s);
    return this;
  }

  @Override
  public Span setOutput(Object output) {
    int s = lock();
    if ((s & ENDED) == 0) {
      this.output = output;
    }
    unlock(s);
    return this;
  }

  @Override
  public Span setMetadata(Map<String, ?> entries) {
    if (entries == null) {
      recorder.problems.ignored("setMetadata(null) ignored");
      return this;
    }
    Map<String, Object> copy;
    try {
      copy = Maps.merge(null, entries); // reads the caller's map: outside the lock
    } catch (RuntimeException e) {
      recorder.problems.report("could not read metadata map", e);
      return this;
    }
    int s = lock();
    try {
      if ((s & ENDED) == 0) {
        Extras e = x();
        e.metadata = e.metadata == null ? copy : Maps.merge(e.metadata, copy);
      }
    } finally {
      unlock(s);
    }
    return this;
  }

  @Override
  public Span setMetadata(String key, Object value) {
    if (key == null) {
      recorder.problems.ignored("metadata key null ignored");
      return this;
    }
    int s = lock();
    try {
      if ((s & ENDED) == 0) {
        Extras e = x();
        if (e.metadata == null) {
          e.metadata = new LinkedHashMap<>();
        }
        e.metadata.put(key, value);
      }
    } finally {
      unlock(s);
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

  /**
   * Sets an attribute. The owner thread (the span's creator) writes its own array without the
   * lock as long as no other thread has set an attribute; any other thread takes the lock, writes
   * the shared array and marks the span {@link #SHARED}, after which the owner takes the lock too.
   * The exporter applies the owner's array first, then the shared one. That order respects every
   * happens-before: an owner write made without the lock did not see {@code SHARED}, so no shared
   * write happened before it; at most they were concurrent, and then either order is right.
   */
  private Span putAttribute(String key, Object value) {
    if (key == null) {
      recorder.problems.ignored("attribute key null ignored");
      return this;
    }
    if (Thread.currentThread() == owner) {
      int s = state();
      if ((s & (SHARED | ENDED)) == 0) {
        putOwned(key, value);
        return this;
      }
      if ((s & ENDED) != 0) {
        return this;
      }
    }
    int s = lock();
    try {
      if ((s & ENDED) == 0) {
        Extras e = x();
        e.sharedAttributes = Attributes.put(e.sharedAttributes, key, value);
        s |= SHARED;
      }
    } finally {
      unlock(s);
    }
    return this;
  }

  /**
   * The owner's lock-free write. A reader on another thread (the exporter, when another thread
   * ended the span meanwhile) sees a consistent prefix: a new entry's value is stored before its
   * key, a grown array is filled before it is published, each with a release store.
   */
  private void putOwned(String key, Object value) {
    Object[] kv = attributes;
    int i = 0;
    if (kv != null) {
      for (; i < kv.length; i += 2) {
        Object k = kv[i];
        if (k == null) {
          break;
        }
        if (k == key || (k.hashCode() == key.hashCode() && k.equals(key))) {
          kv[i + 1] = value;
          return;
        }
      }
      if (i < kv.length) {
        kv[i + 1] = value;
        SLOT.setRelease(kv, i, key);
        return;
      }
    }
    Object[] grown = kv == null ? new Object[Attributes.INITIAL_SLOTS] : Arrays.copyOf(kv, kv.length * 2);
    grown[i] = key;
    grown[i + 1] = value;
    ATTRIBUTES.setRelease(this, grown);
  }

  /** All attributes, for the exporter once the span has ended; null if none. */
  final Object[] attributesForExport() {
    Object[] own = (Object[]) ATTRIBUTES.getAcquire(this);
    Extras e = extras;
    Object[] shared = e == null ? null : e.sharedAttributes;
    if (shared == null) {
      return own;
    }
    Object[] all = null;
    for (int i = 0; own != null && i < own.length; i += 2) {
      Object k = SLOT.getAcquire(own, i);
      if (k == null) {
        break;
      }
      all = Attributes.put(all, (String) k, own[i + 1]);
    }
    return Attributes.putAll(all, shared);
  }

  @Override
  public Span setTags(String... tags) {
    List<String> copy = Maps.tags(tags == null ? null : Arrays.asList(tags));
    if (copy != null) {
      int s = lock();
      try {
        if ((s & ENDED) == 0) {
          x().tags = copy;
        }
      } finally {
        unlock(s);
      }
    }
    return this;
  }

  @Override
  public Span setStatus(Status status) {
    if (status != null) {
      int s = lock();
      if ((s & ENDED) == 0) {
        this.status = status;
      }
      unlock(s);
    }
    return this;
  }

  @Override
  public Span setStatus(Status status, String message) {
    if (status != null) {
      int s = lock();
      try {
        if ((s & ENDED) == 0) {
          this.status = status;
          x().statusMessage = message;
        }
      } finally {
        unlock(s);
      }
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
      Object[] newAttributes = update.attributes().isEmpty() ? null : Attributes.flatten(update.attributes());
      int s = lock();
      try {
        if ((s & ENDED) == 0) {
          if (update.status() != null) {
            status = update.status();
          }
          if (!update.metadata().isEmpty()) {
            x().metadata = Maps.merge(x().metadata, update.metadata());
          }
          if (newAttributes != null) {
            // Under the lock, with the other changes: the owner writes shared ones from now on.
            x().sharedAttributes = Attributes.putAll(x().sharedAttributes, newAttributes);
            s |= SHARED;
          }
          if (newTags != null) {
            x().tags = newTags;
          }
        }
      } finally {
        unlock(s);
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
  public Span addEvaluator(String slug) {
    if (slug == null || slug.isBlank()) {
      recorder.problems.ignored("blank evaluator slug ignored");
      return this;
    }
    int s = lock();
    try {
      if ((s & ENDED) == 0) {
        Extras e = x();
        if (e.evaluators == null) {
          e.evaluators = new ArrayList<>(2);
        }
        if (!e.evaluators.contains(slug)) {
          e.evaluators.add(slug);
        }
      }
    } finally {
      unlock(s);
    }
    return this;
  }

  @Override
  public Span fail(Throwable error) {
    if (error != null) {
      String message = Errors.message(error); // may run the exception's own code: outside the lock
      int s = lock();
      try {
        if ((s & ENDED) == 0) {
          Extras e = x();
          e.error = error;
          e.statusMessage = message;
          this.status = Status.FAILURE;
        }
      } finally {
        unlock(s);
      }
    }
    return this;
  }

  @Override
  public void failQuietly(Throwable error) {
    fail(error);
  }

  @Override
  public boolean isEnded() {
    return (state() & ENDED) != 0;
  }

  @Override
  public Scope makeCurrent() {
    return ContextStore.attach(this);
  }

  @Override
  public void end() {
    endAt(-1, false, null, KEEP_OUTPUT);
  }

  @Override
  public void end(Object output) {
    endAt(-1, false, output, SET_OUTPUT);
  }

  @Override
  public void endWithResult(Object result) {
    endAt(-1, false, result, DEFAULT_OUTPUT);
  }

  @Override
  public void close() {
    end();
  }

  private static final int KEEP_OUTPUT = 0;
  private static final int SET_OUTPUT = 1;
  private static final int DEFAULT_OUTPUT = 2;

  /** Ends the span at {@code at} (epoch micros, or -1 for now) because its parent ended. */
  final void endByParent(long at) {
    endAt(at, true, null, KEEP_OUTPUT);
  }

  /**
   * Ends the span and its open children, then hands it to the exporter.
   *
   * @param at the end time in epoch microseconds, or -1 for now
   * @param byParent whether the parent ends it (it did not end itself: its outcome is unknown)
   * @param result the output, used as {@code outputMode} says
   */
  private void endAt(long at, boolean byParent, Object result, int outputMode) {
    long now = at >= 0 ? at : nowMicros();
    int s = lock();
    if ((s & ENDED) != 0) {
      unlock(s);
      return;
    }
    if ((s & STARTED) == 0) {
      startMicros = at >= 0 ? nowMicros() : now;
    }
    long end = Math.max(startMicros, now);
    endMicros = end;
    if (status == null) {
      status = byParent ? Status.UNKNOWN : Status.SUCCESS;
    }
    if (outputMode == SET_OUTPUT || (outputMode == DEFAULT_OUTPUT && output == null)) {
      output = result;
    }
    TraceImpl t = trace;
    unlock(s | STARTED | ENDED);
    // A child registering right now either made it into the list we close (and is ended here) or
    // finds us ended and stays unregistered, as if it had started just after this end.
    Children kids = children;
    if (kids != null) {
      AbstractSpan<?, ?>[] open = kids.close();
      if (open != null) {
        for (AbstractSpan<?, ?> child : open) {
          child.endByParent(end);
        }
      }
    }
    if (t != null && t.recorded) {
      recorder.submit(this); // a detached generation (no trace yet) is submitted when appended
    }
  }

  /** Submits the ended span if it belongs to a trace by now; a detached one waits for append. */
  final void submitIfAttached() {
    TraceImpl t = traceNow();
    if (t != null && t.recorded) {
      recorder.submit(this);
    }
  }

  /** Registers a started child, to be ended with this if still open then. */
  final void adopt(AbstractSpan<?, ?> child) {
    if ((state() & ENDED) != 0) {
      return; // a child started after its parent ended is not the parent's to end
    }
    Children c = children;
    if (c == null) {
      c = new Children();
      Children raced = (Children) CHILDREN.compareAndExchange(this, null, c);
      if (raced != null) {
        c = raced;
      }
    }
    c.add(child);
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
  private TraceImpl traceForChildren() {
    TraceImpl t = traceNow();
    return t != null ? t : TraceImpl.unrecorded(recorder);
  }

  @Override
  public void append(Generation generation) {
    TraceImpl t = traceNow();
    if (t == null) {
      recorder.problems.ignored("append to a detached generation ignored");
    } else {
      GenerationImpl.attach(generation, t, this, recorder.problems);
    }
  }

  @Override
  public void feedback(Feedback feedback) {
    TraceImpl t = traceNow();
    if (t != null) {
      t.submitFeedback(feedback, spanId);
    } else {
      recorder.problems.ignored("feedback on a detached generation ignored");
    }
  }

  /**
   * Links a detached span into a trace, unless it was linked already; returns whether it had
   * ended (then the caller submits it), or null if it was not detached.
   */
  final Boolean attachTo(TraceImpl trace, AbstractSpan<?, ?> parent) {
    int s = lock();
    if (this.trace != null) {
      unlock(s);
      return null;
    }
    this.trace = trace;
    this.parent = parent;
    boolean register = (s & (BEGUN | ENDED | REGISTERED)) == BEGUN;
    unlock(register ? s | REGISTERED : s);
    if (register) {
      if (parent != null) {
        parent.adopt(this);
      } else {
        trace.adopt(this);
      }
    }
    return (s & ENDED) != 0;
  }

  /** Whether this is still detached (a generation not yet appended). */
  final boolean isDetached() {
    return traceNow() == null;
  }
}
