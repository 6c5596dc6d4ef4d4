package dev.sightline.core.codec;

/** A request that cannot be taken at all; nothing of it is stored. Carries the HTTP status. */
public final class IngestException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;

  public IngestException(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  /** 400 for malformed requests, 413 for oversized ones. */
  public int status() {
    return status;
  }
}
