package dev.sightline;

/**
 * Counters of the exporter since the client was built, from {@link Sightline#stats()}. Items are
 * trace events, spans and feedback. Immutable snapshot; the counters are read one by one, so two
 * of them may be a few items apart under load.
 *
 * @param enqueued items accepted into the queue
 * @param sent items the server accepted
 * @param droppedQueueFull items dropped because the queue was full (the application outran the
 *     server, or the server was unreachable for long)
 * @param rejected items the server refused (invalid, too large, bad API key); never retried
 * @param failed items given up after retrying for the configured maximum time, or still queued
 *     when shutdown's timeout ran out
 * @param retries HTTP attempts that were retried (network error, 429, 5xx)
 * @param batches requests that completed with a 2xx answer
 * @param queued items waiting in the queue now
 * @param sampledOut traces not recorded because of the sample rate (with everything in them)
 * @param recordingErrors calls of the recording API that went wrong inside the SDK (bad
 *     arguments, values that could not be written); each was ignored instead of thrown
 */
public record ExportStats(long enqueued, long sent, long droppedQueueFull, long rejected,
    long failed, long retries, long batches, long queued, long sampledOut, long recordingErrors) {

  /** Items lost for any reason: full queue, refused by the server, or given up. */
  public long dropped() {
    return droppedQueueFull + rejected + failed;
  }
}
