package dev.sightline.server.query;

import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServiceRequestContext;
import dev.sightline.core.model.Row;
import dev.sightline.core.model.Schema;
import dev.sightline.core.storage.Cursor;
import dev.sightline.core.storage.Filter;
import dev.sightline.core.storage.Page;
import dev.sightline.core.storage.Sort;
import dev.sightline.core.storage.StorageReader;
import dev.sightline.core.storage.TraceQuery;
import dev.sightline.server.auth.AuditLog;
import dev.sightline.server.collector.IngestPipeline;
import dev.sightline.server.http.Api;
import dev.sightline.server.http.Json;
import dev.sightline.server.http.RouteMethods;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;

/**
 * Deleting traces, for the right to be forgotten: one trace ({@code DELETE /api/traces/{id}}), a
 * session's or a user's traces ({@code DELETE /api/sessions/{id}}, {@code DELETE /api/users/{id}}),
 * or the traces a list filter selects ({@code POST /api/traces/delete?...}, the parameters of
 * {@code GET /api/traces}). Each answers {@code {"deleted": n}} once the traces are gone from every
 * read, and is audited. Read-only keys get 403 before they get here.
 *
 * <p>Everything acknowledged before the request is applied first, so a trace still on its way to
 * storage is found and deleted too; data ingested after the answer makes new traces.
 */
public final class DeletionRoutes {
  /** Ids per logged deletion: keeps each record and its SQL small. */
  private static final int CHUNK = 1000;
  private static final long TIMEOUT_SECONDS = 60;

  private final StorageReader storage;
  private final IngestPipeline pipeline;
  private final AuditLog audit;

  private DeletionRoutes(StorageReader storage, IngestPipeline pipeline, AuditLog audit) {
    this.storage = storage;
    this.pipeline = pipeline;
    this.audit = audit;
  }

  /** Behind the {@code /api/} authenticator the caller installs. */
  public static void install(ServerBuilder sb, StorageReader storage, IngestPipeline pipeline, AuditLog audit,
      RouteMethods methods) {
    DeletionRoutes d = new DeletionRoutes(storage, pipeline, audit);
    sb.route().delete("/api/traces/{traceId}").build((ctx, req) -> Api.blocking(ctx, () -> {
      String id = ctx.pathParam("traceId").toLowerCase(Locale.ROOT);
      d.settle(Api.project(ctx));
      return d.delete(ctx, "traces.delete", id, Set.of(id), "no trace " + id + " in this project");
    }));
    methods.add(HttpMethod.DELETE, "/api/traces/{traceId}");
    sb.route().delete("/api/sessions/{sessionId}").build((ctx, req) -> Api.blocking(ctx, () ->
        d.deleteWhere(ctx, "sessions.delete", ctx.pathParam("sessionId"), f -> f.sessionId(ctx.pathParam("sessionId")),
            "no session " + ctx.pathParam("sessionId") + " in this project")));
    methods.add(HttpMethod.DELETE, "/api/sessions/{sessionId}");
    sb.route().delete("/api/users/{userId}").build((ctx, req) -> Api.blocking(ctx, () ->
        d.deleteWhere(ctx, "users.delete", ctx.pathParam("userId"), f -> f.userId(ctx.pathParam("userId")),
            "no user " + ctx.pathParam("userId") + " in this project")));
    methods.add(HttpMethod.DELETE, "/api/users/{userId}");
    sb.route().post("/api/traces/delete").build((ctx, req) -> Api.blocking(ctx, () -> d.deleteFiltered(ctx)));
    methods.add(HttpMethod.POST, "/api/traces/delete");
  }

  private HttpResponse deleteFiltered(ServiceRequestContext ctx) {
    Params p = new Params(ctx.queryParams());
    Filter filter = p.filter();
    p.rejectUnknown();
    if (ctx.queryParams().isEmpty()) {
      throw new IllegalArgumentException("filter: required, as the parameters of GET /api/traces (feature=,"
          + " userId=, from=, to= …); to delete every trace, say from=0");
    }
    return deleteWhere(ctx, "traces.delete-filtered", ctx.query(), filter, null);
  }

  private HttpResponse deleteWhere(ServiceRequestContext ctx, String action, String target,
      UnaryOperator<Filter.Builder> conditions, String notFound) {
    return deleteWhere(ctx, action, target, conditions.apply(Filter.builder()).build(), notFound);
  }

  private HttpResponse deleteWhere(ServiceRequestContext ctx, String action, String target, Filter filter,
      String notFound) {
    String project = Api.project(ctx);
    settle(project);
    Set<String> ids = new LinkedHashSet<>();
    Cursor after = null;
    do {
      Page<Row> page = storage.traces(new TraceQuery(project, filter, Sort.START_TIME, true, 1000, after));
      page.items().forEach(t -> ids.add(t.string(Schema.TRACE_ID)));
      after = page.nextCursor() == null ? null : Cursor.decode(page.nextCursor());
    } while (after != null);
    return delete(ctx, action, target, ids, notFound);
  }

  /** Deletes the ids that exist; 404 with {@code notFound} if none does and it is given. */
  private HttpResponse delete(ServiceRequestContext ctx, String action, String target, Set<String> ids,
      String notFound) {
    String project = Api.project(ctx);
    List<String> existing = new ArrayList<>();
    for (String id : ids) {
      if (storage.trace(project, id, false).isPresent()) {
        existing.add(id);
      }
    }
    if (existing.isEmpty() && notFound != null) {
      return Json.error(HttpStatus.NOT_FOUND, notFound);
    }
    for (int i = 0; i < existing.size(); i += CHUNK) {
      await(pipeline.delete(project, new LinkedHashSet<>(existing.subList(i, Math.min(existing.size(), i + CHUNK)))));
    }
    audit.record(project, Api.keyId(ctx), action, target, Map.of("traces", existing.size()));
    int deleted = existing.size();
    return Json.ok(g -> {
      g.writeStartObject();
      g.writeNumberField("deleted", deleted);
      g.writeEndObject();
    });
  }

  /** Waits until everything acknowledged before now is in storage, so that queries find it. */
  private void settle(String project) {
    await(pipeline.delete(project, Set.of()));
  }

  private static void await(CompletableFuture<Void> applied) {
    try {
      applied.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while deleting", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("the deletion could not be applied: " + e.getMessage(), e);
    }
  }
}
