package dev.sightline.server.collector;

/** The ingest queue cannot take a request now; the client should retry after a short while. */
public final class QueueFullException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  QueueFullException(String message) {
    super(message, null, false, false);
  }
}
