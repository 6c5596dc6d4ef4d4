package dev.sightline.interop;

import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Micrometer {@link ObservationRegistry} whose observations become OpenTelemetry spans: the same
 * chain a Spring Boot application gets from {@code micrometer-tracing-bridge-otel} (observation →
 * Micrometer Tracing → OpenTelemetry SDK → batch span processor → exporters), wired by hand so no
 * application context is needed. Thread-safe; {@link #close()} flushes and shuts the SDK down.
 */
final class TracedObservations implements AutoCloseable {
  private static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(10);

  private final SdkTracerProvider tracerProvider;
  private final ObservationRegistry registry = ObservationRegistry.create();

  TracedObservations(String serviceName, List<SpanExporter> exporters) {
    tracerProvider = SdkTracerProvider.builder()
        .setResource(Resource.getDefault().merge(Resource.create(
            Attributes.of(AttributeKey.stringKey("service.name"), serviceName))))
        .addSpanProcessor(BatchSpanProcessor.builder(SpanExporter.composite(exporters)).build())
        .build();
    OtelTracer tracer = new OtelTracer(tracerProvider.get("dev.sightline.interop"),
        new OtelCurrentTraceContext(), event -> { });
    registry.observationConfig().observationHandler(new DefaultTracingObservationHandler(tracer));
  }

  ObservationRegistry registry() {
    return registry;
  }

  /** Exports every span ended so far; fails if an exporter did not accept them in time. */
  void flush() {
    CompletableResultCode result = tracerProvider.forceFlush()
        .join(FLUSH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    if (!result.isSuccess()) {
      throw new AssertionError("span export failed or timed out", result.getFailureThrowable());
    }
  }

  @Override
  public void close() {
    tracerProvider.shutdown().join(FLUSH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
  }
}
