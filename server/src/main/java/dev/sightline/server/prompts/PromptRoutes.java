package dev.sightline.server.prompts;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServiceRequestContext;
import dev.sightline.core.codec.JsonErrors;
import dev.sightline.core.storage.StorageReader;
import dev.sightline.server.auth.AuditLog;
import dev.sightline.server.governance.SettingsStore;
import dev.sightline.server.http.Api;
import dev.sightline.server.http.Json;
import dev.sightline.server.http.RouteMethods;
import dev.sightline.server.query.Params;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Prompt management through the API: {@code GET}/{@code POST /api/prompts}, {@code GET
 * /api/prompts/{name}} (a version by {@code version}, {@code label}, or by default
 * {@code production}, else the latest), {@code GET …/versions}, {@code PATCH
 * …/versions/{version}} (labels), {@code POST …/compile} and {@code GET …/metrics}
 * ({@link PromptMetrics}). Unknown prompts, versions and labels are a 404 saying which; bad input a
 * 400 naming the field. Creations and label moves are recorded in the audit log.
 */
public final class PromptRoutes {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** A 256 KiB template may take six bytes a character once escaped, and the config 64 KiB more. */
  private static final int MAX_BODY = 2 * 1024 * 1024;
  private static final String PATH = "/api/prompts";
  private static final String ONE = PATH + "/{name}";

  private final PromptStore store;
  private final AuditLog audit;
  private final PromptMetrics metrics;

  private PromptRoutes(PromptStore store, AuditLog audit, PromptMetrics metrics) {
    this.store = store;
    this.audit = audit;
    this.metrics = metrics;
  }

  /** Behind the {@code /api/} authenticator the caller installs. */
  public static void install(ServerBuilder sb, PromptStore store, StorageReader storage, SettingsStore settings,
      Clock clock, AuditLog audit, RouteMethods methods) {
    PromptRoutes r = new PromptRoutes(store, audit, new PromptMetrics(storage, settings, clock));
    sb.route().get(PATH).build((ctx, req) -> run(ctx, () -> r.list(ctx)));
    methods.add(HttpMethod.GET, PATH);
    sb.route().post(PATH).build((ctx, req) -> withBody(ctx, req, body -> r.create(ctx, body)));
    methods.add(HttpMethod.POST, PATH);
    sb.route().get(ONE).build((ctx, req) -> run(ctx, () -> r.get(ctx)));
    methods.add(HttpMethod.GET, ONE);
    sb.route().get(ONE + "/versions").build((ctx, req) -> run(ctx, () -> r.versions(ctx)));
    methods.add(HttpMethod.GET, ONE + "/versions");
    sb.route().patch(ONE + "/versions/{version}").build((ctx, req) -> withBody(ctx, req, body -> r.relabel(ctx, body)));
    methods.add(HttpMethod.PATCH, ONE + "/versions/{version}");
    sb.route().post(ONE + "/compile").build((ctx, req) -> withBody(ctx, req, body -> r.compile(ctx, body)));
    methods.add(HttpMethod.POST, ONE + "/compile");
    sb.route().get(ONE + "/metrics").build((ctx, req) -> run(ctx, () -> r.metrics.answer(ctx, r.index(ctx))));
    methods.add(HttpMethod.GET, ONE + "/metrics");
  }

  private HttpResponse list(ServiceRequestContext ctx) {
    new Params(ctx.queryParams()).rejectUnknown();
    return Json.ok(g -> {
      g.writeStartObject();
      g.writeArrayFieldStart("items");
      for (PromptIndex p : store.list(Api.project(ctx))) {
        PromptIndex.Entry latest = p.versions().get(p.latest() - 1);
        g.writeStartObject();
        g.writeStringField("name", p.name());
        g.writeStringField("type", latest.type());
        g.writeNumberField("latestVersion", p.latest());
        writeLabels(g, p.labels());
        g.writeNumberField("updatedAt", latest.createdAt());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    });
  }

  private HttpResponse create(ServiceRequestContext ctx, JsonNode body) {
    Draft draft = PromptJson.draft(body);
    String project = Api.project(ctx);
    PromptStore.Created c = store.create(project, draft, System.currentTimeMillis() * 1000, Api.keyId(ctx));
    audit.record(project, Api.keyId(ctx), "prompt.create", c.version().name() + "@" + c.version().version(),
        Map.of("labels", draft.labels()));
    return Json.of(HttpStatus.CREATED, g -> PromptJson.write(g, c.version(), c.index().labelsOf(c.version().version())));
  }

  private HttpResponse get(ServiceRequestContext ctx) {
    Params p = new Params(ctx.queryParams());
    String version = p.string("version");
    String label = p.string("label");
    p.rejectUnknown();
    PromptIndex index = index(ctx);
    PromptVersion v = resolve(ctx, index, version, label);
    return Json.ok(g -> PromptJson.write(g, v, index.labelsOf(v.version())));
  }

  private HttpResponse versions(ServiceRequestContext ctx) {
    new Params(ctx.queryParams()).rejectUnknown();
    PromptIndex index = index(ctx);
    return Json.ok(g -> {
      g.writeStartObject();
      g.writeStringField("name", index.name());
      writeLabels(g, index.labels());
      g.writeArrayFieldStart("items");
      for (int i = index.versions().size() - 1; i >= 0; i--) {
        PromptIndex.Entry e = index.versions().get(i);
        g.writeStartObject();
        g.writeNumberField("version", e.version());
        g.writeStringField("type", e.type());
        PromptJson.writeStrings(g, "labels", index.labelsOf(e.version()));
        if (e.commitMessage() != null) {
          g.writeStringField("commitMessage", e.commitMessage());
        }
        g.writeNumberField("createdAt", e.createdAt());
        g.writeStringField("createdBy", e.createdBy());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    });
  }

  private HttpResponse relabel(ServiceRequestContext ctx, JsonNode body) {
    if (body == null || !body.isObject() || !body.has("labels")) {
      throw new IllegalArgumentException("body: must be {\"labels\": [label, …]}");
    }
    PromptJson.known(body, Set.of("labels"));
    List<String> labels = PromptRules.labels(body.get("labels"));
    int version = PromptRules.version("version", ctx.pathParam("version"));
    String project = Api.project(ctx);
    PromptIndex after = store.relabel(project, index(ctx).name(), version, labels);
    if (after == null) {
      throw new NoSuchElementException(noVersion(ctx.pathParam("name"), version));
    }
    audit.record(project, Api.keyId(ctx), "prompt.labels", after.name() + "@" + version, Map.of("labels", labels));
    PromptVersion v = store.version(project, after.name(), version);
    return Json.ok(g -> PromptJson.write(g, v, after.labelsOf(version)));
  }

  private HttpResponse compile(ServiceRequestContext ctx, JsonNode body) {
    if (body == null || !body.isObject()) {
      throw new IllegalArgumentException("body: must be {\"variables\": {…}, \"version\" or \"label\"}");
    }
    PromptJson.known(body, Set.of("variables", "version", "label"));
    JsonNode version = body.get("version");
    JsonNode label = body.get("label");
    if (version != null && !version.isNull() && !version.canConvertToExactIntegral()) {
      throw new IllegalArgumentException("version: must be a whole number from 1");
    }
    if (label != null && !label.isNull() && !label.isTextual()) {
      throw new IllegalArgumentException("label: must be a string");
    }
    PromptIndex index = index(ctx);
    PromptVersion v = resolve(ctx, index, version == null || version.isNull() ? null : version.asText(),
        label == null || label.isNull() ? null : label.asText());
    PromptCompiler.Compiled c = PromptCompiler.compile(v, body.get("variables"));
    return Json.ok(g -> {
      g.writeStartObject();
      g.writeStringField("name", v.name());
      g.writeNumberField("version", v.version());
      g.writeStringField("type", v.type().wireName());
      g.writeFieldName("compiled");
      JSON.writeTree(g, c.compiled());
      g.writeFieldName("config");
      JSON.writeTree(g, v.config());
      PromptJson.writeStrings(g, "labels", index.labelsOf(v.version()));
      PromptJson.writeStrings(g, "unusedVariables", c.unusedVariables());
      g.writeEndObject();
    });
  }

  /** The prompt of the path's name. */
  private PromptIndex index(ServiceRequestContext ctx) {
    String name = PromptRules.name("name", ctx.pathParam("name"));
    PromptIndex index = store.index(Api.project(ctx), name);
    if (index == null) {
      throw new NoSuchElementException("no prompt named " + name + " in this project");
    }
    return index;
  }

  private PromptVersion resolve(ServiceRequestContext ctx, PromptIndex index, String version, String label) {
    if (version != null && label != null) {
      throw new IllegalArgumentException("label: give version or label, not both");
    }
    int n;
    if (version != null) {
      n = PromptRules.version("version", version);
    } else if (label != null) {
      Integer labelled = index.resolve(label);
      if (labelled == null) {
        throw new NoSuchElementException("prompt " + index.name() + " has no version labelled " + label);
      }
      n = labelled;
    } else {
      n = index.byDefault();
    }
    PromptVersion v = store.version(Api.project(ctx), index.name(), n);
    if (v == null) {
      throw new NoSuchElementException(noVersion(index.name(), n));
    }
    return v;
  }

  private static String noVersion(String name, int version) {
    return "prompt " + name + " has no version " + version;
  }

  private static void writeLabels(JsonGenerator g, Map<String, Integer> labels)
      throws IOException {
    g.writeObjectFieldStart("labels");
    for (Map.Entry<String, Integer> e : labels.entrySet()) {
      g.writeNumberField(e.getKey(), e.getValue());
    }
    g.writeEndObject();
  }

  /** Runs a route off the event loop: bad input is a 400, something unknown a 404. */
  private static HttpResponse run(ServiceRequestContext ctx, Supplier<HttpResponse> work) {
    return Api.blocking(ctx, () -> {
      try {
        return work.get();
      } catch (NoSuchElementException e) {
        return Json.error(HttpStatus.NOT_FOUND, e.getMessage());
      }
    });
  }

  private interface BodyRoute {
    HttpResponse answer(JsonNode body);
  }

  private static HttpResponse withBody(ServiceRequestContext ctx, HttpRequest req,
      BodyRoute route) {
    return HttpResponse.of(req.aggregate().thenApply((AggregatedHttpRequest body) -> run(ctx, () -> {
      if (body.content().length() > MAX_BODY) {
        throw new IllegalArgumentException("body: larger than " + MAX_BODY + " bytes");
      }
      return route.answer(read(body.contentUtf8()));
    })));
  }

  private static JsonNode read(String body) {
    try {
      return JSON.readTree(body.isEmpty() ? "null" : body);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(JsonErrors.malformed(e, 1000).getMessage());
    }
  }
}
