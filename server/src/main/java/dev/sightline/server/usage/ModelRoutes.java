package dev.sightline.server.usage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.QueryParams;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServiceRequestContext;
import dev.sightline.core.codec.JsonErrors;
import dev.sightline.server.auth.AuditLog;
import dev.sightline.server.http.Api;
import dev.sightline.server.http.Json;
import dev.sightline.server.http.RouteMethods;
import java.util.ArrayList;
import java.util.List;

/**
 * The price table through the API. {@code GET /api/models} lists the project's own models, then
 * the built-in ones, in the order they are matched ({@code ?model=NAME}: only the one that prices
 * that name, if any). {@code POST /api/models} adds a project model, or replaces the project's
 * model of the same id, and answers 201 with it; {@code DELETE /api/models/{id}} removes one.
 * Changes apply to model calls stored after the answer; stored costs are not recomputed.
 */
public final class ModelRoutes {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_BODY = 65536;

  private ModelRoutes() {}

  /** Behind the {@code /api/} authenticator the caller installs. */
  public static void install(ServerBuilder sb, UsageInference usage, AuditLog audit, RouteMethods methods) {
    PriceTable prices = usage.prices();
    sb.route().get("/api/models").build((ctx, req) -> Api.blocking(ctx, () -> list(ctx, prices)));
    methods.add(HttpMethod.GET, "/api/models");
    sb.route().post("/api/models").build((ctx, req) -> HttpResponse.of(req.aggregate().thenApply(body ->
        Api.blocking(ctx, () -> {
          if (body.content().length() > MAX_BODY) {
            throw new IllegalArgumentException("body: larger than " + MAX_BODY + " bytes");
          }
          ModelPrice added = prices.projects().put(Api.project(ctx), read(body.contentUtf8()));
          audit.record(Api.project(ctx), Api.keyId(ctx), "model.put", added.id(), null);
          return Json.of(HttpStatus.CREATED, g -> ModelJson.write(g, added));
        }))));
    methods.add(HttpMethod.POST, "/api/models");
    sb.route().delete("/api/models/{id}").build((ctx, req) -> Api.blocking(ctx, () -> {
      String id = ctx.pathParam("id");
      if (!prices.projects().delete(Api.project(ctx), id)) {
        boolean builtIn = prices.builtIn().stream().anyMatch(m -> m.id().equals(id));
        return Json.error(HttpStatus.NOT_FOUND, builtIn
            ? "model " + id + " is built in and cannot be deleted; add a project model to override its prices"
            : "the project has no model " + id);
      }
      audit.record(Api.project(ctx), Api.keyId(ctx), "model.delete", id, null);
      return HttpResponse.of(HttpStatus.NO_CONTENT);
    }));
    methods.add(HttpMethod.DELETE, "/api/models/{id}");
  }

  private static HttpResponse list(ServiceRequestContext ctx, PriceTable prices) {
    QueryParams params = ctx.queryParams();
    for (String name : params.names()) {
      if (!name.equals("model")) {
        throw new IllegalArgumentException(name + ": unknown parameter; known: [model]");
      }
    }
    String project = Api.project(ctx);
    String model = params.get("model");
    List<ModelPrice> models = new ArrayList<>();
    if (model != null) {
      prices.find(project, model).ifPresent(models::add);
    } else {
      models.addAll(prices.projects().of(project));
      models.addAll(prices.builtIn());
    }
    return Json.ok(g -> {
      g.writeStartObject();
      g.writeStringField("builtInAsOf", prices.asOf());
      g.writeStringField("unit", "USD per million tokens");
      g.writeArrayFieldStart("models");
      for (ModelPrice m : models) {
        ModelJson.write(g, m);
      }
      g.writeEndArray();
      g.writeEndObject();
    });
  }

  private static JsonNode read(String body) {
    try {
      return JSON.readTree(body.isEmpty() ? "null" : body);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(JsonErrors.malformed(e, 1000).getMessage());
    }
  }
}
