package dev.sightline.bench.sdk;

import dev.sightline.Sightline;
import dev.sightline.Span;
import dev.sightline.Trace;
import java.time.Duration;
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
 * Where the caller's time per span goes, by difference between benchmarks that each do a bit
 * more of {@link SpanRecordingBenchmark#sightline}'s work: a sampling profiler attributes
 * nanosecond-scale costs to the wrong inlined frames, differences of CPU time per op do not.
 * The exporter waits on a slow endpoint throughout, so it takes no CPU from the caller.
 *
 * <ul>
 *   <li>{@code clockReads}: the two {@code System.nanoTime()} reads a span needs (start, end);
 *   <li>{@code create}: the builder alone (the span object);
 *   <li>{@code startEndUnsampled}: start and end in a trace that is not recorded (no enqueue);
 *   <li>{@code startEnd}: start, end and the enqueue (here: the drop, the queue being full);
 *   <li>{@code full}: the same with three attributes, as in the side-by-side benchmark.
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-Dsun.net.httpserver.nodelay=true"})
@State(Scope.Benchmark)
public class SpanCostBreakdown {
  private NullSink sink;
  private Sightline sightline;
  private Trace trace;
  private Sightline unsampled;
  private Trace unsampledTrace;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    sink = new NullSink(1000);
    sightline = Sightline.builder().endpoint(sink.endpoint()).apiKey("bench").shutdownHook(false).build();
    trace = sightline.trace("bench").start();
    unsampled = Sightline.builder().endpoint(sink.endpoint()).apiKey("bench").sampleRate(0)
        .shutdownHook(false).build();
    unsampledTrace = unsampled.trace("bench").start();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    trace.end();
    unsampledTrace.end();
    sightline.shutdown(Duration.ofSeconds(1));
    unsampled.shutdown(Duration.ofSeconds(1));
    sink.close();
  }

  @Benchmark
  public long clockReads() {
    return System.nanoTime() + System.nanoTime();
  }

  @Benchmark
  public Span.Builder create() {
    return trace.span("lookup");
  }

  @Benchmark
  public Span startEndUnsampled() {
    Span span = unsampledTrace.span("lookup").start();
    span.end();
    return span;
  }

  @Benchmark
  public Span startEnd() {
    Span span = trace.span("lookup").start();
    span.end();
    return span;
  }

  @Benchmark
  public Span full() {
    Span span = trace.span("lookup").start();
    span.setAttribute("user.id", "user-42");
    span.setAttribute("http.route", "/api/answer");
    span.setAttribute("items", 3L);
    span.end();
    return span;
  }
}
