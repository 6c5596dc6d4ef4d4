package dev.sightline.server.otlp;

import dev.sightline.core.codec.DecodedBatch;
import dev.sightline.core.codec.RequestDecoder;
import java.util.Collections;

/**
 * Decodes an OTLP {@code ExportTraceServiceRequest} in OTLP's JSON encoding (OTLP/HTTP
 * {@code application/json}: hex ids, lowerCamelCase keys, 64-bit integers as strings, enums as
 * integers) into rows, exactly as {@link OtlpProtobufDecoder} does the protobuf form.
 * Deterministic and thread-safe.
 */
public final class OtlpJsonDecoder implements RequestDecoder {
  private final OtlpJsonReader reader = new OtlpJsonReader();

  @Override
  public DecodedBatch decode(byte[] body, String projectId, long receivedAt) {
    return TraceRequestMapper.map(reader.read(body), Collections.emptySortedMap(), projectId, receivedAt);
  }
}
