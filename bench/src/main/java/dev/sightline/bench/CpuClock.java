package dev.sightline.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU time spent while a timed section runs, split by who spent it: the calling thread, the Java
 * threads grouped by name prefix, and the rest of the process (native threads such as DuckDB's
 * workers, GC and JIT threads). Sections are summed. Not thread-safe.
 */
final class CpuClock {
  private static final String CALLER = "caller";
  private static final String REST = "native, GC, JIT";

  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final com.sun.management.OperatingSystemMXBean os =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private final String[] groups;
  private final Map<String, Long> totals = new LinkedHashMap<>();
  private Map<Long, Long> threadStart;
  private long processStart;

  /** @param groups thread name prefixes to report separately; other threads count as "other Java" */
  CpuClock(String... groups) {
    this.groups = groups;
    totals.put(CALLER, 0L);
    for (String g : groups) {
      totals.put(g, 0L);
    }
    totals.put("other Java", 0L);
    totals.put(REST, 0L);
  }

  void start() {
    threadStart = threadTimes();
    processStart = os.getProcessCpuTime();
  }

  void stop() {
    long process = os.getProcessCpuTime() - processStart;
    Map<Long, Long> now = threadTimes();
    long java = 0;
    long caller = Thread.currentThread().getId();
    for (ThreadInfo info : threads.getThreadInfo(now.keySet().stream().mapToLong(Long::longValue).toArray())) {
      if (info == null) {
        continue;
      }
      long delta = now.get(info.getThreadId()) - threadStart.getOrDefault(info.getThreadId(), 0L);
      java += delta;
      totals.merge(group(info, caller), delta, Long::sum);
    }
    totals.merge(REST, Math.max(0, process - java), Long::sum);
  }

  /** CPU seconds per group, and the total, e.g. {@code caller 1.2s, ...}. */
  String summary() {
    StringBuilder out = new StringBuilder();
    long sum = 0;
    for (Map.Entry<String, Long> e : totals.entrySet()) {
      out.append(String.format("%s %.1fs, ", e.getKey(), e.getValue() / 1e9));
      sum += e.getValue();
    }
    return out.append(String.format("total %.1fs", sum / 1e9)).toString();
  }

  /** All CPU seconds counted so far. */
  double totalSeconds() {
    return totals.values().stream().mapToLong(Long::longValue).sum() / 1e9;
  }

  private String group(ThreadInfo info, long caller) {
    if (info.getThreadId() == caller) {
      return CALLER;
    }
    for (String g : groups) {
      if (info.getThreadName().startsWith(g)) {
        return g;
      }
    }
    return "other Java";
  }

  private Map<Long, Long> threadTimes() {
    Map<Long, Long> out = new HashMap<>();
    for (long id : threads.getAllThreadIds()) {
      long t = threads.getThreadCpuTime(id);
      if (t >= 0) {
        out.put(id, t);
      }
    }
    return out;
  }
}
