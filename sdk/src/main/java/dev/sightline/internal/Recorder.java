package dev.sightline.internal;

import dev.sightline.ExportStats;
import dev.sightline.Generation;
import dev.sightline.Score;
import dev.sightline.Trace;
import java.time.Duration;
import java.time.Instant;

/**
 * The engine behind one {@code Sightline} client: makes traces and detached generations, decides
 * sampling, and hands finished items to the exporter. Thread-safe.
 */
public final class Recorder {
  /** The engine of the disabled client and of the no-op parent used when no trace is current. */
  static final Recorder NOOP = new Recorder(null, new Problems());

  final Config config;
  final Problems problems;
  private final Counters counters = new Counters();
  private final Exporter exporter;
  private final Sampler sampler;
  private final Thread shutdownHook;

  private Recorder(Config config, Problems problems) {
    this.config = config != null ? config : Configs.disabled();
    this.problems = problems;
    this.sampler = new Sampler(this.config.sampleRate());
    this.exporter = this.config.enabled() ? new BatchExporter(this.config, counters, problems) : Exporter.DISABLED;
    this.shutdownHook = this.config.enabled() && this.config.shutdownHook()
        ? new Thread(() -> exporter.shutdown(this.config.shutdownTimeout()), "sightline-shutdown") : null;
    if (shutdownHook != null) {
      Runtime.getRuntime().addShutdownHook(shutdownHook);
    }
  }

  /** Starts the engine (and its exporter thread, if an endpoint is configured). */
  public static Recorder start(Config config) {
    return new Recorder(config, new Problems());
  }

  public Trace.Builder trace(String feature) {
    return trace(feature, null);
  }

  /** A trace continuing the caller's of a {@code traceparent} header; a new one if it is null or malformed. */
  public Trace.Builder continueTrace(String feature, String traceparent) {
    Traceparent remote = Traceparent.parse(traceparent);
    if (remote == null && traceparent != null && !traceparent.isBlank()) {
      problems.ignored("malformed traceparent header ignored; a new trace started");
    }
    return trace(feature, remote);
  }

  private Trace.Builder trace(String feature, Traceparent remote) {
    if (feature == null || feature.isBlank()) {
      problems.ignored("trace feature slug is blank; recorded as \"default\"");
      feature = "default";
    }
    TraceState trace = new TraceState(this, feature, true, remote);
    if (config.enabled() && !trace.recorded) {
      counters.sampledOut.increment();
    }
    return new SdkTraceBuilder(trace);
  }

  public Generation.Builder generation(String name) {
    return SdkGenerationBuilder.of(this, null, null, name);
  }

  public boolean enabled() {
    return config.enabled();
  }

  /** Records a score on a finished (or any) trace or span by id; see {@code Sightline.score}. */
  public void score(String traceId, String spanId, Score score) {
    ScoreItem.submit(this, traceId, spanId, score, Clock.micros(Instant.now()));
  }

  boolean keep(long traceIdLow) {
    return config.enabled() && sampler.keep(traceIdLow);
  }

  void submit(Object item) {
    exporter.submit(item);
  }

  public boolean flush(Duration timeout) {
    return exporter.flush(timeout);
  }

  public boolean shutdown(Duration timeout) {
    if (shutdownHook != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException e) {
        // the JVM is already shutting down: the hook is running or will run
      }
    }
    return exporter.shutdown(timeout);
  }

  public java.time.Duration shutdownTimeout() {
    return config.shutdownTimeout();
  }

  public ExportStats stats() {
    return counters.snapshot(exporter.accepted(), exporter.queued(), problems.count());
  }
}
