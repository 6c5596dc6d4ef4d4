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
 * @param rewrittenBytes bytes of database files written by rewrites since the store opened: a
 *     backend that keeps deleted rows' values in its database file until the file is copied
 *     (DuckDB) rewrites it after deletions; 0 for the others
 * @param lastRewriteMicros when the last such rewrite ended, epoch microseconds; null before any
 *     since the store opened, and always for a backend that does not rewrite
 * @param rewritePendingSinceMicros when the first deletion not rewritten yet was committed, epoch
 *     microseconds: its rows' values are still on disk; null when none is
 */
public record DiskReclaim(long reclaimedBytes, long copiedBytes, Long lastRunMicros, long rewrittenBytes,
    Long lastRewriteMicros, Long rewritePendingSinceMicros) {
  /** A backend with nothing to reclaim later: it frees space when it deletes (the in-memory one). */
  public static final DiskReclaim IMMEDIATE = new DiskReclaim(0, 0, null);

  /** The counters of a backend that never rewrites its database files. */
  public DiskReclaim(long reclaimedBytes, long copiedBytes, Long lastRunMicros) {
    this(reclaimedBytes, copiedBytes, lastRunMicros, 0, null, null);
  }
}
