package dev.sightline.internal;

import dev.sightline.Scope;
import dev.sightline.Span;
import dev.sightline.SpanParent;
import dev.sightline.Trace;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * The current trace or span of each thread, and the wrappers that carry it to another thread: a
 * wrapped task captures the creator's current handle and makes it current while it runs.
 */
public final class ContextStore {
  private static final ThreadLocal<Object> CURRENT = new ThreadLocal<>();
  private static volatile SdkTrace noopParent;

  static Scope attach(Object handle) {
    Object previous = CURRENT.get();
    CURRENT.set(handle);
    return new Restore(previous);
  }

  /** The current span, else the current trace, else a parent whose children record nothing. */
  public static SpanParent currentParent() {
    Object current = CURRENT.get();
    if (current instanceof SpanParent) {
      return (SpanParent) current;
    }
    SdkTrace noop = noopParent;
    if (noop == null) {
      noop = TraceState.unrecorded(Recorder.NOOP).handle;
      noopParent = noop;
    }
    return noop;
  }

  /** The current span or trace, if any (unlike {@link #currentParent()}, no stand-in). */
  public static Optional<SpanParent> current() {
    Object current = CURRENT.get();
    return current instanceof SpanParent ? Optional.of((SpanParent) current) : Optional.empty();
  }

  /** The current trace's id, unless nothing is current or the current span is a detached generation. */
  public static Optional<String> currentTraceId() {
    return current().map(SpanParent::traceId).filter(id -> !id.equals(TraceState.UNATTACHED_ID));
  }

  public static Optional<Span> currentSpan() {
    Object current = CURRENT.get();
    return current instanceof Span ? Optional.of((Span) current) : Optional.empty();
  }

  public static Optional<Trace> currentTrace() {
    Object current = CURRENT.get();
    if (current instanceof SpanHandle) {
      return Optional.ofNullable(((SpanHandle) current).trace());
    }
    return current instanceof Trace ? Optional.of((Trace) current) : Optional.empty();
  }

  public static Runnable wrap(Runnable task) {
    Object captured = CURRENT.get();
    return () -> {
      try (Scope ignored = attach(captured)) {
        task.run();
      }
    };
  }

  public static <T> Callable<T> wrap(Callable<T> task) {
    Object captured = CURRENT.get();
    return () -> {
      try (Scope ignored = attach(captured)) {
        return task.call();
      }
    };
  }

  public static <T> Supplier<T> wrapSupplier(Supplier<T> task) {
    Object captured = CURRENT.get();
    return () -> {
      try (Scope ignored = attach(captured)) {
        return task.get();
      }
    };
  }

  /** Puts back what was current before; a second close does nothing. */
  private static final class Restore implements Scope {
    private final Object previous;
    private boolean closed;

    Restore(Object previous) {
      this.previous = previous;
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        if (previous == null) {
          CURRENT.remove();
        } else {
          CURRENT.set(previous);
        }
      }
    }
  }

  private ContextStore() {}
}
