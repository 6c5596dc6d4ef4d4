package dev.sightline.server.collector;

import java.time.Duration;

/**
 * Tuning of the write path.
 *
 * @param maxPendingRows rows accepted but not yet in storage before requests get 429; bounds memory
 *     (they are held on the heap: about 2.5 KB for an LLM-sized span)
 * @param maxLoadRows most rows the loader applies in one storage batch
 * @param linger how long the loader waits for more rows before applying a small batch; bounds how
 *     soon acknowledged data becomes visible to queries
 * @param segmentBytes write-ahead log segment size
 * @param minFreeDiskBytes free space the write-ahead log's file system must keep: below it, requests
 *     are answered 503 with {@code Retry-After} instead of being logged, so the disk never fills
 *     in the middle of a record
 * @param admissionWait how long a request may wait for room under {@code maxPendingRows} before it
 *     is answered 429: a short wait while the loader catches up keeps clients busy where an
 *     immediate 429 would make them sleep for {@code Retry-After}
 */
public record PipelineSettings(int maxPendingRows, int maxLoadRows, Duration linger, long segmentBytes,
    long minFreeDiskBytes, Duration admissionWait) {

  /** The default free space the log keeps: 64 MB. */
  public static final long DEFAULT_MIN_FREE_DISK = 64L << 20;

  /** The default wait for room in the queue: 2 s. */
  public static final Duration DEFAULT_ADMISSION_WAIT = Duration.ofSeconds(2);

  public static final PipelineSettings DEFAULTS = new PipelineSettings(20_000, 50_000,
      Duration.ofMillis(200), 64L << 20, DEFAULT_MIN_FREE_DISK, DEFAULT_ADMISSION_WAIT);

  /** Settings with the default free-space reserve and no wait for room (429 at once). */
  public PipelineSettings(int maxPendingRows, int maxLoadRows, Duration linger, long segmentBytes) {
    this(maxPendingRows, maxLoadRows, linger, segmentBytes, DEFAULT_MIN_FREE_DISK, Duration.ZERO);
  }

  public PipelineSettings {
    if (maxPendingRows < 1) {
      throw new IllegalArgumentException("maxPendingRows: must be positive");
    }
    if (maxLoadRows < 1) {
      throw new IllegalArgumentException("maxLoadRows: must be positive");
    }
    if (linger.isNegative() || linger.compareTo(Duration.ofSeconds(1)) > 0) {
      throw new IllegalArgumentException("linger: must be between 0 and 1 s");
    }
    if (segmentBytes < 4096) {
      throw new IllegalArgumentException("segmentBytes: must be at least 4096");
    }
    if (minFreeDiskBytes < 0) {
      throw new IllegalArgumentException("minFreeDiskBytes: must be >= 0");
    }
    if (admissionWait.isNegative() || admissionWait.compareTo(Duration.ofSeconds(30)) > 0) {
      throw new IllegalArgumentException("admissionWait: must be between 0 and 30 s");
    }
  }

  /** These settings with another free-space reserve. */
  public PipelineSettings withMinFreeDiskBytes(long bytes) {
    return new PipelineSettings(maxPendingRows, maxLoadRows, linger, segmentBytes, bytes, admissionWait);
  }
}
