package dev.sightline.server.collector;

/**
 * The wire formats the server ingests. The write-ahead log records each request's format with its
 * body, so replay decodes it exactly as the request was decoded; codes are stored on disk and must
 * never be renumbered.
 */
public enum Format {
  /** {@code POST /api/ingest}: {@code {"batch":[...]}} JSON. */
  NATIVE(0),
  /** OTLP {@code ExportTraceServiceRequest} as protobuf (OTLP/HTTP and OTLP/gRPC). */
  OTLP_PROTOBUF(1),
  /** OTLP {@code ExportTraceServiceRequest} as OTLP's JSON mapping (hex ids, int64 as strings). */
  OTLP_JSON(2),
  /**
   * Rows as the server wrote them ({@link dev.sightline.core.codec.RowsCodec}): what it logs in
   * place of a body it changed, such as one that masking rewrote. Never sent by clients.
   */
  ROWS(3),
  /** Traces to delete ({@link DeletionRecord}): not rows, applied in order with them. Never sent by clients. */
  DELETION(4);

  private final int code;

  Format(int code) {
    this.code = code;
  }

  /** The stable number stored in the write-ahead log. */
  public int code() {
    return code;
  }

  /**
   * @throws IllegalArgumentException for a code no format has (a log written by a newer server)
   */
  public static Format of(int code) {
    for (Format f : values()) {
      if (f.code == code) {
        return f;
      }
    }
    throw new IllegalArgumentException("unknown request format code " + code);
  }
}
