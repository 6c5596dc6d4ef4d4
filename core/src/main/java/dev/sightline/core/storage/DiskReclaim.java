package dev.sightline.core.storage;

/**
 * How far a backend has given back the disk space of deleted data (deleted traces, expired ones):
 * for the operator's metrics and the web UI. Immutable.
 *
 * @param reclaimedBytes bytes freed on disk since the store opened (files removed, less what their
 *     live records took again when copied)
 * @param copiedBytes live bytes copied out of those files since the store opened
 * @param lastRunMicros when the last reclaiming run ended, epoch microseconds; null before any
 *     (and always, for a backend that frees space as it deletes)
 */
public record DiskReclaim(long reclaimedBytes, long copiedBytes, Long lastRunMicros) {
  /** A backend with nothing to reclaim later: it frees space when it deletes (the in-memory one). */
  public static final DiskReclaim IMMEDIATE = new DiskReclaim(0, 0, null);
}
