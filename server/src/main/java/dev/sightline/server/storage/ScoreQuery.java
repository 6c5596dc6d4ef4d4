package dev.sightline.server.storage;

import java.util.Objects;

/**
 * A page of scores, newest first. Null fields do not filter.
 *
 * @param from inclusive, epoch microseconds of the score's time
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
