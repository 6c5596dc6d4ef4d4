package dev.sightline.bench;

import java.util.Locale;
import java.util.function.Function;

/** An ingest request format: the path it is posted to, its content type and its body encoder. */
enum WireFormat {
  /** Sightline's own JSON batch API, what the SDK sends. */
  NATIVE("/api/ingest", "application/json", NativeBodies::encode),
  /** OTLP/HTTP protobuf with OpenTelemetry GenAI attributes, what an OpenTelemetry exporter sends. */
  OTLP("/v1/traces", "application/x-protobuf", OtlpBodies::encode);

  private final String path;
  private final String contentType;
  private final Function<SyntheticBatch, BodyTemplate> encoder;

  WireFormat(String path, String contentType, Function<SyntheticBatch, BodyTemplate> encoder) {
    this.path = path;
    this.contentType = contentType;
    this.encoder = encoder;
  }

  /** {@code native} or {@code otlp}. */
  static WireFormat named(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }

  String path() {
    return path;
  }

  String contentType() {
    return contentType;
  }

  /** The name {@link #named} takes. */
  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Bodies of {@code spans} spans drawn from {@code seed}; see {@link SyntheticBatch#generate}. */
  BodyTemplate template(int spans, long seed, long startMicros) {
    return encoder.apply(SyntheticBatch.generate(spans, seed, startMicros));
  }
}
