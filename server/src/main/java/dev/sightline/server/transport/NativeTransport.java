package dev.sightline.server.transport;

import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import dev.sightline.core.codec.DecodedBatch;
import dev.sightline.core.codec.ItemError;
import dev.sightline.server.collector.Collector;
import dev.sightline.server.collector.Format;
import dev.sightline.server.collector.IngestBudget;
import dev.sightline.server.http.Json;

/**
 * {@code POST /api/ingest}: decodes a batch, queues its valid items for the write-ahead log and
 * answers once they are durable, with a result per rejected item. 200 when all items were taken,
 * 207 when some were rejected, 400 when none was; 429 with {@code Retry-After} when the queue is
 * full; 503 with {@code Retry-After} when nothing can be stored now (a full disk).
 */
final class NativeTransport implements Transport {
  private static final Answers ANSWERS = new JsonAnswers() {
    @Override
    public HttpResponse decoded(DecodedBatch batch) {
      return result(batch);
    }
  };

  /** The answers of the native API's errors, {@code {"error": ...}}, shared by its routes. */
  abstract static class JsonAnswers implements Answers {
    @Override
    public HttpResponse refused(HttpStatus status, String message) {
      return Json.error(status, message);
    }

    @Override
    public HttpResponse busy(String message, long retryAfterSeconds) {
      return Json.retryLater(message, retryAfterSeconds);
    }

    @Override
    public HttpResponse unavailable(String message) {
      return Json.error(HttpStatus.SERVICE_UNAVAILABLE, message).mapHeaders(h -> h.toBuilder()
          .set(HttpHeaderNames.RETRY_AFTER, Integer.toString(Collector.UNAVAILABLE_RETRY_SECONDS)).build());
    }
  }

  @Override
  public Answers answers(RequestHeaders headers) {
    return ANSWERS;
  }

  @Override
  public Framed unwrap(AggregatedHttpRequest req) {
    Framed refused = unsupportedType(req);
    return refused != null ? refused : TransportService.httpBody(req, Format.NATIVE);
  }

  /**
   * The refusal of a request that is not uncompressed JSON, or null: for the routes that read the
   * body themselves before it is logged.
   */
  static Framed notPlainJson(AggregatedHttpRequest req) {
    Framed refused = unsupportedType(req);
    String encoding = req.headers().get(HttpHeaderNames.CONTENT_ENCODING);
    if (refused == null && encoding != null && !encoding.equalsIgnoreCase("identity")) {
      return Framed.unsupported("Content-Encoding must be identity (absent) here; /api/ingest takes gzip");
    }
    return refused;
  }

  /** The refusal of a request whose {@code Content-Type} is not JSON, or null. */
  static Framed unsupportedType(AggregatedHttpRequest req) {
    MediaType type = req.contentType();
    if (type != null && !type.is(MediaType.JSON) && !type.subtype().endsWith("json")) {
      return Framed.unsupported("Content-Type must be application/json");
    }
    return null;
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
}
