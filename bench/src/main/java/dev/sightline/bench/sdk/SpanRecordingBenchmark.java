package dev.sightline.bench.sdk;

import dev.sightline.Sightline;
import dev.sightline.Span;
import dev.sightline.Trace;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost on the caller's thread of recording one span (start it, set three attributes, end it,
 * hand it to the exporter's queue), Sightline against the OpenTelemetry SDK doing the same with a
 * BatchSpanProcessor and an exporter that does nothing. Sightline's exporter is the real one, in
 * two situations:
 *
 * <ul>
 *   <li>{@code sightline}: it serializes, gzips and posts to a discarding endpoint in the same
 *       JVM as fast as it can (the JMH loop outruns it), so its thread, the JDK HTTP client's and
 *       the endpoint's keep more than a core busy: far more work than OpenTelemetry's no-op
 *       exporter, on the same shared cores;
 *   <li>{@code sightlineSlowServer}: the endpoint answers each batch after a second, so the
 *       exporter mostly waits on the network and, like the no-op exporter, takes almost no CPU.
 * </ul>
 *
 * <p>In both, as for OpenTelemetry, the queue is full most of the time and most spans are dropped
 * (and counted): the caller's path is the same. Run with {@code -prof
 * dev.sightline.bench.sdk.CallerCpuProfiler} to see the caller thread's own CPU time beside the
 * wall-clock score.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-Dsun.net.httpserver.nodelay=true"})
@State(Scope.Benchmark)
public class SpanRecordingBenchmark {
  private static final AttributeKey<String> USER = AttributeKey.stringKey("user.id");
  private static final AttributeKey<String> ROUTE = AttributeKey.stringKey("http.route");
  private static final AttributeKey<Long> ITEMS = AttributeKey.longKey("items");

  private NullSink sink;
  private Sightline sightline;
  private Trace trace;
  private NullSink slowSink;
  private Sightline slowSightline;
  private Trace slowTrace;
  private SdkTracerProvider otelProvider;
  private Tracer otelTracer;
  private io.opentelemetry.api.trace.Span otelParent;
  private io.opentelemetry.context.Context otelParentContext;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    sink = new NullSink();
    sightline = Sightline.builder().endpoint(sink.endpoint()).apiKey("bench").shutdownHook(false).build();
    trace = sightline.trace("bench").start();
    slowSink = new NullSink(1000);
    slowSightline = Sightline.builder().endpoint(slowSink.endpoint()).apiKey("bench").shutdownHook(false).build();
    slowTrace = slowSightline.trace("bench").start();
    otelProvider = SdkTracerProvider.builder()
        .addSpanProcessor(BatchSpanProcessor.builder(new NoopExporter()).build()).build();
    otelTracer = otelProvider.get("bench");
    otelParent = otelTracer.spanBuilder("bench").startSpan();
    otelParentContext = io.opentelemetry.context.Context.root().with(otelParent);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    trace.end();
    sightline.shutdown(Duration.ofSeconds(10));
    System.out.println("\nsightline exporter: " + sightline.stats());
    slowTrace.end();
    slowSightline.shutdown(Duration.ofSeconds(1)); // a full queue would take minutes at a batch a second
    System.out.println("sightline exporter, slow server: " + slowSightline.stats());
    slowSink.close();
    otelParent.end();
    otelProvider.shutdown().join(10, TimeUnit.SECONDS);
    sink.close();
  }

  @Benchmark
  public Span sightline() {
    Span span = trace.span("lookup").start();
    span.setAttribute("user.id", "user-42");
    span.setAttribute("http.route", "/api/answer");
    span.setAttribute("items", 3L);
    span.end();
    return span;
  }

  @Benchmark
  public Span sightlineSlowServer() {
    Span span = slowTrace.span("lookup").start();
    span.setAttribute("user.id", "user-42");
    span.setAttribute("http.route", "/api/answer");
    span.setAttribute("items", 3L);
    span.end();
    return span;
  }

  @Benchmark
  public io.opentelemetry.api.trace.Span openTelemetry() {
    io.opentelemetry.api.trace.Span span = otelTracer.spanBuilder("lookup").setParent(otelParentContext).startSpan();
    span.setAttribute(USER, "user-42");
    span.setAttribute(ROUTE, "/api/answer");
    span.setAttribute(ITEMS, 3L);
    span.end();
    return span;
  }

  /** Takes the batches and does nothing with them. */
  static final class NoopExporter implements SpanExporter {
    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }
}
