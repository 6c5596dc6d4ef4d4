package dev.sightline.internal;

import dev.sightline.SpanType;
import dev.sightline.Status;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * How a span starts and ends: its start time, registration with its parent (to be ended with it),
 * the children it ends with itself, its hand-off to the exporter, and the late attachment of a
 * detached generation to a trace. Children register in the span's own {@link Children} list,
 * created on the first child, so leaf spans never allocate one. Thread-safe, under the rules of
 * {@link SpanState}.
 */
abstract class SpanLifecycle extends SpanState {
  private static final VarHandle CHILDREN =
      FieldHandles.of(MethodHandles.lookup(), SpanLifecycle.class, "children", Children.class);

  /** The started children, created with the first; see {@link #adopt}. */
  private volatile Children children;

  SpanLifecycle(Recorder recorder, TraceImpl trace, SpanLifecycle parent, SpanType type, String name) {
    super(recorder, trace, parent, type, name);
  }

  /** Begins the span (registering it with its parent) or, if it has begun, restarts its clock. */
  final void begin() {
    long now = nowMicros();
    int s = state();
    TraceImpl t = trace;
    if ((s & (LOCKED | BEGUN | ENDED)) == 0 && t != null && onOwner()) {
      // The builder on the thread that made it: nobody else has it yet (a builder belongs to one
      // thread), so no lock is needed; the release store publishes startMicros with the flags.
      if ((s & STARTED) == 0) {
        startMicros = now;
      }
      unlock(s | BEGUN | STARTED | REGISTERED);
      register(t, parent);
      return;
    }
    s = lock();
    if ((s & (ENDED | BEGUN)) != 0) {
      if ((s & ENDED) == 0) {
        startMicros = now; // a restart
      }
      unlock(s);
      return;
    }
    if ((s & STARTED) == 0) {
      startMicros = now;
    }
    t = trace;
    SpanLifecycle p = parent;
    int bits = s | BEGUN | STARTED;
    if (t != null) {
      bits |= REGISTERED;
    }
    unlock(bits);
    if (t != null) { // a detached generation registers when it is appended
      register(t, p);
    }
  }

  /** Sets the start time (epoch microseconds) given to the builder, unless the span has ended. */
  final void startAt(long micros) {
    int s = lock();
    if ((s & ENDED) == 0) {
      startMicros = micros;
      s |= STARTED;
    }
    unlock(s);
  }

  /** Ends the span at {@code at} (epoch micros) because its parent ended. */
  final void endByParent(long at) {
    endAt(at, true, null, Handle.Output.KEEP);
  }

  /**
   * Ends the span and its open children, then hands it to the exporter; does nothing if it has
   * ended.
   *
   * @param at the end time in epoch microseconds, or -1 for now
   * @param byParent whether the parent ends it (it did not end itself: its outcome is unknown)
   * @param result the output, used as {@code mode} says
   */
  final void endAt(long at, boolean byParent, Object result, Handle.Output mode) {
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
    if (mode.replaces(output)) {
      output = result;
    }
    TraceImpl t = trace;
    unlock(s | STARTED | ENDED);
    // A child registering right now either made it into the list ended here or finds us ended
    // (see adopt) and stays unregistered, as if it had started just after this end.
    Children kids = children;
    if (kids != null) {
      kids.endOpen(end);
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
  final void adopt(SpanLifecycle child) {
    if (isEnded()) {
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

  /** Registers this started span with its parent span, or with the trace if it has none. */
  private void register(TraceImpl t, SpanLifecycle p) {
    if (p != null) {
      p.adopt(this);
    } else {
      t.adopt(this);
    }
  }

  /**
   * Links a detached span into a trace, unless it was linked already; returns whether it had
   * ended (then the caller submits it), or null if it was not detached.
   */
  final Boolean attachTo(TraceImpl trace, SpanLifecycle parent) {
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
      register(trace, parent);
    }
    return (s & ENDED) != 0;
  }

  /** Whether this is still detached (a generation not yet appended). */
  final boolean isDetached() {
    return traceNow() == null;
  }
}
