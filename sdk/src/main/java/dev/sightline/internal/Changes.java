package dev.sightline.internal;

import dev.sightline.Status;
import dev.sightline.Update;
import java.util.List;
import java.util.Map;

/**
 * An {@link Update} read once, outside any lock, for a trace or span to apply under its own: the
 * caller's values are copied (metadata, tags) or flattened (attributes, which may run the caller's
 * {@code toString}), so applying them runs no caller code and cannot fail half-way.
 *
 * @param name the new name, or null
 * @param status the new status, or null
 * @param metadata entries to merge (a private copy), or null if none
 * @param attributes entries to merge, flattened (see {@link Attributes}), or null if none
 * @param tags the replacement tags, or null to keep them
 */
record Changes(String name, Status status, Map<String, Object> metadata, Object[] attributes, List<String> tags) {

  /** The changes, or null (counted and logged) if {@code update} is null or cannot be read. */
  static Changes of(Update update, Problems problems) {
    if (update == null) {
      problems.ignored("update(null) ignored");
      return null;
    }
    try {
      List<String> tags = Maps.tags(update.tags());
      Object[] attributes = Attributes.flatten(update.attributes());
      Map<String, Object> metadata = update.metadata().isEmpty() ? null : Maps.merge(null, update.metadata());
      return new Changes(update.name(), update.status(), metadata, attributes, tags);
    } catch (RuntimeException e) {
      problems.report("update failed", e);
      return null;
    }
  }

  /** Whether any of it goes to the holder's {@link Annotations} (so they must exist). */
  boolean annotates() {
    return metadata != null || attributes != null || tags != null;
  }
}
