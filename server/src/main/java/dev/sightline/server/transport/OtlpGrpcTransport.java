package dev.sightline.server.transport;

import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaders;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.ResponseHeadersBuilder;
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
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;

/**
 * OTLP/gRPC {@code opentelemetry.proto.collector.trace.v1.TraceService/Export}, spoken directly
 * over Armeria's HTTP/2: a unary gRPC call is one length-prefixed message each way and a status in
 * the trailers, so no gRPC runtime is needed. Messages may be gzip ({@code grpc-encoding}).
 * Failures are trailers-only answers: {@code UNAUTHENTICATED} without a valid key,
 * {@code INVALID_ARGUMENT} for malformed data or when every span was rejected,
 * {@code RESOURCE_EXHAUSTED} for a message over the size limit, and — retryable —
 * {@code RESOURCE_EXHAUSTED} with a {@code RetryInfo} of 1 s when the ingest queue is full,
 * {@code UNAVAILABLE} when the log cannot be written.
 */
final class OtlpGrpcTransport implements Transport {
  static final String PATH = "/opentelemetry.proto.collector.trace.v1.TraceService/Export";
  private static final MediaType GRPC = MediaType.create("application", "grpc");
  private static final int FRAME_HEADER = 5;

  static final Authenticator.Refusal REFUSAL =
      (request, denial, message) -> trailersOnly(grpcCode(denial), message, null);

  private static int grpcCode(Authenticator.Denial denial) {
    switch (denial) {
      case MALFORMED: return OtlpWire.INVALID_ARGUMENT;
      case FORBIDDEN: return OtlpWire.PERMISSION_DENIED;
      case THROTTLED: return OtlpWire.RESOURCE_EXHAUSTED;
      default: return OtlpWire.UNAUTHENTICATED;
    }
  }

  /** Any other method, on the port that speaks only gRPC. */
  static final HttpService UNIMPLEMENTED = (ctx, req) ->
      trailersOnly(OtlpWire.UNIMPLEMENTED, "unknown method " + ctx.path() + "; this port serves " + PATH, null);

  private static final Answers ANSWERS = new Answers() {
    @Override
    public HttpResponse decoded(DecodedBatch batch) {
      if (OtlpWire.allRejected(batch)) {
        return trailersOnly(OtlpWire.INVALID_ARGUMENT, OtlpWire.rejections(batch), null);
      }
      byte[] message = OtlpWire.response(batch, false);
      ByteBuffer frame = ByteBuffer.allocate(FRAME_HEADER + message.length)
          .put((byte) 0).putInt(message.length).put(message);
      return HttpResponse.of(ResponseHeaders.of(HttpStatus.OK, "content-type", GRPC),
          HttpData.wrap(frame.array()), HttpHeaders.of("grpc-status", "0"));
    }

    @Override
    public HttpResponse refused(HttpStatus status, String message) {
      return trailersOnly(OtlpWire.code(status), message, null);
    }

    @Override
    public HttpResponse busy(String message, long retryAfterSeconds) {
      return trailersOnly(OtlpWire.RESOURCE_EXHAUSTED, message, Duration.ofSeconds(retryAfterSeconds));
    }

    @Override
    public HttpResponse unavailable(String message) {
      return trailersOnly(OtlpWire.code(HttpStatus.SERVICE_UNAVAILABLE), message,
          Duration.ofSeconds(Collector.UNAVAILABLE_RETRY_SECONDS));
    }
  };

  /** A client that does not speak gRPC gets plain HTTP answers, as gRPC servers answer it. */
  private static final Answers NOT_GRPC = new Answers() {
    @Override
    public HttpResponse decoded(DecodedBatch batch) {
      throw new AssertionError("a request that is not gRPC is never decoded");
    }

    @Override
    public HttpResponse refused(HttpStatus status, String message) {
      return HttpResponse.of(status, MediaType.PLAIN_TEXT_UTF_8, message);
    }

    @Override
    public HttpResponse busy(String message, long retryAfterSeconds) {
      return refused(HttpStatus.TOO_MANY_REQUESTS, message);
    }

    @Override
    public HttpResponse unavailable(String message) {
      return refused(HttpStatus.SERVICE_UNAVAILABLE, message);
    }
  };

  @Override
  public Answers answers(RequestHeaders headers) {
    return isGrpc(headers.contentType()) ? ANSWERS : NOT_GRPC;
  }

  @Override
  public Framed unwrap(AggregatedHttpRequest req) {
    if (!isGrpc(req.contentType())) {
      return Framed.unsupported("Content-Type must be application/grpc");
    }
    byte[] body = req.content().array();
    if (body.length < FRAME_HEADER || (body[0] & 0xFE) != 0
        || ByteBuffer.wrap(body, 1, 4).getInt() != body.length - FRAME_HEADER) {
      return Framed.refused(HttpStatus.BAD_REQUEST, "malformed",
          "a unary call carries exactly one length-prefixed message");
    }
    boolean compressed = body[0] == 1;
    String encoding = req.headers().get("grpc-encoding");
    if (compressed && (encoding == null || !encoding.equalsIgnoreCase("gzip"))) {
      return Framed.unsupported("grpc-encoding must be gzip for a compressed message, not " + encoding);
    }
    return new Framed(Format.OTLP_PROTOBUF, Arrays.copyOfRange(body, FRAME_HEADER, body.length), compressed, null);
  }

  private static boolean isGrpc(MediaType type) {
    return type != null && type.type().equals("application")
        && (type.subtype().equals("grpc") || type.subtype().equals("grpc+proto"));
  }

  /** Answers {@code RESOURCE_EXHAUSTED} for a message over the limit. */
  static ServiceErrorHandler tooLarge(RejectCounter rejects, int limit) {
    return TransportService.tooLarge(rejects,
        c -> trailersOnly(OtlpWire.RESOURCE_EXHAUSTED, "message larger than " + limit + " bytes", null));
  }

  /** A gRPC failure: the status in the headers of an answer without body or trailers. */
  private static HttpResponse trailersOnly(int code, String message, Duration retryDelay) {
    ResponseHeadersBuilder headers = ResponseHeaders.builder(HttpStatus.OK).contentType(GRPC)
        .add("grpc-status", Integer.toString(code))
        .add("grpc-message", percentEncode(message));
    if (retryDelay != null) {
      headers.add("grpc-status-details-bin", Base64.getEncoder().withoutPadding()
          .encodeToString(OtlpWire.status(code, message, retryDelay)));
    }
    return HttpResponse.of(headers.build());
  }

  /** gRPC's encoding of {@code grpc-message}: UTF-8, with bytes outside printable ASCII and '%' as %XX. */
  private static String percentEncode(String message) {
    StringBuilder out = new StringBuilder(message.length());
    for (byte b : message.getBytes(StandardCharsets.UTF_8)) {
      if (b >= 0x20 && b <= 0x7E && b != '%') {
        out.append((char) b);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xF, 16)))
            .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
      }
    }
    return out.toString();
  }
}
