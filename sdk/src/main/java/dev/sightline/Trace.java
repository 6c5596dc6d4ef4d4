package dev.sightline;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;

/**
 * A live trace: one end-to-end operation of the application (a request, a job, a conversation
 * turn), grouped by its feature slug, holding a tree of spans.
 *
 * <p>The trace is recorded when it starts (status {@link Status#PENDING}, so a long operation is
 * visible while it runs) and again when it ends; the server merges the two. Every method is
 * thread-safe and never throws; changes after {@link #end()} are ignored (feedback excepted).
 * {@link #close()} ends it, so try-with-resources works.
 */
public interface Trace extends SpanParent, AutoCloseable {

  /** The feature slug this trace was created for; never null. */
  String feature();

  /**
   * The correlation id returned by {@link #end()}: the one given to the builder, or a generated
   * UUID; never null.
   */
  String referenceId();

  /** When the trace started; never null. */
  Instant startTime();

  /** Whether the trace is recorded (false when sampled out or when no endpoint is configured). */
  boolean isRecorded();

  /** Sets or replaces the user and organization; a null argument leaves that one unchanged. */
  Trace identify(User user, Organization organization);

  Trace setName(String name);

  Trace setInput(Object input);

  Trace setOutput(Object output);

  /** Merges metadata entries into the existing ones, key by key. */
  Trace setMetadata(Map<String, ?> metadata);

  /** Sets one metadata entry. */
  Trace setMetadata(String key, Object value);

  Trace setAttribute(String key, String value);

  Trace setAttribute(String key, long value);

  Trace setAttribute(String key, double value);

  Trace setAttribute(String key, boolean value);

  /** Replaces the tags. */
  Trace setTags(Collection<String> tags);

  /** Sets the status; a trace still {@link Status#PENDING} at its end becomes SUCCESS. */
  Trace setStatus(Status status);

  /** Sets the status with a human-readable reason. */
  Trace setStatus(Status status, String message);

  Trace setSessionId(String sessionId);

  Trace setConversationId(String conversationId);

  /** Applies several changes: metadata and attributes merge, tags replace, name and status set. */
  Trace update(Update update);

  /**
   * Requests a project evaluator by name on this trace: the server runs it when the trace ends, at
   * the {@linkplain Builder#evaluationSampleRate evaluation sample rate}; a name the project has no
   * evaluator for gives an error score.
   */
  Trace addEvaluator(String slug);

  /** Records an error: status {@link Status#FAILURE} with the exception's type and message. */
  Trace fail(Throwable error);

  boolean isEnded();

  /** Makes this trace current on this thread (children of {@link SightlineContext#current()}). */
  Scope makeCurrent();

  /**
   * Ends the trace: records the end time, ends every open span in it, and hands it to the
   * exporter. Idempotent: later calls change nothing.
   *
   * @return the reference id; never null
   */
  String end();

  /** Sets the output, then ends; idempotent (a later call changes nothing). */
  String end(Object output);

  /** Same as {@link #end()}. */
  @Override
  void close();

  /**
   * Options of a trace about to start. Option methods never throw: null or invalid values are
   * ignored and counted. Use by one thread, then call one of {@link #start()}, {@link #run},
   * {@link #call}.
   */
  interface Builder {
    /** A display name; defaults to the feature slug. */
    Builder name(String name);

    Builder input(Object input);

    Builder metadata(Map<String, ?> metadata);

    Builder metadata(String key, Object value);

    Builder attribute(String key, String value);

    Builder attribute(String key, long value);

    Builder attribute(String key, double value);

    Builder attribute(String key, boolean value);

    Builder tags(String... tags);

    Builder user(User user);

    Builder organization(Organization organization);

    Builder sessionId(String sessionId);

    Builder conversationId(String conversationId);

    /** Your correlation id; a UUID is generated if none is given. */
    Builder referenceId(String referenceId);

    /** Overrides the client's environment for this trace. */
    Builder environment(String environment);

    /** Overrides the client's release for this trace. */
    Builder release(String release);

    /** Requests a project evaluator by name, as {@link Trace#addEvaluator}. */
    Builder evaluator(String slug);

    /**
     * The share of traces whose requested evaluators the server runs, 0 to 1 (default all),
     * decided on the trace id; project evaluators keep their own sample rates.
     */
    Builder evaluationSampleRate(double sampleRate);

    /** When the trace started, if not now. */
    Builder startTime(Instant startTime);

    /** Starts the trace. */
    Trace start();

    /** Starts the trace, makes it current, runs the work, ends it; a thrown exception is recorded and rethrown. */
    <E extends Exception> void run(ThrowingConsumer<? super Trace, E> work) throws E;

    /** Like {@link #run}, returning the work's result, recorded as output unless the work set one. */
    <T, E extends Exception> T call(ThrowingFunction<? super Trace, T, E> work) throws E;
  }
}
