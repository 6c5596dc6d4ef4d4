package dev.sightline.server.datasets;

import com.fasterxml.jackson.databind.JsonNode;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServiceRequestContext;
import dev.sightline.core.storage.Filter;
import dev.sightline.core.storage.StorageReader;
import dev.sightline.server.auth.AuditLog;
import dev.sightline.server.collector.Collector;
import dev.sightline.server.governance.SettingsStore;
import dev.sightline.server.http.Api;
import dev.sightline.server.http.Json;
import dev.sightline.server.http.RouteMethods;
import dev.sightline.server.query.Params;
import dev.sightline.server.query.RetentionWindow;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The dataset API under {@code /api/datasets} (see docs/api.md, "Datasets"): datasets, their items
 * (added, copied from spans, archived, exported) and their runs. An unknown dataset is a 404, a bad
 * field a 400 naming it; writes need a key that may write, and creations and additions are
 * recorded in the audit log.
 */
public final class DatasetRoutes {
  private static final String PATH = "/api/datasets";
  private static final String ONE = PATH + "/{name}";

  private final DatasetStore store;
  private final AuditLog audit;
  private final SpanItems spans;
  private final RetentionWindow window;
  private final Experiments experiments;
  private final RunViews runs;

  private DatasetRoutes(DatasetStore store, StorageReader storage, RetentionWindow window, Collector collector,
      AuditLog audit, Function<String, String> env) {
    this.store = store;
    this.audit = audit;
    this.window = window;
    this.spans = new SpanItems(storage, window);
    this.experiments = new Experiments(store, new ScoreWriter(collector), env);
    this.runs = new RunViews(store, storage, window);
  }

  /**
   * Behind the {@code /api/} authenticator the caller installs.
   *
   * @param collector where evaluator scores of runs are written, as ingested scores are
   * @param env the server's environment variables, read by remote evaluators for their API keys
   */
  public static void install(ServerBuilder sb, DatasetStore store, StorageReader storage, SettingsStore settings,
      Clock clock, Collector collector, AuditLog audit, Function<String, String> env, RouteMethods methods) {
    DatasetRoutes r = new DatasetRoutes(store, storage, new RetentionWindow(settings, clock), collector, audit, env);
    route(sb, methods, HttpMethod.POST, PATH, (ctx, body) -> r.create(ctx, body));
    route(sb, methods, HttpMethod.GET, PATH, (ctx, body) -> r.list(ctx));
    route(sb, methods, HttpMethod.GET, ONE, (ctx, body) -> r.get(ctx, ctx.pathParam("name")));
    route(sb, methods, HttpMethod.POST, ONE + "/items", (ctx, body) -> r.addItems(ctx, ctx.pathParam("name"), body));
    route(sb, methods, HttpMethod.GET, ONE + "/items", (ctx, body) -> r.items(ctx, ctx.pathParam("name")));
    route(sb, methods, HttpMethod.POST, ONE + "/items/from-traces",
        (ctx, body) -> r.fromTraces(ctx, ctx.pathParam("name")));
    route(sb, methods, HttpMethod.GET, ONE + "/items/{id}",
        (ctx, body) -> r.item(ctx, ctx.pathParam("name"), ctx.pathParam("id")));
    route(sb, methods, HttpMethod.PATCH, ONE + "/items/{id}",
        (ctx, body) -> r.archive(ctx, ctx.pathParam("name"), ctx.pathParam("id"), body));
    sb.route().get(ONE + "/items.jsonl").build((ctx, req) -> ItemExport.serve(ctx, store, ctx.pathParam("name")));
    methods.add(HttpMethod.GET, ONE + "/items.jsonl");
    route(sb, methods, HttpMethod.POST, ONE + "/runs/{run}/items", (ctx, body) -> r.experiments.report(ctx,
        ctx.pathParam("name"), ctx.pathParam("run"), body));
    route(sb, methods, HttpMethod.GET, ONE + "/runs", (ctx, body) -> r.runs(ctx, ctx.pathParam("name"), null));
    route(sb, methods, HttpMethod.GET, ONE + "/runs/{run}",
        (ctx, body) -> r.runs(ctx, ctx.pathParam("name"), ctx.pathParam("run")));
  }

  /** A route's work: the request body (empty for a GET) to an answer. */
  private interface Handler {
    HttpResponse handle(ServiceRequestContext ctx, String body);
  }

  private static void route(ServerBuilder sb, RouteMethods methods, HttpMethod method, String path, Handler h) {
    HttpService service = (ctx, req) -> HttpResponse.of(req.aggregate().thenApply(agg ->
        call(ctx, () -> h.handle(ctx, agg.contentUtf8()))));
    sb.route().methods(method).path(path).build(service);
    methods.add(method, path);
  }

  /** Runs work off the event loop; an unknown dataset is a 404, a bad field a 400. */
  static HttpResponse call(ServiceRequestContext ctx, Supplier<HttpResponse> work) {
    return Api.blocking(ctx, () -> {
      try {
        return work.get();
      } catch (DatasetStore.Missing e) {
        return Json.error(HttpStatus.NOT_FOUND, e.getMessage());
      }
    });
  }

  private HttpResponse create(ServiceRequestContext ctx, String body) {
    Dataset d = Definitions.read(body, System.currentTimeMillis() * 1000);
    String project = Api.project(ctx);
    if (!store.create(project, d)) {
      return Json.error(HttpStatus.CONFLICT, "name: the project already has a dataset " + d.name());
    }
    audit.record(project, Api.keyId(ctx), "dataset.create", d.name(), null);
    return Json.of(HttpStatus.CREATED, g -> Definitions.write(g, new Dataset.Summary(d, 0, 0, 0)));
  }

  private HttpResponse list(ServiceRequestContext ctx) {
    noParameters(ctx);
    List<Dataset.Summary> all = store.list(Api.project(ctx));
    return Json.ok(g -> {
      g.writeStartObject();
      g.writeArrayFieldStart("items");
      for (Dataset.Summary s : all) {
        Definitions.write(g, s);
      }
      g.writeEndArray();
      g.writeEndObject();
    });
  }

  private HttpResponse get(ServiceRequestContext ctx, String name) {
    noParameters(ctx);
    for (Dataset.Summary s : store.list(Api.project(ctx))) {
      if (s.dataset().name().equals(name)) {
        return Json.ok(g -> Definitions.write(g, s));
      }
    }
    throw new DatasetStore.Missing("the project has no dataset " + name);
  }

  private HttpResponse addItems(ServiceRequestContext ctx, String name, String body) {
    String project = Api.project(ctx);
    store.get(project, name).orElseThrow(() -> new DatasetStore.Missing("the project has no dataset " + name));
    List<DatasetItem> items = new ArrayList<>();
    for (ItemRequests.Requested r : ItemRequests.read(body)) {
      if (r.item() != null) {
        items.add(r.item());
        continue;
      }
      DatasetItem copied = spans.of(project, r.span(), r.at()).orElse(null);
      if (copied == null) {
        return Json.error(HttpStatus.NOT_FOUND, r.at() + "fromSpan: the project has no stored "
            + (r.span().spanId() == null ? "trace " + r.span().traceId()
                : "span " + r.span().spanId() + " in trace " + r.span().traceId()));
      }
      items.add(copied);
    }
    return added(ctx, name, store.add(project, name, items), Map.of());
  }

  /**
   * Records an addition in the audit log and answers it: 201 with the items and counts.
   *
   * @param counts more to say, e.g. the traces searched (in the answer and the audit entry)
   */
  private HttpResponse added(ServiceRequestContext ctx, String name, List<DatasetItem> items,
      Map<String, Integer> counts) {
    Map<String, Object> details = new LinkedHashMap<>(counts);
    details.put("added", items.size());
    audit.record(Api.project(ctx), Api.keyId(ctx), "dataset.items.add", name, details);
    return Json.of(HttpStatus.CREATED, g -> {
      g.writeStartObject();
      g.writeNumberField("added", items.size());
      for (Map.Entry<String, Integer> e : counts.entrySet()) {
        g.writeNumberField(e.getKey(), e.getValue());
      }
      g.writeArrayFieldStart("items");
      for (DatasetItem i : items) {
        g.writeStartObject();
        StoredLines.writeItemFields(g, i);
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    });
  }

  private HttpResponse fromTraces(ServiceRequestContext ctx, String name) {
    String project = Api.project(ctx);
    Params p = new Params(ctx.queryParams());
    Filter filter = window.clamp(project, p.filter());
    p.rejectUnknown();
    store.get(project, name).orElseThrow(() -> new DatasetStore.Missing("the project has no dataset " + name));
    SpanItems.Generations found = spans.generations(project, filter);
    List<DatasetItem> stored = found.items().isEmpty() ? List.of() : store.add(project, name, found.items());
    Map<String, Integer> counts = new LinkedHashMap<>();
    counts.put("traces", found.traces());
    counts.put("skipped", found.skipped());
    return added(ctx, name, stored, counts);
  }

  private HttpResponse items(ServiceRequestContext ctx, String name) {
    Params p = new Params(ctx.queryParams());
    DatasetStore.Archived which = archived(p.string("archived"));
    int limit = p.limit(50);
    String cursor = p.string("cursor");
    p.rejectUnknown();
    DatasetStore.ItemPage page = store.items(Api.project(ctx), name, which, limit, cursor);
    return Json.ok(g -> {
      g.writeStartObject();
      g.writeArrayFieldStart("items");
      for (DatasetItem i : page.items()) {
        g.writeStartObject();
        StoredLines.writeItemFields(g, i);
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeStringField("nextCursor", page.nextCursor());
      g.writeEndObject();
    });
  }

  /** {@code archived=false} (the default), {@code true} or {@code all}. */
  static DatasetStore.Archived archived(String v) {
    if (v == null || v.equals("false")) {
      return DatasetStore.Archived.EXCLUDED;
    }
    if (v.equals("true")) {
      return DatasetStore.Archived.ONLY;
    }
    if (v.equals("all")) {
      return DatasetStore.Archived.ALL;
    }
    throw new IllegalArgumentException("archived: must be true, false or all");
  }

  private HttpResponse item(ServiceRequestContext ctx, String name, String id) {
    noParameters(ctx);
    return store.item(Api.project(ctx), name, id).map(DatasetRoutes::itemAnswer)
        .orElseGet(() -> noItem(name, id));
  }

  private HttpResponse archive(ServiceRequestContext ctx, String name, String id, String body) {
    JsonNode n = Bodies.object(body);
    Bodies.known(n, "", Set.of("archived"));
    if (!n.path("archived").isBoolean()) {
      throw new IllegalArgumentException("archived: required, true or false");
    }
    return store.archive(Api.project(ctx), name, id, n.get("archived").asBoolean()).map(DatasetRoutes::itemAnswer)
        .orElseGet(() -> noItem(name, id));
  }

  private HttpResponse runs(ServiceRequestContext ctx, String name, String run) {
    noParameters(ctx);
    String project = Api.project(ctx);
    if (run == null) {
      store.runs(project, name); // a 404 before the answer is begun
      return Json.ok(g -> runs.writeRuns(g, project, name));
    }
    if (!store.runs(project, name).contains(run)) {
      return Json.error(HttpStatus.NOT_FOUND, "the dataset " + name + " has no run " + run);
    }
    return Json.ok(g -> runs.writeRun(g, project, name, run));
  }

  private static HttpResponse itemAnswer(DatasetItem i) {
    return Json.ok(g -> {
      g.writeStartObject();
      StoredLines.writeItemFields(g, i);
      g.writeEndObject();
    });
  }

  private static HttpResponse noItem(String name, String id) {
    return Json.error(HttpStatus.NOT_FOUND, "the dataset " + name + " has no item " + id);
  }

  private static void noParameters(ServiceRequestContext ctx) {
    new Params(ctx.queryParams()).rejectUnknown();
  }
}
