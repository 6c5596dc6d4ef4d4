package dev.sightline;

import java.util.Map;

/**
 * A live span: one step of a trace (a function, tool call, retrieval, generation ...). Created by
 * a {@link SpanParent} and recorded once, complete, when it ends.
 *
 * <p>Values (input, output, metadata) are kept by reference and written as JSON on the exporter
 * thread after the span ends: do not change a collection after handing it over.
 *
 * <p>Times are taken from the client's clock with microsecond precision. Every method is
 * thread-safe and never throws; changes after {@link #end()} are ignored (feedback excepted).
 * {@link #close()} ends the span, so try-with-resources works.
 */
public interface Span extends SpanParent, AutoCloseable {

  /** The 16-hex-character span id, made by the client; never null. */
  String spanId();

  /** The span type; never null. */
  SpanType type();

  /**
   * Restarts the span's clock now, if it has not ended: for a span created ahead of the work it
   * measures. Without this call a span starts when its builder's {@code start()} ran.
   */
  Span start();

  /** Sets the input (any JSON-writable value). */
  Span setInput(Object input);

  /** Sets the output (any JSON-writable value). */
  Span setOutput(Object output);

  /** Merges metadata entries into the existing ones, key by key. */
  Span setMetadata(Map<String, ?> metadata);

  /** Sets one metadata entry. */
  Span setMetadata(String key, Object value);

  Span setAttribute(String key, String value);

  Span setAttribute(String key, long value);

  Span setAttribute(String key, double value);

  Span setAttribute(String key, boolean value);

  /** Replaces the tags. */
  Span setTags(String... tags);

  /** Sets the status; by default a span ends as {@link Status#SUCCESS}. */
  Span setStatus(Status status);

  /** Sets the status with a human-readable reason. */
  Span setStatus(Status status, String message);

  /** Applies several changes: metadata and attributes merge, tags replace, name and status set. */
  Span update(Update update);

  /** Requests an evaluator by slug (run by the server once the span is stored). */
  Span addEvaluator(String slug);

  /**
   * Records an error: status {@link Status#FAILURE}, the exception's message as status message,
   * and its type, message and stack trace. Does not end the span.
   */
  Span fail(Throwable error);

  /** Whether the span has ended. */
  boolean isEnded();

  /**
   * Makes this span the current one on this thread, so code that uses
   * {@link SightlineContext#current()} starts its children here, until the scope is closed.
   */
  Scope makeCurrent();

  /**
   * Ends the span now: records the end time, ends its open children, and hands it to the
   * exporter. Idempotent: later calls do nothing.
   */
  void end();

  /** Sets the output, then ends the span; idempotent (a later call changes nothing). */
  void end(Object output);

  /** Same as {@link #end()}. */
  @Override
  void close();

  /** Options of a span that is about to start. */
  interface Builder extends SpanBuilder<Builder, Span> {}
}
