package dev.sightline.internal;

import dev.sightline.Organization;
import dev.sightline.Status;
import dev.sightline.User;
import java.time.Instant;

/**
 * What a trace records, and how it starts and ends; shared by its builder ({@link SdkTraceBuilder}),
 * its handle ({@link SdkTrace}), its spans and the exporter. State is guarded by {@code this}: the
 * handle's changes synchronize on it, and the exporter writes a trace while holding it, because
 * unlike a span a trace is sent twice, at start (pending) and at end, and may change in between.
 * The children it has to end are registered in a {@link Children} list with a lock of its own, so
 * starting spans in a trace (the hot path) never contends for the trace's monitor, which the
 * exporter may hold while writing it.
 */
final class TraceState implements Annotated<TraceState> {
  /** The trace id reported by a generation that belongs to no trace yet. */
  static final String UNATTACHED_ID = "00000000000000000000000000000000";

  /**
   * The trace's one handle, made with it: a span's current trace
   * ({@code SightlineContext.currentTrace()}) is then the very object the application holds.
   */
  final SdkTrace handle;
  final Recorder recorder;
  final long idHigh;
  final long idLow;
  /**
   * The span id this trace hands on in its {@code traceparent}: for a continued trace, the id of
   * the span that records this process's part of it; for others, an id no row has, so that the
   * callee's part shows as a root of the trace.
   */
  final long spanId = Ids.randomNonZero();
  /** The caller's span id when this trace continues one from another process, else 0. */
  final long remoteParent;
  final String feature;
  final Clock clock = Clock.anchored();
  /** Whether anything of this trace is sent: decided once, so a trace is kept or dropped whole. */
  final boolean recorded;
  String name;
  String referenceId;
  Status status = Status.PENDING;
  String statusMessage;
  String sessionId;
  String conversationId;
  User user;
  Organization organization;
  String environment;
  String release;
  /** Epoch microseconds, as is endMicros. */
  long startMicros;
  long endMicros;
  private boolean started;
  private boolean begun;
  private volatile boolean ended;
  Object input;
  /** Whether input changed since the exporter last wrote it: the end event leaves it out otherwise. */
  boolean inputDirty;
  Object output;
  /** Metadata, attributes, tags and evaluators; null until the first is set. */
  Annotations annotations;
  Double evaluationSampleRate;
  private final Children children = new Children();
  /** Exporter thread only: the final state has been written, later events of this trace are moot. */
  boolean endWritten;

  /** @param sample whether the trace may be recorded (subject to the client's sampling) */
  TraceState(Recorder recorder, String feature, boolean sample) {
    this(recorder, feature, sample, null);
  }

  /**
   * @param sample whether the trace may be recorded (subject to the client's sampling)
   * @param remote the caller's context when this continues a trace of another process, or null
   */
  TraceState(Recorder recorder, String feature, boolean sample, Traceparent remote) {
    this.handle = new SdkTrace(this);
    this.recorder = recorder;
    this.feature = feature;
    this.idHigh = remote != null ? remote.traceHigh() : Ids.randomNonZero();
    this.idLow = remote != null ? remote.traceLow() : Ids.randomNonZero();
    this.remoteParent = remote != null ? remote.parentSpanId() : 0;
    this.recorded = sample && recorder.keep(idLow);
    this.environment = recorder.config.environment();
    this.release = recorder.config.release();
  }

  /** A started trace that records nothing: the parent of last resort when no trace is current. */
  static TraceState unrecorded(Recorder recorder) {
    TraceState t = new TraceState(recorder, "none", false);
    t.begin();
    return t;
  }

  /** The annotations, made if needed; only while holding the monitor. */
  @Override
  public Annotations annotations() {
    Annotations a = annotations;
    return a != null ? a : (annotations = new Annotations());
  }

  @Override
  public Problems problems() {
    return recorder.problems;
  }

  /** The 32-hex-character trace id. */
  String traceId() {
    return Ids.hex(idHigh) + Ids.hex(idLow);
  }

  /** Whether this trace continues one started in another process. */
  boolean isContinued() {
    return remoteParent != 0;
  }

  /** The {@code traceparent} of the trace itself (see {@link #spanId}). */
  String traceparent() {
    return Traceparent.format(idHigh, idLow, spanId, recorded);
  }

  /** The reference id, generated now if none was given. */
  synchronized String referenceId() {
    if (referenceId == null) {
      referenceId = Ids.uuid();
    }
    return referenceId;
  }

  /** The start time, or now if not started. */
  synchronized Instant startTime() {
    return Clock.instant(started ? startMicros : clock.now());
  }

  /** Whether the trace has ended. */
  boolean isEnded() {
    return ended;
  }

  /** Stores {@code a} and {@code b} with {@code change} while holding the monitor, unless ended. */
  @Override
  public synchronized <A, B> void change(Change<? super TraceState, A, B> change, A a, B b) {
    if (!ended) {
      change.store(this, a, b);
    }
  }

  /** Sets the reference id given to the builder, before the start (then one is generated). */
  synchronized void presetReferenceId(String referenceId) {
    if (!begun && referenceId != null) {
      this.referenceId = referenceId;
    }
  }

  /** Sets the start time (epoch microseconds) given to the builder, before the start. */
  synchronized void startAt(long micros) {
    if (!begun) {
      startMicros = micros;
      started = true;
    }
  }

  /** Starts the trace, once, and submits it as pending (if recorded). */
  void begin() {
    synchronized (this) {
      if (begun) {
        return;
      }
      begun = true;
      if (!started) {
        startMicros = clock.now();
        started = true;
      }
      if (referenceId == null) {
        referenceId = Ids.uuid();
      }
    }
    if (recorded) {
      recorder.submit(this);
    }
  }

  /**
   * Ends the trace (starting it first if needed) and its open spans, then submits it; does nothing
   * but return the reference id if it has ended.
   *
   * @param result the output, used as {@code mode} says
   */
  String endWith(Object result, Handle.Output mode) {
    long end;
    synchronized (this) {
      if (ended) {
        return referenceId();
      }
      if (!begun) {
        begin();
      }
      if (mode.replaces(output)) {
        output = result;
      }
      end = Math.max(startMicros, clock.now());
      endMicros = end;
      if (status == Status.PENDING) {
        status = Status.SUCCESS;
      }
      ended = true;
    }
    children.endOpen(end);
    if (recorded) {
      recorder.submit(this);
    }
    return referenceId();
  }

  /** Registers a started child, to be ended with this if still open then. */
  void adopt(SpanState child) {
    if (!ended) {
      children.add(child); // refused once the trace has closed its children at end
    }
  }
}
