package dev.sightline.server.otlp;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Duration;
import com.linecorp.armeria.common.HttpStatus;
import dev.sightline.core.codec.DecodedBatch;
import dev.sightline.core.codec.ItemError;
import dev.sightline.server.http.Json;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * OTLP's answers as bytes, shared by OTLP/HTTP and OTLP/gRPC: the
 * {@code ExportTraceServiceResponse} with its partial success, and the {@code google.rpc.Status}
 * of a failure, in protobuf or in OTLP's JSON. Stateless.
 */
public final class OtlpWire {
  /** {@code google.rpc.Code} values OTLP answers use. */
  public static final int INVALID_ARGUMENT = 3;
  public static final int PERMISSION_DENIED = 7;
  public static final int RESOURCE_EXHAUSTED = 8;
  public static final int UNIMPLEMENTED = 12;
  public static final int UNAVAILABLE = 14;
  public static final int UNAUTHENTICATED = 16;
  /** How many rejected spans a message names. */
  private static final int LISTED = 5;
  private static final String RETRY_INFO = "type.googleapis.com/google.rpc.RetryInfo";

  /**
   * Whether every span was rejected: the request then fails as a whole (400, INVALID_ARGUMENT), as
   * OTLP answers a request it could not process, rather than succeeding with nothing taken.
   */
  public static boolean allRejected(DecodedBatch batch) {
    return !batch.errors().isEmpty() && batch.errors().size() == batch.items();
  }

  /** Says which spans were rejected and why: {@code 2 of 5 spans rejected: span 1 "chat": ...}. */
  public static String rejections(DecodedBatch batch) {
    StringBuilder out = new StringBuilder().append(batch.errors().size()).append(" of ")
        .append(batch.items()).append(" spans rejected: ");
    for (int i = 0; i < Math.min(LISTED, batch.errors().size()); i++) {
      ItemError e = batch.errors().get(i);
      out.append(i == 0 ? "" : "; ").append("span ").append(e.index()).append(' ').append(e.message());
    }
    if (batch.errors().size() > LISTED) {
      out.append("; and ").append(batch.errors().size() - LISTED).append(" more");
    }
    return out.toString();
  }

  /** The response to a request that was (at least partly) taken. */
  public static byte[] response(DecodedBatch batch, boolean json) {
    if (json) {
      return Json.bytes(g -> {
        g.writeStartObject();
        if (!batch.errors().isEmpty()) {
          g.writeObjectFieldStart("partialSuccess");
          g.writeStringField("rejectedSpans", Integer.toString(batch.errors().size()));
          g.writeStringField("errorMessage", rejections(batch));
          g.writeEndObject();
        }
        g.writeEndObject();
      });
    }
    ExportTraceServiceResponse.Builder response = ExportTraceServiceResponse.newBuilder();
    if (!batch.errors().isEmpty()) {
      response.setPartialSuccess(ExportTracePartialSuccess.newBuilder()
          .setRejectedSpans(batch.errors().size()).setErrorMessage(rejections(batch)));
    }
    return response.build().toByteArray();
  }

  /** A {@code google.rpc.Status} in protobuf, with a {@code RetryInfo} detail if a delay is given. */
  public static byte[] status(int code, String message, java.time.Duration retryDelay) {
    try {
      ByteString.Output bytes = ByteString.newOutput();
      CodedOutputStream out = CodedOutputStream.newInstance(bytes);
      out.writeInt32(1, code);
      out.writeString(2, message);
      if (retryDelay != null) {
        ByteString.Output retryInfo = ByteString.newOutput();
        CodedOutputStream info = CodedOutputStream.newInstance(retryInfo);
        info.writeMessage(1, Duration.newBuilder().setSeconds(retryDelay.getSeconds())
            .setNanos(retryDelay.getNano()).build());
        info.flush();
        out.writeMessage(3, Any.newBuilder().setTypeUrl(RETRY_INFO).setValue(retryInfo.toByteString()).build());
      }
      out.flush();
      return bytes.toByteString().toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory", e);
    }
  }

  /** A {@code google.rpc.Status} in JSON. */
  public static byte[] statusJson(int code, String message) {
    return Json.bytes(g -> {
      g.writeStartObject();
      g.writeNumberField("code", code);
      g.writeStringField("message", message);
      g.writeEndObject();
    });
  }

  /** The gRPC code of a refusal the ingestion steps express as an HTTP status. */
  public static int code(HttpStatus status) {
    switch (status.code()) {
      case 401: return UNAUTHENTICATED;
      case 404: return UNIMPLEMENTED;
      case 413: return RESOURCE_EXHAUSTED;
      case 429: return RESOURCE_EXHAUSTED;
      case 503: return UNAVAILABLE;
      default: return INVALID_ARGUMENT;
    }
  }

  private OtlpWire() {}
}
