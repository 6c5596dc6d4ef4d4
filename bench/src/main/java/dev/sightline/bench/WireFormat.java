package dev.sightline.bench;

import java.util.Locale;
import java.util.function.Function;

/**
 * An ingest request format: the path it is posted to, its content type, its body encoder and the
 * status that acknowledges a batch.
 */
enum WireFormat {
  /** Sightline's own JSON batch API, what the SDK sends; 200 once the batch is durable. */
  NATIVE("/api/ingest", "application/json", 200, synthetic(b -> NativeBodies.encode(b, true))),
  /** The native API with generations that send their tokens but no cost: the server prices them. */
  NATIVE_NO_COST("/api/ingest", "application/json", 200,
      synthetic(b -> NativeBodies.encode(b, true, NativeBodies.Usage.NO_COST))),
  /** The native API with generations that send neither tokens nor cost: the server counts and prices them. */
  NATIVE_NO_USAGE("/api/ingest", "application/json", 200,
      synthetic(b -> NativeBodies.encode(b, true, NativeBodies.Usage.NONE))),
  /** The native API without input and output: metadata-only spans, for bytes per stored span. */
  METADATA("/api/ingest", "application/json", 200, synthetic(b -> NativeBodies.encode(b, false))),
  /** The native API carrying copies of the shared fixture traces (see {@link FixtureBodies}). */
  FIXTURES("/api/ingest", "application/json", 200, (spans, seed, start) -> FixtureBodies.encode(spans, start)),
  /** OTLP/HTTP protobuf with OpenTelemetry GenAI attributes, what an OpenTelemetry exporter sends. */
  OTLP("/v1/traces", "application/x-protobuf", 200, synthetic(OtlpBodies::encode)),
  /**
   * Zipkin v2 JSON, for a Zipkin server (not Sightline), which answers 202 Accepted once the spans
   * are decoded and handed to its storage executor, before they are stored.
   */
  ZIPKIN("/api/v2/spans", "application/json", 202, synthetic(ZipkinBodies::encode));

  private final String path;
  private final String contentType;
  private final int acknowledged;
  private final Encoder encoder;

  WireFormat(String path, String contentType, int acknowledged, Encoder encoder) {
    this.path = path;
    this.contentType = contentType;
    this.acknowledged = acknowledged;
    this.encoder = encoder;
  }

  /** {@code native}, {@code metadata}, {@code fixtures}, {@code otlp} or {@code zipkin}. */
  static WireFormat named(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }

  String path() {
    return path;
  }

  String contentType() {
    return contentType;
  }

  /** The HTTP status with which the server accepts a whole batch. */
  int acknowledged() {
    return acknowledged;
  }

  /** The name {@link #named} takes. */
  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Bodies of {@code spans} spans drawn from {@code seed} (see {@link SyntheticBatch#generate}), or of fixtures. */
  BodyTemplate template(int spans, long seed, long startMicros) {
    return encoder.template(spans, seed, startMicros);
  }

  /** Makes the bodies of a format. */
  private interface Encoder {
    BodyTemplate template(int spans, long seed, long startMicros);
  }

  /** An encoder of the traces {@link SyntheticBatch#generate} draws, the same for every format. */
  private static Encoder synthetic(Function<SyntheticBatch, BodyTemplate> encode) {
    return (spans, seed, startMicros) -> encode.apply(SyntheticBatch.generate(spans, seed, startMicros));
  }
}
