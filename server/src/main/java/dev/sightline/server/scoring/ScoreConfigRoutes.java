package dev.sightline.server.scoring;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.server.ServerBuilder;
import dev.sightline.core.codec.JsonErrors;
import dev.sightline.server.auth.AuditLog;
import dev.sightline.server.http.Api;
import dev.sightline.server.http.Json;
import dev.sightline.server.http.RouteMethods;

/**
 * Score configs through the API: {@code GET /api/score-configs} lists the project's configs by
 * name, {@code GET /api/score-configs/{name}} answers one (404 if none), {@code PUT} creates
 * (201) or replaces (200) one and answers it, {@code DELETE} removes one (204, or 404). A change
 * applies to scores received after the answer; stored scores are not checked again.
 */
public final class ScoreConfigRoutes {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_BODY = 65536;
  private static final String PATH = "/api/score-configs";

  private ScoreConfigRoutes() {}

  /** Behind the {@code /api/} authenticator the caller installs. */
  public static void install(ServerBuilder sb, ScoreConfigStore store, AuditLog audit, RouteMethods methods) {
    sb.route().get(PATH).build((ctx, req) -> Api.blocking(ctx, () -> Json.ok(g -> {
      g.writeStartObject();
      g.writeArrayFieldStart("items");
      for (ScoreConfig c : store.of(Api.project(ctx)).values()) {
        ScoreConfigJson.write(g, c);
      }
      g.writeEndArray();
      g.writeEndObject();
    })));
    methods.add(HttpMethod.GET, PATH);
    sb.route().get(PATH + "/{name}").build((ctx, req) -> Api.blocking(ctx, () -> {
      ScoreConfig c = store.of(Api.project(ctx)).get(ctx.pathParam("name"));
      return c == null ? notFound(ctx.pathParam("name")) : Json.ok(g -> ScoreConfigJson.write(g, c));
    }));
    methods.add(HttpMethod.GET, PATH + "/{name}");
    sb.route().put(PATH + "/{name}").build((ctx, req) -> HttpResponse.of(req.aggregate().thenApply(body ->
        Api.blocking(ctx, () -> {
          if (body.content().length() > MAX_BODY) {
            throw new IllegalArgumentException("body: larger than " + MAX_BODY + " bytes");
          }
          String name = ctx.pathParam("name");
          ScoreConfigStore.Put put = store.put(Api.project(ctx), name, read(body.contentUtf8()));
          audit.record(Api.project(ctx), Api.keyId(ctx), "score-config.put", name, null);
          return Json.of(put.created() ? HttpStatus.CREATED : HttpStatus.OK,
              g -> ScoreConfigJson.write(g, put.config()));
        }))));
    methods.add(HttpMethod.PUT, PATH + "/{name}");
    sb.route().delete(PATH + "/{name}").build((ctx, req) -> Api.blocking(ctx, () -> {
      String name = ctx.pathParam("name");
      if (!store.delete(Api.project(ctx), name)) {
        return notFound(name);
      }
      audit.record(Api.project(ctx), Api.keyId(ctx), "score-config.delete", name, null);
      return HttpResponse.of(HttpStatus.NO_CONTENT);
    }));
    methods.add(HttpMethod.DELETE, PATH + "/{name}");
  }

  private static HttpResponse notFound(String name) {
    return Json.error(HttpStatus.NOT_FOUND, "the project has no score config " + name);
  }

  private static JsonNode read(String body) {
    try {
      return JSON.readTree(body.isEmpty() ? "null" : body);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(JsonErrors.malformed(e, 1000).getMessage());
    }
  }
}
