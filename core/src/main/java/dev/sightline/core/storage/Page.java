package dev.sightline.core.storage;

import java.util.List;

/**
 * One page of a listing.
 *
 * @param items the page, in the requested order: as many items as the limit, fewer only on the
 *     last page
 * @param nextCursor pass as {@code cursor} to get the next page; null exactly when no item follows
 *     (a full last page has none, so a cursor never leads to an empty page)
 */
public record Page<T>(List<T> items, String nextCursor) {
  public Page {
    items = List.copyOf(items);
  }
}
