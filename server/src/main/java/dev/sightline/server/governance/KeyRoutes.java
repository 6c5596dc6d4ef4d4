package dev.sightline.server.governance;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServiceRequestContext;
import dev.sightline.core.codec.JsonErrors;
import dev.sightline.server.auth.AuditLog;
import dev.sightline.server.auth.KeyStore;
import dev.sightline.server.auth.Role;
import dev.sightline.server.http.Api;
import dev.sightline.server.http.Json;
import dev.sightline.server.http.RouteMethods;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A project's keys through the API, for its {@link Role#ADMIN} keys (others get 403):
 * {@code GET /api/keys} lists them (never the keys themselves), {@code POST /api/keys} with
 * {@code {"name": "...", "role": "read"|"write"|"admin"}} creates one and answers it once (201),
 * {@code DELETE /api/keys/{id}} revokes one (a running server refuses it within a second). Times
 * are epoch microseconds. {@code GET /api/keys/current}, for any key, answers that key's id and role,
 * so that a client (the web UI) can leave out what the key may not do.
 */
public final class KeyRoutes {
  private static final ObjectMapper JSON = new ObjectMapper();

  private KeyRoutes() {}

  /** Behind the {@code /api/} authenticator the caller installs. */
  public static void install(ServerBuilder sb, KeyStore keys, AuditLog audit, RouteMethods methods) {
    sb.route().get("/api/keys").build(admin(ctx -> Json.ok(g -> list(g, keys.keys(Api.project(ctx))))));
    methods.add(HttpMethod.GET, "/api/keys");
    sb.route().get("/api/keys/current").build((ctx, req) -> {
      KeyStore.Access access = ctx.attr(Api.ACCESS);
      return Json.ok(g -> {
        g.writeStartObject();
        g.writeStringField("id", access.keyId());
        g.writeStringField("role", access.role().wireName());
        g.writeEndObject();
      });
    });
    methods.add(HttpMethod.GET, "/api/keys/current");
    sb.route().post("/api/keys").build((ctx, req) -> {
      HttpResponse forbidden = Api.requireRole(ctx, Role.ADMIN);
      return forbidden != null ? forbidden : HttpResponse.of(req.aggregate().thenApply(body ->
          Api.blocking(ctx, unchecked(() -> create(keys, audit, ctx, body)))));
    });
    methods.add(HttpMethod.POST, "/api/keys");
    sb.route().delete("/api/keys/{id}").build(admin(ctx -> {
      KeyStore.KeyInfo revoked;
      try {
        revoked = keys.revokeKey(Api.project(ctx), ctx.pathParam("id"));
      } catch (IllegalArgumentException e) {
        return Json.error(HttpStatus.NOT_FOUND, e.getMessage());
      }
      audit.record(Api.project(ctx), Api.keyId(ctx), "key.revoke", revoked.id(), null);
      return Json.ok(g -> write(g, revoked, null));
    }));
    methods.add(HttpMethod.DELETE, "/api/keys/{id}");
  }

  /** The route for admin keys only, run off the event loop. */
  private static HttpService admin(Handler handler) {
    return (ctx, req) -> {
      HttpResponse forbidden = Api.requireRole(ctx, Role.ADMIN);
      return forbidden != null ? forbidden : Api.blocking(ctx, unchecked(() -> handler.handle(ctx)));
    };
  }

  private static HttpResponse create(KeyStore keys, AuditLog audit, ServiceRequestContext ctx,
      AggregatedHttpRequest body) throws IOException {
    String project = Api.project(ctx);
    JsonNode request;
    try {
      request = JSON.readTree(body.contentUtf8().isEmpty() ? "{}" : body.contentUtf8());
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(JsonErrors.malformed(e, 100).getMessage());
    }
    if (!request.isObject()) {
      throw new IllegalArgumentException("body: must be a JSON object {\"name\": ..., \"role\": ...}");
    }
    for (Iterator<String> it = request.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!Set.of("name", "role", "requestsPerSecond", "spansPerSecond").contains(field)) {
        throw new IllegalArgumentException(field + ": unknown field; a key has name, role, requestsPerSecond"
            + " and spansPerSecond");
      }
    }
    JsonNode name = request.path("name");
    JsonNode role = request.path("role");
    if (!name.isMissingNode() && !name.isTextual() || !role.isMissingNode() && !role.isTextual()) {
      throw new IllegalArgumentException((name.isTextual() || name.isMissingNode() ? "role" : "name")
          + ": must be a string");
    }
    String key = keys.createKey(project, name.isMissingNode() ? null : name.textValue(),
        role.isMissingNode() ? Role.WRITE : Role.parse("role", role.textValue()),
        new KeyStore.Limits(rate(request, "requestsPerSecond"), rate(request, "spansPerSecond")));
    KeyStore.KeyInfo created = keys.keys(project).stream().filter(k -> k.id().equals(KeyStore.idOf(key)))
        .findFirst().orElseThrow();
    audit.record(project, Api.keyId(ctx), "key.create", created.id(), Map.of("role", created.role().wireName()));
    return Json.of(HttpStatus.CREATED, g -> write(g, created, key));
  }

  private static Integer rate(JsonNode request, String field) {
    JsonNode v = request.path(field);
    if (v.isMissingNode() || v.isNull()) {
      return null;
    }
    if (!v.canConvertToInt() || !v.isIntegralNumber()) {
      throw new IllegalArgumentException(field + ": must be a whole number, or absent for no limit");
    }
    return v.intValue();
  }

  private static void list(JsonGenerator g, List<KeyStore.KeyInfo> keys) throws IOException {
    g.writeStartObject();
    g.writeArrayFieldStart("items");
    for (KeyStore.KeyInfo k : keys) {
      write(g, k, null);
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  /** A key's fields; {@code key} (the secret) only in the answer that creates it. */
  private static void write(JsonGenerator g, KeyStore.KeyInfo k, String key) throws IOException {
    g.writeStartObject();
    g.writeStringField("id", k.id());
    if (key != null) {
      g.writeStringField("key", key);
    }
    if (k.name() != null) {
      g.writeStringField("name", k.name());
    }
    g.writeStringField("role", k.role().wireName());
    if (k.limits().requestsPerSecond() != null) {
      g.writeNumberField("requestsPerSecond", k.limits().requestsPerSecond());
    }
    if (k.limits().spansPerSecond() != null) {
      g.writeNumberField("spansPerSecond", k.limits().spansPerSecond());
    }
    g.writeNumberField("createdAt", k.createdAt() * 1000);
    if (k.lastUsedAt() != null) {
      g.writeNumberField("lastUsedAt", k.lastUsedAt() * 1000);
    }
    g.writeEndObject();
  }

  private interface Handler {
    HttpResponse handle(ServiceRequestContext ctx) throws IOException;
  }

  private static Supplier<HttpResponse> unchecked(IoSupplier work) {
    return () -> {
      try {
        return work.get();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    };
  }

  private interface IoSupplier {
    HttpResponse get() throws IOException;
  }
}
