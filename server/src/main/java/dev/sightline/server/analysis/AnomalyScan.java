package dev.sightline.server.analysis;

import dev.sightline.core.storage.Filter;
import dev.sightline.core.storage.MetricPoint;
import dev.sightline.core.storage.MetricsQuery;
import dev.sightline.core.storage.StorageReader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Scans a project's hourly metrics for anomalies ({@link Detector}): per feature over traces, and
 * per model over spans that name a model (generations), with two metrics queries that read the
 * scanned range and the week of history before it. Public for the benchmark in {@code bench/}.
 * Thread-safe (the storage is).
 */
public final class AnomalyScan {
  private static final long HOUR = Detector.BUCKET_MICROS;
  private static final Comparator<Anomaly> ORDER = Comparator.comparingLong(Anomaly::bucketStart).reversed()
      .thenComparing(Comparator.comparingDouble((Anomaly a) -> Math.abs(a.score())).reversed())
      .thenComparing(Anomaly::key);

  private final StorageReader storage;

  public AnomalyScan(StorageReader storage) {
    this.storage = storage;
  }

  /**
   * The findings of the whole hours inside {@code [from, to)}, newest first, then by |score|.
   *
   * @param feature only traces of this feature (and spans of their traces), or null for all
   * @param from epoch microseconds; the hour it falls in is scanned
   * @param to epoch microseconds, exclusive; an hour that ends after it is not scanned
   * @param horizon nothing that started before it is read (the retention window), or null
   */
  public List<Anomaly> scan(String project, String feature, long from, long to, Long horizon) {
    long first = Math.floorDiv(from, HOUR) * HOUR;
    long end = Math.floorDiv(to, HOUR) * HOUR;
    long readFrom = Math.max(first - Detector.HISTORY * HOUR,
        horizon == null ? Long.MIN_VALUE : Math.floorDiv(horizon + HOUR - 1, HOUR) * HOUR);
    if (end <= Math.max(first, readFrom)) {
      return List.of();
    }
    Filter filter = Filter.builder().feature(feature).build();
    int firstIndex = (int) ((Math.max(first, readFrom) - readFrom) / HOUR);
    int buckets = (int) ((end - readFrom) / HOUR);
    List<Anomaly> out = new ArrayList<>();
    List<MetricPoint> traces = storage.metrics(new MetricsQuery(project, false, filter, readFrom, end, HOUR, "feature"));
    series(traces, readFrom, buckets, true).forEach((group, points) ->
        detect(points, readFrom, firstIndex, group, null, out));
    List<MetricPoint> spans = storage.metrics(new MetricsQuery(project, true, filter, readFrom, end, HOUR, "model"));
    series(spans, readFrom, buckets, false).forEach((group, points) ->
        detect(points, readFrom, firstIndex, feature, group, out));
    out.sort(ORDER);
    return out;
  }

  /** Points by group, each an array over the buckets (null where the group had no row). */
  private static Map<String, MetricPoint[]> series(List<MetricPoint> points, long readFrom, int buckets,
      boolean keepNullGroup) {
    Map<String, MetricPoint[]> out = new HashMap<>();
    for (MetricPoint p : points) {
      if (p.group() == null && !keepNullGroup) {
        continue;
      }
      out.computeIfAbsent(p.group(), g -> new MetricPoint[buckets])[(int) ((p.bucketStart() - readFrom) / HOUR)] = p;
    }
    return out;
  }

  private static void detect(MetricPoint[] points, long readFrom, int firstIndex, String feature, String model,
      List<Anomaly> out) {
    long[] counts = new long[points.length];
    int born = points.length;
    for (int i = points.length - 1; i >= 0; i--) {
      counts[i] = points[i] == null ? 0 : points[i].count();
      born = points[i] == null ? born : i;
    }
    for (Metric metric : Metric.values()) {
      double[] values = new double[points.length];
      for (int i = 0; i < points.length; i++) {
        // Before the series' first row there is no value, not a 0: a new feature is not a surge.
        values[i] = points[i] != null ? metric.of(points[i]) : metric.additive() && i > born ? 0 : Double.NaN;
      }
      for (Detector.Hit hit : Detector.scan(metric, values, counts, firstIndex)) {
        out.add(new Anomaly(feature, model, metric.wireName(), readFrom + hit.index() * HOUR, hit.value(),
            hit.baseline(), hit.score(), counts[hit.index()]));
      }
    }
  }
}
