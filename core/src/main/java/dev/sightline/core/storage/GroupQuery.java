package dev.sightline.core.storage;

import java.util.Objects;

/**
 * A page of sessions or users, the most recently active first: by {@link GroupSummary#lastTime},
 * then id, both descending. Only traces with a session id (or user id) belong to a group.
 *
 * @param by what to group traces by
 * @param from inclusive lower bound of trace {@linkplain QuerySemantics#start start} times, epoch
 *     microseconds, or null; traces without a start fall outside any bound
 * @param to exclusive upper bound, or null
 * @param limit page size, 1 to 1000
 * @param after the cursor of the previous page, or null
 */
public record GroupQuery(String projectId, GroupBy by, Long from, Long to, int limit, Cursor after) {

  /** The trace field that forms groups. */
  public enum GroupBy { SESSION, USER }

  public GroupQuery {
    Objects.requireNonNull(projectId, "projectId");
    Objects.requireNonNull(by, "by");
    Limits.checkLimit(limit);
  }
}
