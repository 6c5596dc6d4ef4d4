package dev.sightline.server.prompts;

import com.fasterxml.jackson.core.JsonGenerator;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.server.ServiceRequestContext;
import dev.sightline.core.storage.Filter;
import dev.sightline.core.storage.MetricPoint;
import dev.sightline.core.storage.MetricsQuery;
import dev.sightline.core.storage.ScoreMetricsQuery;
import dev.sightline.core.storage.ScorePoint;
import dev.sightline.core.storage.StorageReader;
import dev.sightline.server.governance.SettingsStore;
import dev.sightline.server.http.Api;
import dev.sightline.server.http.Json;
import dev.sightline.server.query.Params;
import dev.sightline.server.query.RetentionWindow;
import java.io.IOException;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code GET /api/prompts/{name}/metrics}: per version of a prompt, the generations that name it
 * ({@code prompt.slug} = the name, {@code prompt.version} = the version) with their count, errors,
 * latency mean and percentiles, tokens and cost, and the mean of each score given to those
 * generations, over one range, so that versions can be compared. Built on the storage's metrics
 * grouped by {@code promptVersion}, so every backend answers it alike. Thread-safe.
 */
final class PromptMetrics {
  private static final long DAY = 86_400_000_000L;
  /** Score names compared at most, the most frequent first. */
  static final int MAX_SCORE_NAMES = 20;

  private final StorageReader storage;
  private final RetentionWindow window;
  private final Clock clock;

  PromptMetrics(StorageReader storage, SettingsStore settings, Clock clock) {
    this.storage = storage;
    this.window = new RetentionWindow(settings, clock);
    this.clock = clock;
  }

  /** What one version did in the range. */
  private record Row(MetricPoint spans, Map<String, ScorePoint> scores) {}

  HttpResponse answer(ServiceRequestContext ctx, PromptIndex index) {
    Params p = new Params(ctx.queryParams());
    Long asked = p.time("to");
    long to = asked == null ? clock.millis() * 1000 : asked;
    Long askedFrom = p.time("from");
    p.rejectUnknown();
    String project = Api.project(ctx);
    long from = Math.max(0, window.from(project, askedFrom == null ? to - 7 * DAY : askedFrom));
    if (to <= from) {
      throw new IllegalArgumentException("to: must be after from (and after the retention window's start)");
    }
    // One bucket holding the whole range: [0, to) contains [from, to).
    long bucket = to;
    Map<Integer, Row> rows = new TreeMap<>(Comparator.reverseOrder());
    for (MetricPoint m : storage.metrics(new MetricsQuery(project, true, Filter.NONE, from, to, bucket,
        "promptVersion"))) {
      Integer v = versionOf(index, m.group());
      if (v != null) {
        rows.put(v, new Row(m, new TreeMap<>()));
      }
    }
    for (String score : scoreNames(project, from, to, bucket)) {
      for (ScorePoint s : storage.scoreMetrics(new ScoreMetricsQuery(project, null, score, null, from, to, bucket,
          "promptVersion"))) {
        Integer v = versionOf(index, s.group());
        if (v != null) {
          rows.computeIfAbsent(v, k -> new Row(null, new TreeMap<>())).scores().put(score, s);
        }
      }
    }
    return Json.ok(g -> {
      g.writeStartObject();
      g.writeStringField("name", index.name());
      g.writeNumberField("from", from);
      g.writeNumberField("to", to);
      g.writeArrayFieldStart("items");
      for (Map.Entry<Integer, Row> e : rows.entrySet()) {
        write(g, e.getKey(), index.labelsOf(e.getKey()), e.getValue());
      }
      g.writeEndArray();
      g.writeEndObject();
    });
  }

  /** The version of this prompt a {@code promptVersion} group names, or null for another prompt. */
  private static Integer versionOf(PromptIndex index, String group) {
    String prefix = index.name() + "@";
    if (group == null || !group.startsWith(prefix)) {
      return null;
    }
    try {
      int v = Integer.parseInt(group.substring(prefix.length()));
      return v >= 1 ? v : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private List<String> scoreNames(String project, long from, long to, long bucket) {
    return storage.scoreMetrics(new ScoreMetricsQuery(project, null, null, null, from, to, bucket, "name")).stream()
        .filter(s -> s.group() != null && s.valued() > 0)
        .sorted(Comparator.comparingLong(ScorePoint::valued).reversed())
        .limit(MAX_SCORE_NAMES)
        .map(ScorePoint::group)
        .toList();
  }

  private static void write(JsonGenerator g, int version, List<String> labels, Row row) throws IOException {
    MetricPoint m = row.spans();
    g.writeStartObject();
    g.writeNumberField("version", version);
    PromptJson.writeStrings(g, "labels", labels);
    g.writeNumberField("count", m == null ? 0 : m.count());
    g.writeNumberField("errors", m == null ? 0 : m.errors());
    number(g, "avg", m == null ? null : m.avg());
    number(g, "p50", m == null ? null : m.p50());
    number(g, "p95", m == null ? null : m.p95());
    number(g, "p99", m == null ? null : m.p99());
    g.writeNumberField("inputTokens", m == null ? 0 : m.inputTokens());
    g.writeNumberField("outputTokens", m == null ? 0 : m.outputTokens());
    g.writeNumberField("totalTokens", m == null ? 0 : m.totalTokens());
    g.writeNumberField("cost", m == null ? 0 : m.cost());
    g.writeObjectFieldStart("scores");
    for (Map.Entry<String, ScorePoint> s : row.scores().entrySet()) {
      g.writeObjectFieldStart(s.getKey());
      g.writeNumberField("count", s.getValue().valued());
      number(g, "avg", s.getValue().avg());
      g.writeEndObject();
    }
    g.writeEndObject();
    g.writeEndObject();
  }

  private static void number(JsonGenerator g, String field, Number value) throws IOException {
    if (value == null) {
      g.writeNullField(field);
    } else if (value instanceof Long l) {
      g.writeNumberField(field, l);
    } else {
      g.writeNumberField(field, value.doubleValue());
    }
  }
}
