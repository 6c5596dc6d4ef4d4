package dev.sightline.internal;

import dev.sightline.Status;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * How a {@link SpanState} starts and ends: its start time, registration with its parent (to be
 * ended with it), the children it ends with itself, its hand-off to the exporter, and the late
 * attachment of a detached generation to a trace. Kept apart from the state's fields and recording
 * calls so each reads on its own; thread-safe under the state's rules.
 */
final class SpanLifecycle {
  private static final VarHandle CHILDREN =
      FieldHandles.of(MethodHandles.lookup(), SpanState.class, "children", Children.class);

  /** Begins the span (registering it with its parent) or, if it has begun, restarts its clock. */
  static void begin(SpanState span) {
    long now = span.nowMicros();
    int s = span.state();
    TraceState t = span.trace;
    if ((s & (StateLock.LOCKED | SpanState.BEGUN | SpanState.ENDED)) == 0 && t != null && span.onOwner()) {
      // The builder on the thread that made it: nobody else has it yet (a builder belongs to one
      // thread), so no lock is needed; the release store publishes startMicros with the flags.
      if ((s & SpanState.STARTED) == 0) {
        span.startMicros = now;
      }
      span.unlock(s | SpanState.BEGUN | SpanState.STARTED | SpanState.REGISTERED);
      register(span, t, span.parent);
      return;
    }
    s = span.lock();
    if ((s & (SpanState.ENDED | SpanState.BEGUN)) != 0) {
      if ((s & SpanState.ENDED) == 0) {
        span.startMicros = now; // a restart
      }
      span.unlock(s);
      return;
    }
    if ((s & SpanState.STARTED) == 0) {
      span.startMicros = now;
    }
    t = span.trace;
    SpanState p = span.parent;
    int bits = s | SpanState.BEGUN | SpanState.STARTED;
    if (t != null) {
      bits |= SpanState.REGISTERED;
    }
    span.unlock(bits);
    if (t != null) { // a detached generation registers when it is appended
      register(span, t, p);
    }
  }

  /** Sets the start time (epoch microseconds) given to the builder, unless the span has ended. */
  static void startAt(SpanState span, long micros) {
    int s = span.lock();
    if ((s & SpanState.ENDED) == 0) {
      span.startMicros = micros;
      s |= SpanState.STARTED;
    }
    span.unlock(s);
  }

  /** Ends the span at {@code at} (epoch micros) because its parent ended. */
  static void endByParent(SpanState span, long at) {
    end(span, at, true, null, Handle.Output.KEEP);
  }

  /**
   * Ends the span and its open children, then hands it to the exporter; does nothing if it has
   * ended.
   *
   * @param at the end time in epoch microseconds, or -1 for now
   * @param byParent whether the parent ends it (it did not end itself: its outcome is unknown)
   * @param result the output, used as {@code mode} says
   */
  static void end(SpanState span, long at, boolean byParent, Object result, Handle.Output mode) {
    long now = at >= 0 ? at : span.nowMicros();
    int s = span.lock();
    if ((s & SpanState.ENDED) != 0) {
      span.unlock(s);
      return;
    }
    if ((s & SpanState.STARTED) == 0) {
      span.startMicros = at >= 0 ? span.nowMicros() : now;
    }
    long end = Math.max(span.startMicros, now);
    span.endMicros = end;
    if (span.status == null) {
      span.status = byParent ? Status.UNKNOWN : Status.SUCCESS;
    }
    if (mode.replaces(span.output)) {
      span.output = result;
    }
    TraceState t = span.trace;
    span.unlock(s | SpanState.STARTED | SpanState.ENDED);
    // A child registering right now either made it into the list ended here or finds us ended
    // (see adopt) and stays unregistered, as if it had started just after this end.
    Children kids = span.children;
    if (kids != null) {
      kids.endOpen(end);
    }
    if (t != null && t.recorded) {
      span.recorder.submit(span); // a detached generation (no trace yet) is submitted when appended
    }
  }

  /**
   * Links a detached span into a trace under {@code parent} (null for the trace itself); if it has
   * ended already, it is recorded now. Returns false, changing nothing, if it belonged to a trace.
   */
  static boolean attach(SpanState span, TraceState trace, SpanState parent) {
    int s = span.lock();
    if (span.trace != null) {
      span.unlock(s);
      return false;
    }
    span.trace = trace;
    span.parent = parent;
    boolean register = (s & (SpanState.BEGUN | SpanState.ENDED | SpanState.REGISTERED)) == SpanState.BEGUN;
    span.unlock(register ? s | SpanState.REGISTERED : s);
    if (register) {
      register(span, trace, parent);
    }
    if ((s & SpanState.ENDED) != 0 && trace.recorded) {
      span.recorder.submit(span);
    }
    return true;
  }

  /** Registers a started child, to be ended with {@code parent} if still open then. */
  static void adopt(SpanState parent, SpanState child) {
    if (parent.isEnded()) {
      return; // a child started after its parent ended is not the parent's to end
    }
    Children c = parent.children;
    if (c == null) {
      c = new Children();
      Children raced = (Children) CHILDREN.compareAndExchange(parent, null, c);
      if (raced != null) {
        c = raced;
      }
    }
    c.add(child);
  }

  /** Registers a started span with its parent span, or with the trace if it has none. */
  private static void register(SpanState span, TraceState t, SpanState p) {
    if (p != null) {
      adopt(p, span);
    } else {
      t.adopt(span);
    }
  }

  private SpanLifecycle() {}
}
