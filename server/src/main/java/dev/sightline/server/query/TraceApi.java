package dev.sightline.server.query;

import com.fasterxml.jackson.core.JsonGenerator;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.server.ServiceRequestContext;
import dev.sightline.core.codec.RowJson;
import dev.sightline.core.model.Row;
import dev.sightline.core.model.Schema;
import dev.sightline.core.storage.Page;
import dev.sightline.core.storage.SpanQuery;
import dev.sightline.core.storage.StorageReader;
import dev.sightline.core.storage.TraceData;
import dev.sightline.core.storage.TraceQuery;
import dev.sightline.server.http.Api;
import dev.sightline.server.http.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Trace and span reads: {@code /api/traces}, {@code /api/traces/{id}}, {@code /api/references/{id}}, {@code /api/spans}. */
final class TraceApi {
  /** Ids as stored (lower-cased); any other text names no trace or span, whatever the backend. */
  private static final Pattern TRACE_ID = Pattern.compile("[0-9a-f]{32}");
  private static final Pattern SPAN_ID = Pattern.compile("[0-9a-f]{16}");

  private final StorageReader storage;
  private final RetentionWindow window;

  TraceApi(StorageReader storage, RetentionWindow window) {
    this.storage = storage;
    this.window = window;
  }

  /** A page of traces, each with its scores. */
  HttpResponse list(ServiceRequestContext ctx) {
    Params p = new Params(ctx.queryParams());
    String project = Api.project(ctx);
    TraceQuery query = new TraceQuery(project, window.clamp(project, p.filter()), p.sort(), p.ascending(),
        p.limit(50), p.cursor());
    boolean iso = p.isoTimes();
    p.rejectUnknown();
    Page<Row> page = storage.traces(query);
    List<String> ids = new ArrayList<>();
    page.items().forEach(t -> ids.add(t.string(Schema.TRACE_ID)));
    Map<String, List<Row>> scores = new HashMap<>();
    if (!ids.isEmpty()) {
      for (Row s : storage.scoresOfTraces(project, ids)) {
        scores.computeIfAbsent(s.string(Schema.TRACE_ID), k -> new ArrayList<>()).add(s);
      }
    }
    return Json.ok(g -> writePage(g, page, (gen, trace) -> {
      gen.writeStartObject();
      RowJson.writeFields(gen, trace);
      gen.writeArrayFieldStart("scores");
      for (Row s : scores.getOrDefault(trace.string(Schema.TRACE_ID), List.of())) {
        RowJson.write(gen, s);
      }
      gen.writeEndArray();
      gen.writeEndObject();
    }), iso);
  }

  /** One trace as a tree with rollups; {@code payloads=false} leaves the spans' payloads out. */
  HttpResponse get(ServiceRequestContext ctx, String traceId) {
    String id = traceId.toLowerCase(Locale.ROOT);
    return tree(ctx, TRACE_ID.matcher(id).matches() ? Optional.of(id) : Optional.empty(), "trace " + traceId);
  }

  /** The trace with a caller's reference id, as a tree. */
  HttpResponse byReference(ServiceRequestContext ctx, String referenceId) {
    return tree(ctx, storage.traceIdByReference(Api.project(ctx), referenceId), "reference id " + referenceId);
  }

  /** One span of a trace with all its fields (for a tree read without payloads). */
  HttpResponse span(ServiceRequestContext ctx, String traceId, String spanId) {
    Params p = new Params(ctx.queryParams());
    boolean iso = p.isoTimes();
    p.rejectUnknown();
    String id = spanId.toLowerCase(Locale.ROOT);
    String trace = traceId.toLowerCase(Locale.ROOT);
    Optional<Row> span = TRACE_ID.matcher(trace).matches() && SPAN_ID.matcher(id).matches()
        ? storage.span(Api.project(ctx), trace, id).filter(s -> !window.expired(Api.project(ctx), s))
        : Optional.empty();
    if (span.isEmpty()) {
      return Json.error(HttpStatus.NOT_FOUND, "no span " + spanId + " in trace " + traceId + " in this project");
    }
    return Json.ok(g -> RowJson.write(g, span.get()), iso);
  }

  /** A page of spans. */
  HttpResponse spans(ServiceRequestContext ctx) {
    Params p = new Params(ctx.queryParams());
    String project = Api.project(ctx);
    SpanQuery query = new SpanQuery(project, window.clamp(project, p.filter()), p.string("type"), p.sort(),
        p.ascending(), p.limit(50), p.cursor());
    boolean iso = p.isoTimes();
    p.rejectUnknown();
    Page<Row> page = storage.spans(query);
    return Json.ok(g -> writePage(g, page, RowJson::write), iso);
  }

  private HttpResponse tree(ServiceRequestContext ctx, Optional<String> traceId, String what) {
    Params p = new Params(ctx.queryParams());
    Boolean param = p.bool("payloads");
    boolean iso = p.isoTimes();
    p.rejectUnknown();
    boolean payloads = param == null || param;
    Optional<TraceData> data = traceId.flatMap(id -> storage.trace(Api.project(ctx), id, payloads))
        .filter(d -> !window.expired(Api.project(ctx), d.trace()));
    if (data.isEmpty()) {
      return Json.error(HttpStatus.NOT_FOUND, "no " + what + " in this project");
    }
    TraceTree tree = new TraceTree(data.get());
    return Json.ok(g -> tree.write(g, payloads), iso);
  }

  /** Writes one item of a page. */
  interface ItemWriter<T> {
    void write(JsonGenerator g, T item) throws IOException;
  }

  /** {@code {"items": [...], "nextCursor": "..." | null}}. */
  static <T> void writePage(JsonGenerator g, Page<T> page, ItemWriter<T> item) throws IOException {
    g.writeStartObject();
    g.writeArrayFieldStart("items");
    for (T t : page.items()) {
      item.write(g, t);
    }
    g.writeEndArray();
    g.writeStringField("nextCursor", page.nextCursor());
    g.writeEndObject();
  }
}
