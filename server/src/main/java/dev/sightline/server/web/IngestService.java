package dev.sightline.server.web;

import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import dev.sightline.server.ingest.BatchDecoder;
import dev.sightline.server.ingest.DecodedBatch;
import dev.sightline.server.ingest.Format;
import dev.sightline.server.ingest.Gzip;
import dev.sightline.server.ingest.IngestException;
import dev.sightline.server.ingest.ItemError;
import dev.sightline.server.pipeline.IngestPipeline;
import dev.sightline.server.pipeline.QueueFullException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code POST /api/ingest}: decodes a batch, queues its valid items for the write-ahead log and
 * answers once they are durable, with a result per rejected item. 200 when all items were taken,
 * 207 when some were rejected, 400 when none was; 429 with {@code Retry-After} when the queue is
 * full.
 */
final class IngestService implements HttpService {
  private final BatchDecoder decoder;
  private final IngestPipeline pipeline;
  private final RejectCounter rejects;
  private final IngestBudget budget;
  private final int maxBodyBytes;

  IngestService(BatchDecoder decoder, IngestPipeline pipeline, RejectCounter rejects,
      IngestBudget budget, int maxBodyBytes) {
    this.decoder = decoder;
    this.pipeline = pipeline;
    this.rejects = rejects;
    this.budget = budget;
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
    long receivedAt = TimeUnit.MILLISECONDS.toMicros(System.currentTimeMillis());
    String project = Api.project(ctx);
    return HttpResponse.of(req.aggregate().thenComposeAsync(
        agg -> handle(ctx, agg, project, receivedAt), ctx.blockingTaskExecutor()));
  }

  private CompletableFuture<HttpResponse> handle(ServiceRequestContext ctx, AggregatedHttpRequest req,
      String project, long receivedAt) {
    MediaType type = req.contentType();
    if (type != null && !type.is(MediaType.JSON) && !type.subtype().endsWith("json")) {
      return done(refuse(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported", "Content-Type must be application/json"));
    }
    String encoding = req.headers().get(HttpHeaderNames.CONTENT_ENCODING);
    boolean gzip = encoding != null && encoding.equalsIgnoreCase("gzip");
    if (encoding != null && !gzip && !encoding.equalsIgnoreCase("identity")) {
      return done(refuse(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported", "Content-Encoding must be gzip or identity"));
    }
    byte[] body = req.content().array();
    DecodedBatch batch;
    try {
      byte[] plain = gzip ? Gzip.decompress(body, maxBodyBytes) : body;
      HttpResponse overBudget = gzip ? budget.charge(ctx, plain.length) : null;
      if (overBudget != null) {
        return done(overBudget);
      }
      batch = decoder.decode(plain, project, receivedAt);
    } catch (IngestException e) {
      return done(refuse(HttpStatus.valueOf(e.status()), e.status() == 413 ? "too_large" : "malformed", e.getMessage()));
    }
    if (!batch.errors().isEmpty()) {
      rejects.count("invalid_item", batch.errors().size());
    }
    if (batch.rows().isEmpty()) {
      return done(result(batch));
    }
    try {
      return pipeline.submit(project, receivedAt, Format.NATIVE, body, gzip, batch.rows())
          .handle((ok, failure) -> failure == null ? result(batch)
              : refuse(HttpStatus.SERVICE_UNAVAILABLE, "unavailable", "could not store the batch; retry"));
    } catch (QueueFullException e) {
      rejects.count("queue_full", 1);
      return done(Json.retryLater(e.getMessage()));
    }
  }

  private static HttpResponse result(DecodedBatch batch) {
    int accepted = batch.rows().size();
    HttpStatus status = batch.errors().isEmpty() ? HttpStatus.OK
        : accepted == 0 ? HttpStatus.BAD_REQUEST : HttpStatus.MULTI_STATUS;
    return Json.of(status, g -> {
      g.writeStartObject();
      g.writeNumberField("accepted", accepted);
      g.writeNumberField("rejected", batch.errors().size());
      g.writeArrayFieldStart("errors");
      for (ItemError e : batch.errors()) {
        g.writeStartObject();
        g.writeNumberField("index", e.index());
        g.writeStringField("message", e.message());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    });
  }

  private HttpResponse refuse(HttpStatus status, String reason, String message) {
    rejects.count(reason, 1);
    return Json.error(status, message);
  }

  private static CompletableFuture<HttpResponse> done(HttpResponse response) {
    return CompletableFuture.completedFuture(response);
  }
}
