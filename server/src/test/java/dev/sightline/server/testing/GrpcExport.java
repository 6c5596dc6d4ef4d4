package dev.sightline.server.testing;

import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.RequestHeadersBuilder;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;

/**
 * Calls OTLP/gRPC {@code TraceService/Export} by hand over HTTP/2 (Armeria's client), to send what
 * a well-behaved exporter never would and to read the status wherever the server put it (trailers,
 * or the headers of a trailers-only answer).
 */
public final class GrpcExport {
  public static final String PATH = "/opentelemetry.proto.collector.trace.v1.TraceService/Export";

  /**
   * @param status the {@code grpc-status} code
   * @param message the decoded {@code grpc-message}, or null
   * @param details the decoded {@code grpc-status-details-bin} (a {@code google.rpc.Status}), or null
   * @param response the response message of a successful call (without its frame), or null
   */
  public record Answer(int httpStatus, int status, String message, byte[] details, byte[] response) {}

  /** Exports one protobuf message, gzip-compressed if asked. */
  public static Answer export(int port, String key, byte[] message, boolean gzip) {
    byte[] payload = gzip ? Batch.gzip(message) : message;
    ByteBuffer frame = ByteBuffer.allocate(5 + payload.length).put((byte) (gzip ? 1 : 0))
        .putInt(payload.length).put(payload);
    return call(port, key, frame.array(), "application/grpc", gzip ? "gzip" : null);
  }

  /** Sends a raw body (frames and all) with this content type and {@code grpc-encoding} (null: none). */
  public static Answer call(int port, String key, byte[] body, String contentType, String grpcEncoding) {
    RequestHeadersBuilder headers = RequestHeaders.builder(HttpMethod.POST, PATH)
        .contentType(MediaType.parse(contentType)).add("te", "trailers");
    if (key != null) {
      headers.add("authorization", "Bearer " + key);
    }
    if (grpcEncoding != null) {
      headers.add("grpc-encoding", grpcEncoding);
    }
    AggregatedHttpResponse r = WebClient.builder("h2c://127.0.0.1:" + port)
        .responseTimeout(Duration.ofSeconds(30)).build()
        .execute(headers.build(), HttpData.wrap(body)).aggregate().join();
    String status = header(r, "grpc-status");
    String message = header(r, "grpc-message");
    String details = header(r, "grpc-status-details-bin");
    byte[] content = r.content().array();
    return new Answer(r.status().code(), status == null ? -1 : Integer.parseInt(status),
        message == null ? null : URLDecoder.decode(message.replace("+", "%2B"), StandardCharsets.UTF_8),
        details == null ? null : Base64.getDecoder().decode(details),
        content.length >= 5 ? Arrays.copyOfRange(content, 5, content.length) : null);
  }

  /** A header of a trailers-only answer, else the trailer. */
  private static String header(AggregatedHttpResponse r, String name) {
    String value = r.headers().get(name);
    return value != null ? value : r.trailers().get(name);
  }

  private GrpcExport() {}
}
