package dev.sightline.server.query;

import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServerBuilder;
import dev.sightline.core.storage.GroupQuery;
import dev.sightline.core.storage.StorageReader;
import dev.sightline.server.governance.SettingsStore;
import dev.sightline.server.http.Api;
import dev.sightline.server.http.RouteMethods;
import java.time.Clock;

/**
 * Installs the read API under {@code /api/}: traces, spans, references, sessions, users, scores and
 * metrics. Each runs on the blocking executor; a bad parameter is a 400 naming it.
 */
public final class QueryRoutes {
  private QueryRoutes() {}

  /**
   * Behind the {@code /api/} authenticator the caller installs. Every route answers only what
   * started inside the project's retention window ({@link RetentionWindow}).
   *
   * @param methods where each route's method is recorded
   */
  public static void install(ServerBuilder sb, StorageReader storage, SettingsStore settings, Clock clock,
      RouteMethods methods) {
    RetentionWindow window = new RetentionWindow(settings, clock);
    TraceApi traces = new TraceApi(storage, window);
    AnalyticsApi analytics = new AnalyticsApi(storage, window);
    get(sb, methods, "/api/traces", (ctx, req) -> Api.blocking(ctx, () -> traces.list(ctx)));
    get(sb, methods, "/api/traces/{traceId}", (ctx, req) -> Api.blocking(ctx, () -> traces.get(ctx, ctx.pathParam("traceId"))));
    get(sb, methods, "/api/traces/{traceId}/spans/{spanId}",
        (ctx, req) -> Api.blocking(ctx, () -> traces.span(ctx, ctx.pathParam("traceId"), ctx.pathParam("spanId"))));
    get(sb, methods, "/api/references/{referenceId}",
        (ctx, req) -> Api.blocking(ctx, () -> traces.byReference(ctx, ctx.pathParam("referenceId"))));
    get(sb, methods, "/api/spans", (ctx, req) -> Api.blocking(ctx, () -> traces.spans(ctx)));
    get(sb, methods, "/api/sessions", (ctx, req) -> Api.blocking(ctx, () -> analytics.groups(ctx, GroupQuery.GroupBy.SESSION)));
    get(sb, methods, "/api/sessions/{sessionId}",
        (ctx, req) -> Api.blocking(ctx, () -> analytics.session(ctx, ctx.pathParam("sessionId"))));
    get(sb, methods, "/api/users", (ctx, req) -> Api.blocking(ctx, () -> analytics.groups(ctx, GroupQuery.GroupBy.USER)));
    get(sb, methods, "/api/scores", (ctx, req) -> Api.blocking(ctx, () -> analytics.scores(ctx)));
    get(sb, methods, "/api/metrics", (ctx, req) -> Api.blocking(ctx, () -> analytics.metrics(ctx)));
  }

  private static void get(ServerBuilder sb, RouteMethods methods, String path, HttpService service) {
    sb.route().get(path).build(service);
    methods.add(HttpMethod.GET, path);
  }
}
