package dev.sightline.server.collector;

import dev.sightline.core.codec.DecodedBatch;

/**
 * What became of one ingestion request, for its transport to answer in its own protocol. The
 * {@code reason} of a refusal names it in the {@code sightline_ingest_rejected_total} metric.
 */
public sealed interface Outcome {

  /** The request was decoded; its valid rows, if any, are durable. */
  record Accepted(DecodedBatch batch) implements Outcome {}

  /** Nothing of the request was stored, for what it is: an HTTP status (400, 413 or 415). */
  record Refused(int status, String reason, String message) implements Outcome {}

  /**
   * Nothing was stored because the server is saturated (queue or memory budget) or the key is over
   * its spans per second: retry after the given seconds.
   */
  record Busy(String reason, String message, long retryAfterSeconds) implements Outcome {}

  /**
   * Nothing was stored because the server cannot make data durable now (a full disk, a failed
   * write-ahead log): retry after {@link Collector#UNAVAILABLE_RETRY_SECONDS} seconds.
   *
   * @param cause the failure behind it, for the server's error log; null when it is already known
   *     and reported (the pipeline's standing problem)
   */
  record Unavailable(String message, Throwable cause) implements Outcome {}
}
