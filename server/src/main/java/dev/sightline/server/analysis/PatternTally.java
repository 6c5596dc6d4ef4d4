package dev.sightline.server.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Counts failures by message pattern in bounded memory: at most {@code maxPatterns} patterns, each
 * with at most {@value #MAX_FEATURES} features and {@value #EXAMPLES} example traces; failures of
 * patterns first seen once the table is full are counted under {@link #OTHER}. Not thread-safe:
 * one scan owns it.
 */
final class PatternTally {
  /** The pattern that gathers what did not fit. */
  static final String OTHER = "<other>";
  static final int MAX_FEATURES = 20;
  static final int EXAMPLES = 5;

  private final int maxPatterns;
  private final Map<String, Entry> byPattern = new HashMap<>();

  PatternTally(int maxPatterns) {
    if (maxPatterns < 1) {
      throw new IllegalArgumentException("maxPatterns: must be positive");
    }
    this.maxPatterns = maxPatterns;
  }

  /**
   * One pattern's tally. Times are epoch microseconds; {@code examples} are the most recent trace ids,
   * newest first.
   */
  record Pattern(String pattern, long count, long firstSeen, long lastSeen, List<String> features,
      List<String> examples, String example) {}

  /**
   * Counts one failure.
   *
   * @param start when the failed row started, epoch microseconds
   * @param feature its trace's feature, or null if it has none or it is unknown
   * @param message the raw message, kept as the pattern's example while it is the latest
   */
  void add(String pattern, long start, String feature, String traceId, String message) {
    Entry e = byPattern.get(pattern);
    if (e == null) {
      String key = byPattern.size() < maxPatterns ? pattern : OTHER;
      e = byPattern.computeIfAbsent(key, k -> new Entry(start));
    }
    e.count++;
    e.firstSeen = Math.min(e.firstSeen, start);
    if (start >= e.lastSeen) {
      e.lastSeen = start;
      e.example = message.length() > MessageShape.MAX_PATTERN ? message.substring(0, MessageShape.MAX_PATTERN) : message;
    }
    if (feature != null && (e.features.size() < MAX_FEATURES || e.features.contains(feature))) {
      e.features.add(feature);
    }
    e.addExample(start, traceId);
  }

  /** The patterns by count, most first, then by pattern. */
  List<Pattern> patterns() {
    List<Pattern> out = new ArrayList<>();
    byPattern.forEach((p, e) -> out.add(new Pattern(p, e.count, e.firstSeen, e.lastSeen,
        List.copyOf(e.features), e.examples.stream().map(Example::traceId).toList(), e.example)));
    out.sort(Comparator.comparingLong(Pattern::count).reversed().thenComparing(Pattern::pattern));
    return out;
  }

  private record Example(long start, String traceId) {}

  private static final class Entry {
    long count;
    long firstSeen;
    long lastSeen = Long.MIN_VALUE;
    String example;
    final TreeSet<String> features = new TreeSet<>();
    /** Newest first, distinct trace ids. */
    final List<Example> examples = new ArrayList<>(EXAMPLES + 1);

    Entry(long start) {
      firstSeen = start;
    }

    void addExample(long start, String traceId) {
      if (examples.stream().anyMatch(x -> x.traceId().equals(traceId))) {
        return;
      }
      int at = 0;
      while (at < examples.size() && examples.get(at).start() >= start) {
        at++;
      }
      if (at < EXAMPLES) {
        examples.add(at, new Example(start, traceId));
        if (examples.size() > EXAMPLES) {
          examples.remove(EXAMPLES);
        }
      }
    }
  }
}
