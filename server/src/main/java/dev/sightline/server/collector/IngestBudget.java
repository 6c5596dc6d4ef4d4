package dev.sightline.server.collector;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Bounds the bytes that ingest requests in flight hold in memory, so that many large requests at
 * once are asked to retry instead of exhausting the heap. A request is charged its declared length
 * (the largest allowed body if it declares none) before its body is read, and its decompressed size
 * once known; everything is given back when its answer has been sent. A request is always let in
 * when nothing else holds budget, so a single body of the largest allowed size still passes.
 * Thread-safe.
 */
public final class IngestBudget {
  private final long limitBytes;
  private final AtomicLong used = new AtomicLong();

  /** @param limitBytes bytes all requests in flight may hold together */
  public IngestBudget(long limitBytes) {
    this.limitBytes = limitBytes;
  }

  /**
   * Admits a request.
   *
   * @param declaredLength its {@code Content-Length}, or -1 if it has none
   * @param maxBodyBytes the largest allowed body
   * @return its charge, to be {@linkplain Charge#release released} once answered, or null if the
   *     budget is exhausted
   */
  Charge admit(long declaredLength, long maxBodyBytes) {
    Charge charge = new Charge();
    return charge.add(declaredLength < 0 ? maxBodyBytes : Math.min(declaredLength, maxBodyBytes))
        ? charge : null;
  }

  /** The message of a refusal. */
  String exhausted() {
    return "too many request bytes in flight (" + (limitBytes >> 20) + " MiB); retry shortly";
  }

  /** What one request holds. Its methods are called by one thread at a time. */
  public final class Charge {
    private long held;

    /** Charges {@code bytes} more; false (nothing charged) if that would exceed the budget. */
    boolean add(long bytes) {
      while (true) {
        long now = used.get();
        if (now + bytes > limitBytes && now != held) {
          return false;
        }
        if (used.compareAndSet(now, now + bytes)) {
          held += bytes;
          return true;
        }
      }
    }

    /** Gives back everything charged. */
    public void release() {
      used.addAndGet(-held);
      held = 0;
    }
  }
}
