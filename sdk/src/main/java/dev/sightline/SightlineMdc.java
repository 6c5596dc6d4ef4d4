package dev.sightline;

import dev.sightline.internal.Slf4jMdc;

/**
 * Puts the current trace and span ids into SLF4J's MDC, so that log lines written inside a span
 * carry them (e.g. {@code %X{trace_id} %X{span_id}} in a Logback or Log4j 2 pattern) and can be
 * matched with the trace in Sightline:
 *
 * <pre>{@code
 * trace.span("lookup").run(span -> {
 *   try (Scope mdc = SightlineMdc.put()) {
 *     log.info("looking up order {}", id);   // ... trace_id=4bf9... span_id=00f0...
 *   }
 * });
 * }</pre>
 *
 * <p>The keys are {@value #TRACE_ID} and {@value #SPAN_ID}, as OpenTelemetry's logging
 * instrumentations name them. SLF4J is optional: the SDK reaches it by reflection, and where it
 * is not on the class path (found through the SDK's class loader, else the thread's context class
 * loader) every method does nothing. Without SLF4J, use {@link SightlineContext#currentTraceId()}
 * and {@link SightlineContext#currentSpanId()} directly. Thread-safe (the MDC is per thread);
 * never throws.
 */
public final class SightlineMdc {
  /** The MDC key of the current trace's id (32 hex characters). */
  public static final String TRACE_ID = "trace_id";
  /** The MDC key of the current span's id (16 hex characters). */
  public static final String SPAN_ID = "span_id";

  /** Whether SLF4J's MDC was found, so that {@link #put()} has an effect. */
  public static boolean isAvailable() {
    return Slf4jMdc.INSTANCE.isAvailable();
  }

  /**
   * Puts the ids of the current trace and span into the MDC of this thread (removing a key that
   * has no current value) until the scope is closed, which puts back what was there before.
   */
  public static Scope put() {
    return Slf4jMdc.INSTANCE.put(TRACE_ID, SightlineContext.currentTraceId().orElse(null),
        SPAN_ID, SightlineContext.currentSpanId().orElse(null));
  }

  private SightlineMdc() {}
}
