package dev.sightline.server.governance;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.server.ServerBuilder;
import dev.sightline.server.auth.AuditLog;
import dev.sightline.server.auth.Role;
import dev.sightline.server.http.Api;
import dev.sightline.server.http.Json;
import dev.sightline.server.http.RouteMethods;
import java.util.List;

/**
 * {@code GET /api/audit?limit=N} (admin keys): the project's audited changes, newest first: settings
 * changes, deletions, key changes, each with the acting key's id, the action, its target and when
 * (epoch microseconds). {@code limit} is 1 to 1000, default 100.
 */
public final class AuditRoutes {
  private AuditRoutes() {}

  private static final ObjectMapper JSON = new ObjectMapper();

  public static void install(ServerBuilder sb, AuditLog audit, RouteMethods methods) {
    sb.route().get("/api/audit").build((ctx, req) -> {
      HttpResponse forbidden = Api.requireRole(ctx, Role.ADMIN);
      return forbidden != null ? forbidden : Api.blocking(ctx, () -> {
        String text = ctx.queryParams().get("limit", "100");
        for (String name : ctx.queryParams().names()) {
          if (!name.equals("limit")) {
            throw new IllegalArgumentException(name + ": unknown parameter; this endpoint takes limit");
          }
        }
        int limit;
        try {
          limit = Integer.parseInt(text);
        } catch (NumberFormatException e) {
          limit = -1;
        }
        if (limit < 1 || limit > 1000) {
          throw new IllegalArgumentException("limit: must be a whole number from 1 to 1000");
        }
        List<AuditLog.Entry> entries = audit.entries(Api.project(ctx), limit);
        return Json.ok(g -> {
          g.writeStartObject();
          g.writeArrayFieldStart("items");
          for (AuditLog.Entry e : entries) {
            g.writeStartObject();
            g.writeNumberField("time", e.time());
            g.writeStringField("keyId", e.keyId());
            g.writeStringField("action", e.action());
            g.writeStringField("target", e.target());
            if (e.details() != null) {
              g.writeObjectFieldStart("details");
              for (var d : e.details().entrySet()) {
                g.writeFieldName(d.getKey());
                // A list or object (a prompt's labels) needs a codec, which the answer's generator has not.
                g.writeRawValue(JSON.writeValueAsString(d.getValue()));
              }
              g.writeEndObject();
            }
            g.writeEndObject();
          }
          g.writeEndArray();
          g.writeEndObject();
        });
      });
    });
    methods.add(HttpMethod.GET, "/api/audit");
  }
}
