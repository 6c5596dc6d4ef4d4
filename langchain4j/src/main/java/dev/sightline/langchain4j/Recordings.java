package dev.sightline.langchain4j;

import dev.sightline.Scope;
import dev.sightline.Sightline;
import dev.sightline.SightlineContext;
import dev.sightline.Span;
import dev.sightline.SpanParent;
import dev.sightline.Status;
import dev.sightline.Trace;
import java.lang.System.Logger.Level;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * What every listener of this module shares: where a new span goes (under the current Sightline
 * span or trace of the calling thread, else in a trace of its own) and the guard that keeps a
 * tracing problem from ever reaching the application. Thread-safe.
 */
final class Recordings {
  private static final System.Logger LOG = System.getLogger("dev.sightline.langchain4j");
  private static final AtomicBoolean WARNED = new AtomicBoolean();

  private final Sightline sightline;
  private final String feature;

  Recordings(Sightline sightline, String feature) {
    if (sightline == null) {
      throw new IllegalArgumentException("sightline: must not be null");
    }
    this.sightline = sightline;
    this.feature = feature == null || feature.isBlank() ? "langchain4j" : feature;
  }

  /**
   * Starts a span as a child of the calling thread's current span or trace, or, when there is
   * none, in a new trace of the configured feature, named {@code name} and with {@code input}
   * (ended with the span).
   *
   * @param start starts the span under the parent it is given
   */
  <S extends Span> Open<S> open(String name, Object input, Function<SpanParent, S> start) {
    Optional<SpanParent> current = currentParent();
    if (current.isPresent()) {
      return new Open<>(start.apply(current.get()), null);
    }
    Trace trace = sightline.trace(feature).name(name).input(input).start();
    return new Open<>(start.apply(trace), trace);
  }

  /**
   * As {@link #open}, and makes the span current on this thread, so that what the work it stands
   * for records nests under it, until {@link Current#end} or {@link Current#fail}.
   */
  <S extends Span> Current<S> openCurrent(String name, Object input, Function<SpanParent, S> start) {
    Open<S> open = open(name, input, start);
    return new Current<>(open, open.span().makeCurrent(), Thread.currentThread());
  }

  private static Optional<SpanParent> currentParent() {
    Optional<Span> span = SightlineContext.currentSpan();
    return span.isPresent() ? Optional.of(span.get()) : SightlineContext.currentTrace().map(t -> t);
  }

  /**
   * Runs tracing code; whatever it throws is logged (the first time as a warning, then at debug
   * level) and swallowed, so the application's model call never fails because of tracing.
   */
  static void guarded(String what, Runnable work) {
    try {
      work.run();
    } catch (RuntimeException | LinkageError e) {
      LOG.log(WARNED.compareAndSet(false, true) ? Level.WARNING : Level.DEBUG,
          "Sightline could not record " + what + " (not recorded; the application is unaffected)", e);
    }
  }

  /**
   * A span started by a listener, with the trace made for it when it had no parent.
   *
   * @param span the span; never null
   * @param ownTrace the trace made for this span alone, or null when it joined the caller's
   */
  record Open<S extends Span>(S span, Trace ownTrace) {

    /** Ends the span with its output, then the trace made for it (with the same output). */
    void end(Object output) {
      span.end(output);
      if (ownTrace != null) {
        ownTrace.end(output);
      }
    }

    /** Sets status failure with {@code message} on the span (and its own trace), then ends both. */
    void endFailed(Object output, String message) {
      span.setStatus(Status.FAILURE, message);
      if (ownTrace != null) {
        ownTrace.setStatus(Status.FAILURE, message);
      }
      end(output);
    }

    /** Records the error on the span (and its own trace), then ends both. */
    void fail(Throwable error) {
      span.fail(error);
      span.end();
      if (ownTrace != null) {
        ownTrace.fail(error);
        ownTrace.end();
      }
    }
  }

  /**
   * A span made current on the thread that opened it. Ending it on that thread restores what was
   * current before; ending it on another thread cannot touch the opener's context (a scope
   * belongs to its thread) and only ends the span.
   */
  record Current<S extends Span>(Open<S> open, Scope scope, Thread thread) {

    void end(Object output) {
      leave();
      open.end(output);
    }

    void endFailed(Object output, String message) {
      leave();
      open.endFailed(output, message);
    }

    void fail(Throwable error) {
      leave();
      open.fail(error);
    }

    private void leave() {
      if (Thread.currentThread() == thread) {
        scope.close();
      }
    }
  }
}
