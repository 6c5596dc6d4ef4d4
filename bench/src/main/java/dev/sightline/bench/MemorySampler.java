package dev.sightline.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The process's resident memory from {@code /proc/self/status}: now, and the peak of each part
 * (anonymous memory, i.e. heap and native allocations, and file-backed, i.e. mapped index files)
 * sampled every 100 ms by a daemon thread, since the kernel only keeps the peak of the total.
 */
final class MemorySampler {
  private static final String[] FIELDS = {"VmRSS", "RssAnon", "RssFile"};
  private final Map<String, Long> peakKb = new LinkedHashMap<>();

  MemorySampler() {
    Thread t = new Thread(() -> {
      while (true) {
        sample();
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "memory-sampler");
    t.setDaemon(true);
    t.start();
  }

  /** E.g. {@code VmRSS 812 MB (peak 930), RssAnon 700 MB (peak 800), ...}. */
  String summary() {
    Map<String, Long> now = sample();
    StringBuilder out = new StringBuilder();
    for (String f : FIELDS) {
      out.append(String.format("%s %d MB (peak %d), ", f, now.getOrDefault(f, 0L) >> 10,
          peakKb.getOrDefault(f, 0L) >> 10));
    }
    return out.toString();
  }

  private synchronized Map<String, Long> sample() {
    Map<String, Long> now = new LinkedHashMap<>();
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        for (String f : FIELDS) {
          if (line.startsWith(f + ":")) {
            long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
            now.put(f, kb);
            peakKb.merge(f, kb, Math::max);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return now;
  }
}
