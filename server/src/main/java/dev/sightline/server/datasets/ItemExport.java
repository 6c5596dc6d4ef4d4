package dev.sightline.server.datasets;

import com.fasterxml.jackson.core.JsonGenerator;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpResponseWriter;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.ServiceRequestContext;
import dev.sightline.server.http.Api;
import dev.sightline.server.http.ErrorLog;
import dev.sightline.server.http.Json;
import dev.sightline.server.query.ChunkedBody;
import dev.sightline.server.query.Params;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * {@code GET /api/datasets/{name}/items.jsonl}: the dataset's items (by {@code archived}, as the
 * listing), oldest first, one JSON object per line, streamed in chunks so that memory holds one
 * chunk whatever the dataset's size. A failure midway aborts the response, so a cut export is
 * never taken for a whole one.
 */
final class ItemExport {
  private static final MediaType NDJSON = MediaType.parse("application/x-ndjson; charset=utf-8");

  private ItemExport() {}

  static HttpResponse serve(ServiceRequestContext ctx, DatasetStore store, String name) {
    String project = Api.project(ctx);
    DatasetStore.Archived which;
    try {
      Params p = new Params(ctx.queryParams());
      which = DatasetRoutes.archived(p.string("archived"));
      p.rejectUnknown();
    } catch (IllegalArgumentException e) {
      ErrorLog.rejected(ctx, e.getMessage());
      return Json.error(HttpStatus.BAD_REQUEST, e.getMessage());
    }
    if (store.get(project, name).isEmpty()) {
      return Json.error(HttpStatus.NOT_FOUND, "the project has no dataset " + name);
    }
    ctx.clearRequestTimeout();
    HttpResponseWriter out = HttpResponse.streaming();
    out.write(ResponseHeaders.of(HttpStatus.OK, "content-type", NDJSON));
    ctx.blockingTaskExecutor().execute(() -> {
      ChunkedBody body = new ChunkedBody(out);
      try (JsonGenerator g = Json.lines(body)) {
        store.forEachItem(project, name, which, item -> {
          try {
            g.writeStartObject();
            StoredLines.writeItemFields(g, item);
            g.writeEndObject();
            g.writeRaw('\n');
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
        g.flush();
        body.send();
        out.close();
      } catch (IOException | RuntimeException e) {
        if (!(e instanceof ChunkedBody.ClientGone)) {
          ErrorLog.cause(ctx, e);
        }
        out.abort(e);
      }
    });
    return out;
  }
}
