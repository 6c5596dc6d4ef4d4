package dev.sightline.server.analysis;

import com.fasterxml.jackson.core.JsonGenerator;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServiceRequestContext;
import dev.sightline.core.storage.Filter;
import dev.sightline.core.storage.StorageReader;
import dev.sightline.server.governance.SettingsStore;
import dev.sightline.server.http.Api;
import dev.sightline.server.http.Json;
import dev.sightline.server.http.RouteMethods;
import dev.sightline.server.query.Params;
import dev.sightline.server.query.RetentionWindow;
import java.io.IOException;
import java.time.Clock;
import java.util.List;

/**
 * {@code GET /api/anomalies} (findings of {@link AnomalyScan}) and {@code GET /api/errors/patterns}
 * (failures grouped by {@link ErrorPatternScan}). Both default to the last 24 hours, read nothing
 * older than the project's retention window, and answer a bad parameter with 400 naming it.
 */
public final class AnalysisRoutes {
  private static final long HOUR = Detector.BUCKET_MICROS;
  /** The longest range an anomaly scan takes, microseconds (90 days). */
  static final long MAX_RANGE = 90 * 24 * HOUR;
  /** Findings answered at most, the newest first. */
  static final int MAX_FINDINGS = 1000;

  private final AnomalyScan anomalies;
  private final ErrorPatternScan patterns;
  private final RetentionWindow window;
  private final Clock clock;

  private AnalysisRoutes(StorageReader storage, SettingsStore settings, Clock clock) {
    this.anomalies = new AnomalyScan(storage);
    this.patterns = new ErrorPatternScan(storage);
    this.window = new RetentionWindow(settings, clock);
    this.clock = clock;
  }

  /** Behind the {@code /api/} authenticator the caller installs. */
  public static void install(ServerBuilder sb, StorageReader storage, SettingsStore settings, Clock clock,
      RouteMethods methods) {
    AnalysisRoutes routes = new AnalysisRoutes(storage, settings, clock);
    sb.route().get("/api/anomalies").build((ctx, req) -> Api.blocking(ctx, () -> routes.anomalies(ctx)));
    methods.add(HttpMethod.GET, "/api/anomalies");
    sb.route().get("/api/errors/patterns").build((ctx, req) -> Api.blocking(ctx, () -> routes.patterns(ctx)));
    methods.add(HttpMethod.GET, "/api/errors/patterns");
  }

  private HttpResponse anomalies(ServiceRequestContext ctx) {
    Params p = new Params(ctx.queryParams());
    String project = Api.project(ctx);
    long now = clock.millis() * 1000;
    Long to = p.time("to");
    Long from = p.time("from");
    long end = to == null ? now : to;
    long start = from == null ? end - 24 * HOUR : from;
    if (end <= start) {
      throw new IllegalArgumentException("to: must be after from");
    }
    if (end - start > MAX_RANGE) {
      throw new IllegalArgumentException("from: at most 90 days before to");
    }
    String feature = p.string("feature");
    boolean iso = p.isoTimes();
    p.rejectUnknown();
    // Only whole hours that have ended: a running hour's totals are still growing.
    List<Anomaly> found = anomalies.scan(project, feature, start, Math.min(end, now), window.horizon(project));
    return Json.ok(g -> {
      g.writeStartObject();
      g.writeNumberField("from", start);
      g.writeNumberField("to", end);
      g.writeNumberField("bucket", HOUR);
      g.writeArrayFieldStart("anomalies");
      for (Anomaly a : found.subList(0, Math.min(found.size(), MAX_FINDINGS))) {
        write(g, a);
      }
      g.writeEndArray();
      g.writeEndObject();
    }, iso);
  }

  /** One finding as the API and the webhook write it. */
  static void write(JsonGenerator g, Anomaly a) throws IOException {
    g.writeStartObject();
    g.writeStringField("feature", a.feature());
    g.writeStringField("model", a.model());
    g.writeStringField("metric", a.metric());
    g.writeNumberField("bucketStart", a.bucketStart());
    g.writeNumberField("value", a.value());
    g.writeNumberField("baseline", a.baseline());
    g.writeNumberField("score", Math.round(a.score() * 100) / 100.0);
    g.writeStringField("direction", a.direction());
    g.writeNumberField("count", a.count());
    g.writeEndObject();
  }

  private HttpResponse patterns(ServiceRequestContext ctx) {
    Params p = new Params(ctx.queryParams());
    String project = Api.project(ctx);
    long now = clock.millis() * 1000;
    Filter asked = p.filter();
    long end = asked.to() == null ? now : asked.to();
    long start = asked.from() == null ? end - 24 * HOUR : asked.from();
    boolean iso = p.isoTimes();
    p.rejectUnknown();
    Filter filter = window.clamp(project, asked.withRange(start, end));
    List<PatternTally.Pattern> found = patterns.scan(project, filter);
    return Json.ok(g -> {
      g.writeStartObject();
      g.writeNumberField("from", start);
      g.writeNumberField("to", end);
      g.writeArrayFieldStart("patterns");
      for (PatternTally.Pattern t : found) {
        g.writeStartObject();
        g.writeStringField("pattern", t.pattern());
        g.writeNumberField("count", t.count());
        g.writeNumberField("firstTime", t.firstSeen());
        g.writeNumberField("lastTime", t.lastSeen());
        writeStrings(g, "features", t.features());
        writeStrings(g, "exampleTraceIds", t.examples());
        g.writeStringField("example", t.example());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    }, iso);
  }

  private static void writeStrings(JsonGenerator g, String name, List<String> values) throws IOException {
    g.writeArrayFieldStart(name);
    for (String v : values) {
      g.writeString(v);
    }
    g.writeEndArray();
  }
}
