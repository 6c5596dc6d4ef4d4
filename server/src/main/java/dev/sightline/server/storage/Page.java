package dev.sightline.server.storage;

import java.util.List;

/**
 * One page of a listing.
 *
 * @param items the page, in the requested order
 * @param nextCursor pass as {@code cursor} to get the next page; null on the last page
 */
public record Page<T>(List<T> items, String nextCursor) {
  public Page {
    items = List.copyOf(items);
  }
}
