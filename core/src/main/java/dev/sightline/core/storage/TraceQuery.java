package dev.sightline.core.storage;

import java.util.Objects;

/**
 * A page of traces.
 *
 * @param projectId required
 * @param filter conditions on the traces
 * @param sort sort key; {@link Sort#SCORE} needs the filter's {@code scoreName}
 * @param ascending direction (default listings are newest first: descending start time)
 * @param limit page size, 1 to 1000
 * @param after the cursor of the previous page, or null for the first page
 */
public record TraceQuery(String projectId, Filter filter, Sort sort, boolean ascending, int limit, Cursor after) {
  public TraceQuery {
    Objects.requireNonNull(projectId, "projectId");
    filter = filter == null ? Filter.NONE : filter;
    sort = sort == null ? Sort.START_TIME : sort;
    if (sort == Sort.SCORE && filter.scoreName() == null) {
      throw new IllegalArgumentException("sort: score needs scoreName");
    }
    Limits.checkLimit(limit);
  }
}
