package dev.sightline.bench.sdk;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * CPU time per operation: of the benchmark's own threads ({@code cpu.caller}, the caller's cost
 * without the time the scheduler gave to other processes or to the exporter thread), and of the
 * whole JVM ({@code cpu.process}, the caller plus the exporter, the HTTP stack and the JIT).
 * On a shared machine the wall-clock score also counts time the caller spent descheduled; the
 * CPU time does not, so it moves much less between runs. Use: {@code -prof
 * dev.sightline.bench.sdk.CallerCpuProfiler}.
 */
public final class CallerCpuProfiler implements InternalProfiler {
  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final com.sun.management.OperatingSystemMXBean os =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private Map<Long, Long> before = new HashMap<>();
  private long processBefore;

  @Override
  public String getDescription() {
    return "CPU time per op of the benchmark threads (cpu.caller) and of the JVM (cpu.process)";
  }

  @Override
  public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
    before = workerCpu();
    processBefore = os.getProcessCpuTime();
  }

  @Override
  public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams,
      IterationParams iterationParams, IterationResult result) {
    long process = os.getProcessCpuTime() - processBefore;
    long caller = 0;
    for (Map.Entry<Long, Long> e : workerCpu().entrySet()) {
      caller += e.getValue() - before.getOrDefault(e.getKey(), 0L);
    }
    long ops = result.getMetadata().getAllOps();
    List<Result> out = new ArrayList<>();
    if (ops > 0) {
      out.add(new ScalarResult("cpu.caller", (double) caller / ops, "ns/op", AggregationPolicy.AVG));
      out.add(new ScalarResult("cpu.process", (double) process / ops, "ns/op", AggregationPolicy.AVG));
    }
    return out;
  }

  private Map<Long, Long> workerCpu() {
    Map<Long, Long> cpu = new HashMap<>();
    for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info != null && info.getThreadName().contains("jmh-worker")) {
        long t = threads.getThreadCpuTime(info.getThreadId());
        if (t >= 0) {
          cpu.put(info.getThreadId(), t);
        }
      }
    }
    return cpu;
  }
}
