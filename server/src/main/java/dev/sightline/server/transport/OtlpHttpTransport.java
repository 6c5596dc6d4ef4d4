package dev.sightline.server.transport;

import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceErrorHandler;
import dev.sightline.core.codec.DecodedBatch;
import dev.sightline.server.collector.Collector;
import dev.sightline.server.collector.Format;
import dev.sightline.server.collector.FormatDecoders;
import dev.sightline.server.collector.IngestBudget;
import dev.sightline.server.http.Authenticator;
import dev.sightline.server.http.RejectCounter;
import dev.sightline.server.otlp.OtlpWire;
import java.util.List;

/**
 * OTLP/HTTP {@code POST /v1/traces}: an {@code ExportTraceServiceRequest} in protobuf
 * ({@code application/x-protobuf}) or OTLP's JSON ({@code application/json}), optionally gzip.
 * Answers in the request's encoding: 200 with an {@code ExportTraceServiceResponse} (its partial
 * success counts and names rejected spans); failures with a {@code google.rpc.Status} body: 400
 * for malformed data or when every span was rejected, 401 without a valid key, 413 too large, 415
 * for another content type or encoding, 429 with {@code Retry-After} when the queue is full, 503
 * when the log cannot be written (both retryable for OTLP clients).
 */
final class OtlpHttpTransport implements Transport {
  static final String PATH = "/v1/traces";

  /** Unauthenticated requests get a Status too, in their own encoding. */
  static final Authenticator.Refusal REFUSAL =
      (request, denial, message) -> answers(isJson(request.contentType())).refused(denial.status(), message);

  /** OTLP's other signals, which Sightline does not take: a clear 404 rather than the web UI's 405. */
  static final List<String> OTHER_SIGNALS = List.of("/v1/metrics", "/v1/logs");
  static final HttpService NOT_TAKEN = (ctx, req) -> answers(isJson(req.contentType())).refused(
      HttpStatus.NOT_FOUND, "Sightline takes OTLP traces only (" + PATH + "); turn this signal's exporter off");

  @Override
  public Answers answers(RequestHeaders headers) {
    // A request in neither encoding is told so in JSON, the one a person can read.
    return answers(!isProtobuf(headers.contentType()));
  }

  @Override
  public Framed unwrap(AggregatedHttpRequest req) {
    MediaType type = req.contentType();
    if (!isJson(type) && !isProtobuf(type)) {
      return Framed.unsupported("Content-Type must be application/x-protobuf or application/json");
    }
    return TransportService.httpBody(req, isJson(type) ? Format.OTLP_JSON : Format.OTLP_PROTOBUF);
  }

  /** Answers 413 with a Status for a body over the limit. */
  static ServiceErrorHandler tooLarge(RejectCounter rejects, int limit) {
    return TransportService.tooLarge(rejects, c -> answers(isJson(c.request().contentType()))
        .refused(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "body: larger than " + limit + " bytes"));
  }

  private static boolean isJson(MediaType type) {
    return type != null && type.is(MediaType.JSON);
  }

  private static boolean isProtobuf(MediaType type) {
    return type != null && (type.is(MediaType.X_PROTOBUF) || type.is(MediaType.PROTOBUF));
  }

  private static Answers answers(boolean json) {
    MediaType type = json ? MediaType.JSON : MediaType.X_PROTOBUF;
    return new Answers() {
      @Override
      public HttpResponse decoded(DecodedBatch batch) {
        if (OtlpWire.allRejected(batch)) {
          return refused(HttpStatus.BAD_REQUEST, OtlpWire.rejections(batch));
        }
        return HttpResponse.of(HttpStatus.OK, type, OtlpWire.response(batch, json));
      }

      @Override
      public HttpResponse refused(HttpStatus status, String message) {
        int code = OtlpWire.code(status);
        return HttpResponse.of(status, type, json ? OtlpWire.statusJson(code, message)
            : OtlpWire.status(code, message, null));
      }

      @Override
      public HttpResponse busy(String message, long retryAfterSeconds) {
        return refused(HttpStatus.TOO_MANY_REQUESTS, message)
            .mapHeaders(h -> h.toBuilder().set(HttpHeaderNames.RETRY_AFTER, Long.toString(retryAfterSeconds)).build());
      }

      @Override
      public HttpResponse unavailable(String message) {
        return refused(HttpStatus.SERVICE_UNAVAILABLE, message).mapHeaders(h -> h.toBuilder()
            .set(HttpHeaderNames.RETRY_AFTER, Integer.toString(Collector.UNAVAILABLE_RETRY_SECONDS)).build());
      }
    };
  }
}
