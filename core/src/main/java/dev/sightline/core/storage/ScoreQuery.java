package dev.sightline.core.storage;

import java.util.Objects;

/**
 * A page of scores, newest first: by time (absent counts as 0), then score id, both descending.
 * Null fields do not filter; the others must equal the score's own field (a {@code spanId} alone
 * matches that span id in any trace).
 *
 * @param from inclusive, epoch microseconds of the score's time; scores without a time fall outside
 *     any bound
 * @param to exclusive, epoch microseconds
 * @param limit page size, 1 to 1000
 * @param after the cursor of the previous page, or null
 */
public record ScoreQuery(String projectId, String traceId, String spanId, String sessionId, String name,
    String source, Long from, Long to, int limit, Cursor after) {
  public ScoreQuery {
    Objects.requireNonNull(projectId, "projectId");
    Limits.checkLimit(limit);
  }
}
