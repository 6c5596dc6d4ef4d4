package dev.sightline.server.governance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.server.ServerBuilder;
import dev.sightline.core.codec.JsonErrors;
import dev.sightline.server.auth.AuditLog;
import dev.sightline.server.http.Api;
import dev.sightline.server.http.Json;
import dev.sightline.server.http.RouteMethods;
import java.util.Map;

/**
 * {@code GET /api/settings} answers the key's project's settings with every switch listed;
 * {@code PUT /api/settings} replaces them with the body and answers what is now in force, or 400
 * naming the field at fault (nothing changes then). Masking applies to what is ingested after the
 * answer; stored data is not rewritten.
 */
public final class SettingsRoutes {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SettingsRoutes() {}

  /** Behind the {@code /api/} authenticator the caller installs. */
  public static void install(ServerBuilder sb, SettingsStore settings, AuditLog audit, RouteMethods methods) {
    sb.route().get("/api/settings").build((ctx, req) -> Api.blocking(ctx, () -> answer(settings.get(Api.project(ctx)))));
    methods.add(HttpMethod.GET, "/api/settings");
    sb.route().put("/api/settings").build((ctx, req) -> HttpResponse.of(req.aggregate()
        .thenApply(body -> Api.blocking(ctx, () -> {
          SettingsStore.ProjectSettings now = settings.put(Api.project(ctx), read(body));
          audit.record(Api.project(ctx), Api.keyId(ctx), "settings.update", "settings",
              Map.of("masking", now.toJson().get("masking").toString(),
                  "anomalyWebhookUrl", now.toJson().get("anomalyWebhookUrl").asText("")));
          return answer(now);
        }))));
    methods.add(HttpMethod.PUT, "/api/settings");
  }

  private static HttpResponse answer(SettingsStore.ProjectSettings settings) {
    return Json.ok(g -> JSON.writeTree(g, settings.toJson()));
  }

  private static JsonNode read(AggregatedHttpRequest body) {
    try {
      return JSON.readTree(body.contentUtf8());
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(JsonErrors.malformed(e, 1000).getMessage());
    }
  }
}
