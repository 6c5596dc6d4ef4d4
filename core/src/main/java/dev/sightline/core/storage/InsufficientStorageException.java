package dev.sightline.core.storage;

/**
 * Storage refused a batch for lack of disk space, before changing anything: it keeps serving
 * reads, and takes the batch once space returns. The pipeline pauses loading and asks clients to
 * retry later instead of failing.
 */
public final class InsufficientStorageException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  public InsufficientStorageException(String message) {
    super(message);
  }
}
