package dev.sightline;

import java.time.Instant;
import java.util.Map;

/**
 * Options of a span about to start, shared by {@link Span.Builder} and {@link Generation.Builder}.
 * Option methods never throw: a null or invalid value is ignored (and counted in
 * {@link ExportStats#recordingErrors()}).
 *
 * <p>A builder is meant to be used by one thread and then discarded: call exactly one of
 * {@link #start()}, {@link #run} or {@link #call}.
 *
 * @param <B> the builder type, for chaining
 * @param <S> the handle type it starts
 */
public interface SpanBuilder<B extends SpanBuilder<B, S>, S extends Span> {

  /** What the span works on: a string, number, boolean, map, list, array, record or null. */
  B input(Object input);

  /** Adds metadata entries (any JSON-writable values). */
  B metadata(Map<String, ?> metadata);

  /** Adds one metadata entry. */
  B metadata(String key, Object value);

  /** Sets a flat attribute. */
  B attribute(String key, String value);

  /** Sets a flat numeric attribute. */
  B attribute(String key, long value);

  /** Sets a flat numeric attribute. */
  B attribute(String key, double value);

  /** Sets a flat boolean attribute. */
  B attribute(String key, boolean value);

  /** Sets the tags. */
  B tags(String... tags);

  /**
   * Requests a project evaluator by name: the server runs it on this span when the span ends, at
   * the trace's evaluation sample rate; a name the project has no evaluator for gives an error
   * score. See docs/evaluation.md.
   */
  B evaluator(String slug);

  /** Your correlation id for this span. None is generated for spans. */
  B referenceId(String referenceId);

  /** The id of a managed prompt this span used. */
  B promptId(String promptId);

  /** The id of the deployment this span used. */
  B deploymentId(String deploymentId);

  /** Whether the server should run evaluations on this span. */
  B runEvaluation(boolean runEvaluation);

  /**
   * When the span started, if not now (for work that already happened). Microsecond precision.
   */
  B startTime(Instant startTime);

  /**
   * Starts the span and returns its handle. The span becomes a child of the parent it was created
   * from; it is not made {@linkplain Span#makeCurrent() current}.
   */
  S start();

  /**
   * Starts the span, makes it current on this thread, runs {@code work}, and ends the span. If the
   * work throws, the exception is recorded on the span ({@link Span#fail(Throwable)}) and rethrown
   * unchanged.
   */
  <E extends Exception> void run(ThrowingConsumer<? super S, E> work) throws E;

  /**
   * Like {@link #run}, returning the work's result; the result is recorded as the span's output
   * unless the work set one.
   */
  <T, E extends Exception> T call(ThrowingFunction<? super S, T, E> work) throws E;
}
