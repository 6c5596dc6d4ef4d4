package dev.sightline.server.query;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.server.ServiceRequestContext;
import dev.sightline.core.codec.RowJson;
import dev.sightline.core.model.Row;
import dev.sightline.core.storage.Filter;
import dev.sightline.core.storage.GroupQuery;
import dev.sightline.core.storage.GroupSummary;
import dev.sightline.core.storage.MetricPoint;
import dev.sightline.core.storage.MetricsQuery;
import dev.sightline.core.storage.Page;
import dev.sightline.core.storage.ScoreMetricsQuery;
import dev.sightline.core.storage.ScorePoint;
import dev.sightline.core.storage.ScoreQuery;
import dev.sightline.core.storage.Sort;
import dev.sightline.core.storage.StorageReader;
import dev.sightline.core.storage.TraceQuery;
import dev.sightline.server.http.Api;
import dev.sightline.server.http.Json;
import java.util.List;

/** Sessions, users, scores and metrics: {@code /api/sessions[/{id}]}, {@code /api/users}, {@code /api/scores}, {@code /api/metrics}. */
final class AnalyticsApi {
  private static final long HOUR = 3_600_000_000L;
  private final StorageReader storage;
  private final RetentionWindow window;

  AnalyticsApi(StorageReader storage, RetentionWindow window) {
    this.storage = storage;
    this.window = window;
  }

  HttpResponse groups(ServiceRequestContext ctx, GroupQuery.GroupBy by) {
    Params p = new Params(ctx.queryParams());
    String project = Api.project(ctx);
    GroupQuery query = new GroupQuery(project, by, window.from(project, p.time("from")), p.time("to"), p.limit(50),
        p.cursor());
    boolean iso = p.isoTimes();
    p.rejectUnknown();
    Page<GroupSummary> page = storage.groups(query);
    return Json.ok(g -> TraceApi.writePage(g, page, (gen, s) -> {
      gen.writeStartObject();
      gen.writeStringField("id", s.id());
      if (s.name() != null) {
        gen.writeStringField("name", s.name());
      }
      gen.writeNumberField("traceCount", s.traceCount());
      gen.writeNumberField("errorCount", s.errorCount());
      gen.writeNumberField("firstTime", s.firstTime());
      gen.writeNumberField("lastTime", s.lastTime());
      gen.writeNumberField("inputTokens", s.inputTokens());
      gen.writeNumberField("outputTokens", s.outputTokens());
      gen.writeNumberField("totalTokens", s.totalTokens());
      gen.writeNumberField("cost", s.cost());
      gen.writeEndObject();
    }), iso);
  }

  /** A session's traces in start order, oldest first (a conversation reads top to bottom). */
  HttpResponse session(ServiceRequestContext ctx, String sessionId) {
    Params p = new Params(ctx.queryParams());
    String project = Api.project(ctx);
    TraceQuery query = new TraceQuery(project, window.clamp(project, Filter.builder().sessionId(sessionId).build()),
        Sort.START_TIME, true, p.limit(1000), p.cursor());
    boolean iso = p.isoTimes();
    p.rejectUnknown();
    Page<Row> page = storage.traces(query);
    return Json.ok(g -> {
      g.writeStartObject();
      g.writeStringField("sessionId", sessionId);
      g.writeFieldName("traces");
      TraceApi.writePage(g, page, RowJson::write);
      g.writeEndObject();
    }, iso);
  }

  HttpResponse scores(ServiceRequestContext ctx) {
    Params p = new Params(ctx.queryParams());
    String project = Api.project(ctx);
    ScoreQuery query = new ScoreQuery(project, p.string("traceId"), p.string("spanId"),
        p.string("sessionId"), p.string("name"), p.string("source"), window.from(project, p.time("from")),
        p.time("to"), p.limit(50), p.cursor());
    boolean iso = p.isoTimes();
    p.rejectUnknown();
    Page<Row> page = storage.scores(query);
    return Json.ok(g -> TraceApi.writePage(g, page, RowJson::write), iso);
  }

  /**
   * Defaults: the last 24 hours in hourly buckets, traces, as JSON ({@link MetricsAnswer}). With
   * {@code entity=scores}, {@code name} and {@code source} pick the scores and the other filter
   * parameters are conditions on their trace ({@link ScoreMetricsQuery}).
   */
  HttpResponse metrics(ServiceRequestContext ctx) {
    Params p = new Params(ctx.queryParams());
    String project = Api.project(ctx);
    long now = System.currentTimeMillis() * 1000;
    Long to = p.time("to");
    Long from = p.time("from");
    long end = to == null ? now : to;
    Long horizon = window.horizon(project);
    long start = Math.min(end, Math.max(from == null ? end - 24 * HOUR : from,
        horizon == null ? Long.MIN_VALUE : horizon));
    Long param = p.duration("bucket");
    long bucket = param == null ? HOUR : param;
    String entity = p.string("entity");
    if (entity != null && !entity.equals("traces") && !entity.equals("spans") && !entity.equals("scores")) {
      throw new IllegalArgumentException("entity: must be traces, spans or scores");
    }
    Filter filter = window.clamp(project, p.filter());
    String groupBy = p.string("groupBy");
    MetricsQuery traces = null;
    ScoreMetricsQuery scores = null;
    if ("scores".equals(entity)) {
      scores = new ScoreMetricsQuery(project, filter.toBuilder().name(null).build(), filter.name(),
          p.string("source"), start, end, bucket, groupBy);
    } else {
      traces = new MetricsQuery(project, "spans".equals(entity), filter, start, end, bucket, groupBy);
    }
    boolean iso = p.isoTimes();
    String format = p.string("format");
    if (format != null && !format.equals("json") && !format.equals("csv")) {
      throw new IllegalArgumentException("format: must be json or csv");
    }
    p.rejectUnknown();
    boolean csv = "csv".equals(format);
    if (scores != null) {
      List<ScorePoint> points = storage.scoreMetrics(scores);
      return csv ? MetricsAnswer.SCORES.csv(points, iso) : MetricsAnswer.SCORES.json(start, end, points, iso);
    }
    List<MetricPoint> points = storage.metrics(traces);
    return csv ? MetricsAnswer.TRACES.csv(points, iso) : MetricsAnswer.TRACES.json(start, end, points, iso);
  }
}
