package dev.sightline.server.ingest.otlp;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.sightline.server.ingest.DecodedBatch;
import dev.sightline.server.ingest.IngestException;
import dev.sightline.server.ingest.RequestDecoder;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;

/**
 * Decodes an OTLP {@code ExportTraceServiceRequest} in protobuf (OTLP/HTTP
 * {@code application/x-protobuf}, and the message of an OTLP/gRPC call) into rows; see
 * {@code docs/otlp.md} for the mapping. A span that cannot be stored is reported with its
 * position and its neighbours are kept. Deterministic and thread-safe.
 */
public final class OtlpProtobufDecoder implements RequestDecoder {

  @Override
  public DecodedBatch decode(byte[] body, String projectId, long receivedAt) {
    ExportTraceServiceRequest request;
    try {
      request = ExportTraceServiceRequest.parseFrom(body);
    } catch (InvalidProtocolBufferException e) {
      throw new IngestException(400, "body: not an OTLP ExportTraceServiceRequest in protobuf ("
          + e.getMessage() + ")");
    }
    return TraceRequestMapper.map(request, projectId, receivedAt);
  }
}
