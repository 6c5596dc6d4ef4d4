package dev.sightline.core.storage;

import java.util.Objects;

/**
 * A page of spans of any trace.
 *
 * @param projectId required
 * @param filter conditions (see {@link Filter} for which apply to the span and which to its trace)
 * @param type the span type, or null for any
 * @param sort sort key; {@link Sort#SCORE} needs the filter's {@code scoreName}
 * @param ascending direction
 * @param limit page size, 1 to 1000
 * @param after the cursor of the previous page, or null
 */
public record SpanQuery(String projectId, Filter filter, String type, Sort sort, boolean ascending, int limit, Cursor after) {
  public SpanQuery {
    Objects.requireNonNull(projectId, "projectId");
    filter = filter == null ? Filter.NONE : filter;
    sort = sort == null ? Sort.START_TIME : sort;
    if (sort == Sort.SCORE && filter.scoreName() == null) {
      throw new IllegalArgumentException("sort: score needs scoreName");
    }
    Limits.checkLimit(limit);
  }
}
