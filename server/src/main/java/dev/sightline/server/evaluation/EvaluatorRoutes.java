package dev.sightline.server.evaluation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServiceRequestContext;
import dev.sightline.core.codec.JsonErrors;
import dev.sightline.server.auth.AuditLog;
import dev.sightline.server.http.Api;
import dev.sightline.server.http.Json;
import dev.sightline.server.http.RouteMethods;
import dev.sightline.server.query.RetentionWindow;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Evaluators through the API: {@code GET /api/evaluators} lists the project's evaluators by name,
 * {@code GET /api/evaluators/kinds} the kinds, {@code POST} makes one (201, or 409 if the name is
 * taken), {@code GET}/{@code PUT}/{@code DELETE /api/evaluators/{name}} read, change (a new
 * version) and remove one, and {@code /api/evaluators/{name}/runs} starts and follows backfills
 * ({@link Backfills}).
 */
public final class EvaluatorRoutes {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_BODY = 262144;
  private static final String PATH = "/api/evaluators";

  private EvaluatorRoutes() {}

  /** Behind the {@code /api/} authenticator the caller installs. */
  public static void install(ServerBuilder sb, EvaluatorStore store, Backfills backfills, AuditLog audit,
      Clock clock, Function<String, String> env, RetentionWindow window, RouteMethods methods) {
    sb.route().get(PATH + "/kinds").build((ctx, req) -> Json.ok(g -> {
      g.writeStartObject();
      g.writeArrayFieldStart("items");
      for (String kind : Kinds.names()) {
        g.writeString(kind);
      }
      g.writeEndArray();
      g.writeEndObject();
    }));
    methods.add(HttpMethod.GET, PATH + "/kinds");
    sb.route().get(PATH).build((ctx, req) -> Api.blocking(ctx, () -> Json.ok(g -> {
      g.writeStartObject();
      g.writeArrayFieldStart("items");
      for (Evaluator e : store.of(Api.project(ctx))) {
        EvaluatorJson.write(g, e);
      }
      g.writeEndArray();
      g.writeEndObject();
    })));
    methods.add(HttpMethod.GET, PATH);
    sb.route().get(PATH + "/{name}").build((ctx, req) -> Api.blocking(ctx, () ->
        answer(store.get(Api.project(ctx), ctx.pathParam("name")), HttpStatus.OK, ctx.pathParam("name"))));
    methods.add(HttpMethod.GET, PATH + "/{name}");
    sb.route().post(PATH).build((ctx, req) -> withBody(ctx, req, body -> {
      EvaluatorJson.Draft draft = EvaluatorJson.read(null, body, env);
      Optional<Evaluator> made = store.create(Api.project(ctx), draft, micros(clock));
      if (made.isEmpty()) {
        return Json.error(HttpStatus.CONFLICT, "the project has an evaluator " + draft.name()
            + "; PUT /api/evaluators/" + draft.name() + " changes it");
      }
      audit.record(Api.project(ctx), Api.keyId(ctx), "evaluator.create", draft.name(), null);
      return answer(made, HttpStatus.CREATED, draft.name());
    }));
    methods.add(HttpMethod.POST, PATH);
    sb.route().put(PATH + "/{name}").build((ctx, req) -> withBody(ctx, req, body -> {
      String name = ctx.pathParam("name");
      Optional<Evaluator> changed = store.update(Api.project(ctx), EvaluatorJson.read(name, body, env), micros(clock));
      changed.ifPresent(e -> audit.record(Api.project(ctx), Api.keyId(ctx), "evaluator.update", name,
          Map.of("version", e.version())));
      return answer(changed, HttpStatus.OK, name);
    }));
    methods.add(HttpMethod.PUT, PATH + "/{name}");
    sb.route().delete(PATH + "/{name}").build((ctx, req) -> Api.blocking(ctx, () -> {
      String name = ctx.pathParam("name");
      if (!store.delete(Api.project(ctx), name)) {
        return notFound(name);
      }
      audit.record(Api.project(ctx), Api.keyId(ctx), "evaluator.delete", name, null);
      return HttpResponse.of(HttpStatus.NO_CONTENT);
    }));
    methods.add(HttpMethod.DELETE, PATH + "/{name}");
    BackfillRoutes.install(sb, PATH, store, backfills, audit, window, methods);
  }

  static HttpResponse withBody(ServiceRequestContext ctx, com.linecorp.armeria.common.HttpRequest req,
      Function<JsonNode, HttpResponse> handler) {
    return HttpResponse.of(req.aggregate().thenApply((AggregatedHttpRequest body) -> Api.blocking(ctx, () -> {
      if (body.content().length() > MAX_BODY) {
        throw new IllegalArgumentException("body: larger than " + MAX_BODY + " bytes");
      }
      return handler.apply(read(body.contentUtf8()));
    })));
  }

  static HttpResponse notFound(String name) {
    return Json.error(HttpStatus.NOT_FOUND, "the project has no evaluator " + name);
  }

  private static HttpResponse answer(Optional<Evaluator> e, HttpStatus status, String name) {
    return e.isEmpty() ? notFound(name) : Json.of(status, g -> EvaluatorJson.write(g, e.get()));
  }

  private static long micros(Clock clock) {
    return Math.multiplyExact(clock.millis(), 1000L);
  }

  private static JsonNode read(String body) {
    try {
      return JSON.readTree(body.isEmpty() ? "null" : body);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(JsonErrors.malformed(e, 1000).getMessage());
    }
  }
}
