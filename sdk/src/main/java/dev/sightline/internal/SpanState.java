package dev.sightline.internal;

import dev.sightline.SpanType;
import dev.sightline.Status;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Everything one span records, shared by its builder, its handle ({@link SdkSpan} or
 * {@link SdkGeneration}) and the exporter: identity, times, status, values, attributes, the
 * children it ends with itself, and the lock that guards them. How it starts and ends is
 * {@link SpanLifecycle}'s, working on these fields; how it is written, {@link Wire}'s.
 *
 * <p>Concurrency: the mutable fields are guarded by the lock bit of the {@link StateLock} word,
 * which also holds the lifecycle flags, so a recording call costs at most one compare-and-set and
 * no monitor; the creating thread's attributes ({@link #putAttribute}) and a builder's start on
 * its creating thread cost none. Recording calls store through {@link #change} what they prepared
 * outside the lock. Once {@link #ENDED} is set (by the release that frees the lock) the span never
 * changes again; the ender then hands it to the exporter queue, whose hand-off publishes every
 * field to the exporter thread, which reads them without locking. Fields are null until set.
 */
final class SpanState extends StateLock implements Annotated<SpanState> {
  /** startMicros is set (by start() or startTime()). */
  static final int STARTED = 2;
  /** start() ran: the span is live. */
  static final int BEGUN = 4;
  /** The parent knows it (to end it with itself). */
  static final int REGISTERED = 8;
  /** Ended: nothing changes any more. */
  static final int ENDED = 16;
  /** Attributes have been set by a thread other than the owner: all now go to the extras. */
  static final int SHARED = 32;

  private static final VarHandle ATTRIBUTES =
      FieldHandles.of(MethodHandles.lookup(), SpanState.class, "attributes", Object[].class);

  final Recorder recorder;
  final long spanId;
  final SpanType type;
  final String name;
  /** A generation's own fields, guarded by this lock; null for any other span. */
  final ModelCall call;
  private final Clock detachedClock;
  /** The thread that created the span: it records attributes without the lock (see putAttribute). */
  private final Thread owner;
  // Set at creation, or when a detached generation is appended; guarded by the lock.
  TraceState trace;
  SpanState parent;
  /** Epoch microseconds, as is endMicros. */
  long startMicros;
  long endMicros;
  Status status;
  Object input;
  Object output;
  /** The started children, made with the first so leaf spans allocate none (see SpanLifecycle#adopt). */
  volatile Children children;
  /**
   * Attributes set by the owner thread before any other thread set one: alternating keys and
   * values written by the owner only, without the lock (see {@link Attributes#putPublished}).
   */
  private Object[] attributes;
  /** What most spans never set, made on first use; guarded by the lock. */
  private SpanExtras extras;

  /**
   * A span in a trace, or a detached one ({@code trace} null) with its own clock.
   *
   * @param parent the parent span, or null for a child of the trace itself
   * @param call the generation's fields, or null for any other span
   */
  SpanState(Recorder recorder, TraceState trace, SpanState parent, SpanType type, String name, ModelCall call) {
    this.recorder = recorder;
    this.trace = trace;
    this.parent = parent;
    this.type = type;
    this.name = name;
    this.call = call;
    this.spanId = Ids.randomNonZero();
    this.detachedClock = trace == null ? Clock.anchored() : null;
    this.owner = Thread.currentThread();
  }

  /** Whether the calling thread created the span. */
  boolean onOwner() {
    return Thread.currentThread() == owner;
  }

  /**
   * Now on this span's clock, in epoch microseconds. Safe without the lock: a span created in a
   * trace keeps that trace (and its clock) for life, and a detached one always uses its own final
   * clock.
   */
  long nowMicros() {
    Clock c = detachedClock;
    return c != null ? c.now() : trace.clock.now();
  }

  @Override
  public Annotations annotations() {
    return x();
  }

  @Override
  public Problems problems() {
    return recorder.problems;
  }

  /** The extras, made if needed; only under the lock. */
  SpanExtras x() {
    SpanExtras e = extras;
    return e != null ? e : (extras = new SpanExtras());
  }

  /** The extras for the exporter, once the span has ended; null if none was set. */
  SpanExtras extras() {
    return extras;
  }

  /** The trace, or null while detached. */
  TraceState traceNow() {
    int s = lock();
    TraceState t = trace;
    unlock(s);
    return t;
  }

  /** Whether the span has ended; without the lock, as ENDED is never cleared. */
  boolean isEnded() {
    return (state() & ENDED) != 0;
  }

  /**
   * Stores {@code a} and {@code b} with {@code change} under the lock, unless the span has ended.
   * Released in {@code finally}: a change may allocate (the extras, a map).
   */
  @Override
  public <A, B> void change(Change<? super SpanState, A, B> change, A a, B b) {
    int s = lock();
    try {
      if ((s & ENDED) == 0) {
        change.store(this, a, b);
      }
    } finally {
      unlock(s);
    }
  }

  /**
   * Applies an update unless the span has ended; the attributes it carries go to the extras, and
   * from then on the owner's too, as when another thread sets one (see {@link #putAttribute}).
   */
  void apply(Changes changes) {
    int s = lock();
    try {
      if ((s & ENDED) == 0) {
        if (changes.status() != null) {
          status = changes.status();
        }
        if (changes.annotates()) {
          x().merge(changes);
        }
        if (changes.attributes() != null) {
          s |= SHARED;
        }
      }
    } finally {
      unlock(s);
    }
  }

  /**
   * Sets an attribute; a null key is counted and logged. The owner thread (the span's creator)
   * writes its own array without the lock as long as no other thread has set an attribute; any
   * other thread takes the lock, writes the extras' array and marks the span {@link #SHARED}, after
   * which the owner takes the lock too. The exporter applies the owner's array first, then the
   * shared one. That order respects every happens-before: an owner write made without the lock did
   * not see {@code SHARED}, so no shared write happened before it; at most they were concurrent,
   * and then either order is right.
   */
  void putAttribute(String key, Object value) {
    if (key == null) {
      recorder.problems.ignored("attribute key null ignored");
      return;
    }
    if (onOwner()) {
      int s = state();
      if ((s & (SHARED | ENDED)) == 0) {
        putOwned(key, value);
        return;
      }
      if ((s & ENDED) != 0) {
        return;
      }
    }
    int s = lock();
    try {
      if ((s & ENDED) == 0) {
        x().putAttribute(key, value);
        s |= SHARED;
      }
    } finally {
      unlock(s);
    }
  }

  /**
   * The owner's lock-free write. A method of its own so that {@link #putAttribute} stays small
   * enough for the JIT to inline into the caller, as the owner's path is the hot one.
   */
  private void putOwned(String key, Object value) {
    Object[] kv = attributes;
    Object[] written = Attributes.putPublished(kv, key, value);
    if (written != kv) {
      ATTRIBUTES.setRelease(this, written);
    }
  }

  /** All attributes, for the exporter once the span has ended; null if none. */
  Object[] attributesForExport() {
    Object[] own = (Object[]) ATTRIBUTES.getAcquire(this);
    SpanExtras e = extras;
    Object[] shared = e == null ? null : e.attributes;
    return shared == null ? own : Attributes.mergePublished(own, shared);
  }
}
