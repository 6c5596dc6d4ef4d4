package dev.sightline.server.collector;

/**
 * The server cannot make requests durable now (the disk is full, or storage is paused for lack of
 * space, or the log cannot be written): nothing of the request was stored, and the client should
 * retry after a while. Answered 503 with {@code Retry-After} (gRPC: {@code UNAVAILABLE}).
 */
public final class IngestUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  IngestUnavailableException(String message, Throwable cause) {
    super(message, cause, false, false);
  }
}
