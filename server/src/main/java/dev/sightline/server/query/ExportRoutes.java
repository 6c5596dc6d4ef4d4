package dev.sightline.server.query;

import com.fasterxml.jackson.core.JsonGenerator;
import com.linecorp.armeria.common.HttpHeaders;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpResponseWriter;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServiceRequestContext;
import dev.sightline.core.storage.Filter;
import dev.sightline.core.storage.StorageReader;
import dev.sightline.server.governance.SettingsStore;
import dev.sightline.server.http.Api;
import dev.sightline.server.http.ErrorLog;
import dev.sightline.server.http.Json;
import dev.sightline.server.http.RouteMethods;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;

/**
 * {@code GET /api/export/traces} ({@code format=jsonl|otlp-json}) and
 * {@code GET /api/export/generations} ({@code format=openai-chat}): every trace, or generation, of
 * the project that matches the trace-list filters and lies inside the retention window, oldest
 * first, as JSON lines streamed in chunks (constant memory, no request timeout). A bad parameter
 * is a 400 before anything is streamed; the counts come last, as the trailers
 * {@code sightline-exported} (lines written) and {@code sightline-skipped} (what was left out), and
 * are logged. A failure midway aborts the response, so a client never takes a cut export for a
 * whole one.
 */
public final class ExportRoutes {
  private static final System.Logger LOG = System.getLogger(ExportRoutes.class.getName());
  private static final MediaType NDJSON = MediaType.parse("application/x-ndjson; charset=utf-8");

  private ExportRoutes() {}

  /** What an export request asked for, its parameters checked. */
  private record Request(Filter filter, ExportLines lines) {}

  /** Reads an export request's own parameters, and its checked filter, into the request. */
  private interface Format {
    Request of(Params p, Filter filter);
  }

  /** Behind the {@code /api/} authenticator; a read key suffices. */
  public static void install(ServerBuilder sb, StorageReader storage, SettingsStore settings, Clock clock,
      RouteMethods methods) {
    RetentionWindow window = new RetentionWindow(settings, clock);
    TraceStream traces = new TraceStream(storage, window);
    route(sb, methods, "/api/export/traces", traces, window,
        (p, filter) -> new Request(filter, traceLines(p.string("format"))));
    route(sb, methods, "/api/export/generations", traces, window, (p, filter) -> {
      String format = p.string("format");
      if (format != null && !format.equals("openai-chat")) {
        throw new IllegalArgumentException("format: must be openai-chat");
      }
      // The score conditions pick generations here (ChatLines), not traces by their mean score.
      Filter traceFilter = filter.toBuilder().scoreName(null).minScore(null).maxScore(null).build();
      return new Request(traceFilter, new ChatLines(p.string("model"), filter.scoreName(), filter.minScore(),
          filter.maxScore()));
    });
  }

  /**
   * Writes every trace of the project inside its retention window to {@code out} as
   * {@code GET /api/export/traces} streams it (the same bytes, without HTTP), then closes
   * {@code out}: the export as a benchmark or a tool in the server's process runs it.
   *
   * @param format {@code jsonl} or {@code otlp-json}
   * @return the lines written
   */
  public static long writeTraces(StorageReader storage, RetentionWindow window, String project, String format,
      OutputStream out) throws IOException {
    ExportLines lines = traceLines(format);
    try (JsonGenerator g = Json.lines(out)) {
      new TraceStream(storage, window).forEach(project, window.clamp(project, Filter.NONE), t -> lines.write(g, t));
    }
    return lines.written();
  }

  private static ExportLines traceLines(String format) {
    if (format == null || format.equals("jsonl")) {
      return new TraceLines();
    }
    if (format.equals("otlp-json")) {
      return new OtlpLines();
    }
    throw new IllegalArgumentException("format: must be jsonl or otlp-json (openai-chat is /api/export/generations)");
  }

  private static void route(ServerBuilder sb, RouteMethods methods, String path, TraceStream traces,
      RetentionWindow window, Format format) {
    sb.route().get(path).build((ctx, req) -> {
      String project = Api.project(ctx);
      Request request;
      try {
        Params p = new Params(ctx.queryParams());
        Filter filter = window.clamp(project, p.filter());
        request = format.of(p, filter);
        p.rejectUnknown();
      } catch (IllegalArgumentException e) {
        ErrorLog.rejected(ctx, e.getMessage());
        return Json.error(HttpStatus.BAD_REQUEST, e.getMessage());
      }
      ctx.clearRequestTimeout(); // an export of millions of spans takes minutes
      HttpResponseWriter out = HttpResponse.streaming();
      out.write(ResponseHeaders.of(HttpStatus.OK, "content-type", NDJSON));
      ctx.blockingTaskExecutor().execute(() -> run(ctx, traces, project, request, out));
      return out;
    });
    methods.add(HttpMethod.GET, path);
  }

  private static void run(ServiceRequestContext ctx, TraceStream traces, String project, Request request,
      HttpResponseWriter out) {
    ExportLines lines = request.lines();
    ChunkedBody body = new ChunkedBody(out);
    try (JsonGenerator g = Json.lines(body)) {
      traces.forEach(project, request.filter(), trace -> lines.write(g, trace));
      g.flush();
      body.send();
      out.write(HttpHeaders.of("sightline-exported", Long.toString(lines.written()),
          "sightline-skipped", Long.toString(lines.skipped())));
      out.close();
      LOG.log(System.Logger.Level.INFO, "export " + ctx.path() + " of project " + project + ": "
          + lines.written() + " lines written, " + lines.skipped() + " skipped");
    } catch (ChunkedBody.ClientGone e) {
      LOG.log(System.Logger.Level.INFO, "export " + ctx.path() + " of project " + project
          + " stopped: the client went away after " + lines.written() + " lines");
      out.abort(e);
    } catch (IOException | RuntimeException e) {
      ErrorLog.cause(ctx, e);
      out.abort(e);
    }
  }
}
