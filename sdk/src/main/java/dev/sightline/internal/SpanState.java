package dev.sightline.internal;

import dev.sightline.SpanType;
import dev.sightline.Status;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.BiConsumer;

/**
 * What a span records (identity, times, status, values, attributes) and the lock that guards it.
 * The layers above ({@link SpanLifecycle}, {@link SpanHandle}, {@link AbstractSpan}) add behaviour
 * and, but for the child list, no fields: a span and, until started, its builder are one object,
 * which keeps the caller's cost to a single allocation (plus its attribute array).
 *
 * <p>Concurrency: the mutable fields are guarded by the lock bit of the span's {@link StateLock}
 * word, which also holds the span's lifecycle flags, so a recording call costs at most one
 * compare-and-set and no monitor; the creating thread's attributes ({@link #putAttribute}) and a
 * builder's start on its creating thread cost none. Once {@link #ENDED} is set (by the same
 * release that frees the lock) the span never changes again; the ender then hands it to the
 * exporter queue, whose hand-off publishes every field to the exporter thread, which reads them
 * without locking.
 */
abstract class SpanState extends StateLock {
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
  private final Clock detachedClock;
  /** The thread that created the span: it records attributes without the lock (see putAttribute). */
  private final Thread owner;
  // Set at creation, or when a detached generation is appended; guarded by the lock.
  TraceImpl trace;
  SpanLifecycle parent;
  /** Epoch microseconds, as is endMicros. */
  long startMicros;
  long endMicros;
  Status status;
  Object input;
  Object output;
  /**
   * Attributes set by the owner thread before any other thread set one: alternating keys and
   * values written by the owner only, without the lock (see {@link Attributes#putPublished}).
   */
  private Object[] attributes;
  /** What most spans never set, made on first use; guarded by the lock. */
  private SpanExtras extras;

  /** A span in a trace, or a detached one ({@code trace} null) with its own clock. */
  SpanState(Recorder recorder, TraceImpl trace, SpanLifecycle parent, SpanType type, String name) {
    this.recorder = recorder;
    this.trace = trace;
    this.parent = parent;
    this.type = type;
    this.name = name;
    this.spanId = Ids.randomNonZero();
    this.detachedClock = trace == null ? Clock.anchored() : null;
    this.owner = Thread.currentThread();
  }

  /** Whether the calling thread created the span. */
  final boolean onOwner() {
    return Thread.currentThread() == owner;
  }

  /**
   * Now on this span's clock, in epoch microseconds. Safe without the lock: a span created in a
   * trace keeps that trace (and its clock) for life, and a detached one always uses its own final
   * clock.
   */
  final long nowMicros() {
    Clock c = detachedClock;
    return c != null ? c.now() : trace.clock.now();
  }

  /** The extras, made if needed; only under the lock (and inside its try, as it allocates). */
  final SpanExtras x() {
    SpanExtras e = extras;
    return e != null ? e : (extras = new SpanExtras());
  }

  /**
   * Applies {@code change} to the extras (made if needed) under the lock, unless the span has
   * ended. The change only stores {@code value}, which the caller prepared outside the lock: it
   * must not run the caller's code.
   */
  final <T> void changeExtras(BiConsumer<? super SpanExtras, T> change, T value) {
    int s = lock();
    try {
      if ((s & ENDED) == 0) {
        change.accept(x(), value);
      }
    } finally {
      unlock(s);
    }
  }

  /** The extras for the exporter, once the span has ended; null if none was set. */
  final SpanExtras extras() {
    return extras;
  }

  /** The trace, or null while detached. */
  final TraceImpl traceNow() {
    int s = lock();
    TraceImpl t = trace;
    unlock(s);
    return t;
  }

  /** Whether the span has ended; implements {@code Span.isEnded()}. */
  public final boolean isEnded() {
    return (state() & ENDED) != 0;
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
  final void putAttribute(String key, Object value) {
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
  final Object[] attributesForExport() {
    Object[] own = (Object[]) ATTRIBUTES.getAcquire(this);
    SpanExtras e = extras;
    Object[] shared = e == null ? null : e.attributes;
    return shared == null ? own : Attributes.mergePublished(own, shared);
  }
}
