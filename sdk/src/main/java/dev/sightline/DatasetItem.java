package dev.sightline;

import java.util.Map;
import java.util.Objects;

/**
 * One example of a dataset, as the server holds it. JSON values are plain Java values: null, a
 * {@link String}, {@link Boolean}, {@link Long} or {@link Double}, a {@link java.util.List} or a
 * {@link Map} (unmodifiable). Immutable.
 *
 * @param id the item's id on the server
 * @param input what the application is given, nullable
 * @param expectedOutput what a good answer is, nullable (evaluators read it as {@code {{expected}}})
 * @param metadata the item's metadata, empty if none
 */
public record DatasetItem(String id, Object input, Object expectedOutput, Map<String, Object> metadata) {
  public DatasetItem {
    Objects.requireNonNull(id, "id");
    metadata = metadata == null ? Map.of() : metadata;
  }
}
