package dev.sightline;

import java.util.Map;

/**
 * A live span: one step of a trace (a function, tool call, retrieval, generation ...). Created by
 * a {@link SpanParent} and recorded once, complete, when it ends.
 *
 * <p>Values (input, output, metadata) are kept by reference and written as JSON on the exporter
 * thread after the span ends: do not change a collection after handing it over.
 *
 * <p>Times are taken from the client's clock with microsecond precision. Every method never
 * throws; changes after {@link #end()} are ignored (feedback excepted). {@link #close()} ends the
 * span, so try-with-resources works.
 *
 * <p><b>Threads.</b> Any method may be called from any thread, also while other threads call
 * methods of the same span, once the span has reached that thread by a safe hand-off (an executor,
 * a future, a concurrent collection, a lock, a volatile field: anything that orders memory, as
 * for any Java object). Each call takes effect whole: values set from different threads are all
 * kept (different attribute or metadata keys never overwrite each other), and for one key the
 * later call wins whenever one call happens-before the other (for calls truly at the same time,
 * one of them). Ending is atomic and idempotent: exactly one {@code end} call ends the span, and
 * every change is either recorded (it came before the end) or ignored (it came after); a change
 * made at the same moment as the end is one or the other, never half. Ending a parent ends the
 * children that started before its end and are still open; a child started after it stays open.
 * The thread that created the span records attributes without taking a lock; other threads, and
 * the other methods, take a lock held for a few instructions only and never while running the
 * caller's code. A {@link Builder} belongs to one thread until it is started.
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

  /**
   * Requests a project evaluator by name: the server runs it on this span when the span ends, at
   * the trace's evaluation sample rate; a name the project has no evaluator for gives an error
   * score. See docs/evaluation.md.
   */
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
