package dev.sightline.server.collector;

import dev.sightline.core.codec.NativeDecoder;
import dev.sightline.core.codec.RequestDecoder;
import dev.sightline.core.codec.RowsCodec;
import dev.sightline.server.otlp.OtlpJsonDecoder;
import dev.sightline.server.otlp.OtlpProtobufDecoder;

/**
 * The decoder of each request format, shared by the endpoints that take them and by the
 * write-ahead log's replay, so that a logged body is decoded again exactly as it was. Thread-safe.
 */
public final class FormatDecoders {
  private final NativeDecoder nativeBatches = new NativeDecoder();
  private final OtlpProtobufDecoder otlpProtobuf = new OtlpProtobufDecoder();
  private final OtlpJsonDecoder otlpJson = new OtlpJsonDecoder();
  private final RowsCodec rows = new RowsCodec();

  public RequestDecoder of(Format format) {
    switch (format) {
      case NATIVE: return nativeBatches;
      case OTLP_PROTOBUF: return otlpProtobuf;
      case OTLP_JSON: return otlpJson;
      case ROWS: return rows;
      case DELETION: throw new IllegalArgumentException("a deletion has no rows to decode");
      default: throw new AssertionError(format);
    }
  }
}
