package dev.sightline.server.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.server.ServerBuilder;
import dev.sightline.core.storage.Filter;
import dev.sightline.server.auth.AuditLog;
import dev.sightline.server.http.Api;
import dev.sightline.server.http.Json;
import dev.sightline.server.http.RouteMethods;
import dev.sightline.server.query.RetentionWindow;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Backfills through the API: {@code POST /api/evaluators/{name}/run} with
 * {@code {"from", "to", "filter", "sampleRate"}} starts one (202 with the run), and
 * {@code GET /api/evaluators/{name}/runs} and {@code .../runs/{runId}} follow them.
 */
final class BackfillRoutes {
  private static final Set<String> FIELDS = Set.of("from", "to", "filter", "sampleRate");
  /** Score filters would judge by a judgement; the range comes as from and to. */
  private static final Set<String> REFUSED = Set.of("from", "to", "scoreName", "minScore", "maxScore");

  private BackfillRoutes() {}

  /** @param window the projects' retention windows: a backfill never judges what reads no longer show */
  static void install(ServerBuilder sb, String path, EvaluatorStore store, Backfills backfills, AuditLog audit,
      RetentionWindow window, RouteMethods methods) {
    sb.route().post(path + "/{name}/run").build((ctx, req) -> EvaluatorRoutes.withBody(ctx, req, body -> {
      String name = ctx.pathParam("name");
      Optional<Evaluator> e = store.get(Api.project(ctx), name);
      if (e.isEmpty()) {
        return EvaluatorRoutes.notFound(name);
      }
      Filter range = window.clamp(Api.project(ctx), range(body));
      double rate = rate(body.get("sampleRate"));
      BackfillRun run = backfills.start(Api.project(ctx), e.get(), range, rate);
      audit.record(Api.project(ctx), Api.keyId(ctx), "evaluator.run", name, Map.of("runId", run.id));
      return Json.of(HttpStatus.ACCEPTED, run.snapshot(System.currentTimeMillis())::write);
    }));
    methods.add(HttpMethod.POST, path + "/{name}/run");
    sb.route().get(path + "/{name}/runs").build((ctx, req) -> Api.blocking(ctx, () -> {
      String name = ctx.pathParam("name");
      if (store.get(Api.project(ctx), name).isEmpty()) {
        return EvaluatorRoutes.notFound(name);
      }
      return Json.ok(g -> {
        g.writeStartObject();
        g.writeArrayFieldStart("items");
        for (BackfillRun.Snapshot run : backfills.runs(Api.project(ctx), name)) {
          run.write(g);
        }
        g.writeEndArray();
        g.writeEndObject();
      });
    }));
    methods.add(HttpMethod.GET, path + "/{name}/runs");
    sb.route().get(path + "/{name}/runs/{runId}").build((ctx, req) -> Api.blocking(ctx, () ->
        backfills.run(Api.project(ctx), ctx.pathParam("name"), ctx.pathParam("runId"))
            .map(run -> Json.ok(run::write))
            .orElseGet(() -> Json.error(HttpStatus.NOT_FOUND, "evaluator " + ctx.pathParam("name")
                + " has no run " + ctx.pathParam("runId") + " (runs are forgotten at a restart)"))));
    methods.add(HttpMethod.GET, path + "/{name}/runs/{runId}");
  }

  /** The body's range and filter, read as the trace list reads them; {@code from} is required. */
  private static Filter range(JsonNode body) {
    if (body == null || !body.isObject()) {
      throw new IllegalArgumentException("body: must be a JSON object with from, to and filter");
    }
    for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!FIELDS.contains(field)) {
        throw new IllegalArgumentException(field + ": unknown field; there are " + new TreeSet<>(FIELDS));
      }
    }
    if (!body.hasNonNull("from")) {
      throw new IllegalArgumentException("from: required, ISO-8601 or epoch microseconds");
    }
    ObjectNode filter = EvaluatorJson.filterObject(body.get("filter")).deepCopy();
    Filter f = EvaluatorJson.filter(filter, REFUSED);
    ObjectNode times = filter.objectNode();
    times.set("from", body.get("from"));
    if (body.hasNonNull("to")) {
      times.set("to", body.get("to"));
    }
    Filter bounds;
    try {
      bounds = EvaluatorJson.filter(times, Set.of());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage().substring("filter.".length()), e);
    }
    if (bounds.to() != null && bounds.to() <= bounds.from()) {
      throw new IllegalArgumentException("to: must be after from");
    }
    return f.toBuilder().from(bounds.from()).to(bounds.to()).build();
  }

  private static double rate(JsonNode rate) {
    if (rate == null || rate.isNull()) {
      return 1;
    }
    if (!rate.isNumber() || !(rate.asDouble() >= 0 && rate.asDouble() <= 1)) {
      throw new IllegalArgumentException("sampleRate: must be a number from 0 to 1");
    }
    return rate.asDouble();
  }
}
