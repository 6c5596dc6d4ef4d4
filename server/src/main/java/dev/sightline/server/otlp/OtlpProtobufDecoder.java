package dev.sightline.server.otlp;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.sightline.core.codec.DecodedBatch;
import dev.sightline.core.codec.IngestException;
import dev.sightline.core.codec.RequestDecoder;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.util.Collections;

/**
 * Decodes an OTLP {@code ExportTraceServiceRequest} in protobuf (OTLP/HTTP
 * {@code application/x-protobuf}, and the message of an OTLP/gRPC call) into rows; see
 * {@code docs/otlp.md} for the mapping. A span that cannot be stored is reported with its
 * position and its neighbours are kept, also a span with a string that is not UTF-8 (which
 * protobuf-java refuses for the whole request). Deterministic and thread-safe.
 */
public final class OtlpProtobufDecoder implements RequestDecoder {

  @Override
  public DecodedBatch decode(byte[] body, String projectId, long receivedAt) {
    try {
      return TraceRequestMapper.map(ExportTraceServiceRequest.parseFrom(body), Collections.emptySortedMap(),
          projectId, receivedAt);
    } catch (InvalidProtocolBufferException e) {
      if (!SpanwiseParser.INVALID_UTF8.equals(e.getMessage())) {
        throw malformed(e);
      }
    }
    // A string that is not UTF-8 fails the whole parse: parse again span by span, to reject only
    // the spans that hold one.
    SpanwiseParser.Split split;
    try {
      split = SpanwiseParser.parse(body);
    } catch (InvalidProtocolBufferException e) {
      throw malformed(e);
    }
    return TraceRequestMapper.map(split.request(), split.rejected(), projectId, receivedAt);
  }

  private static IngestException malformed(InvalidProtocolBufferException e) {
    return new IngestException(400, "body: not an OTLP ExportTraceServiceRequest in protobuf ("
        + e.getMessage() + ")");
  }
}
