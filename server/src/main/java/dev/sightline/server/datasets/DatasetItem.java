package dev.sightline.server.datasets;

import java.util.Objects;
import java.util.UUID;

/**
 * One example of a dataset. Immutable; archiving makes a copy.
 *
 * @param id 32 lowercase hex characters, made by the server
 * @param input compact JSON text (any JSON value), nullable
 * @param expectedOutput compact JSON text, nullable
 * @param metadata compact JSON text of an object, nullable
 * @param sourceTraceId the trace it was copied from, nullable
 * @param sourceSpanId the span it was copied from, nullable
 * @param createdAt epoch microseconds
 * @param archived archived items are left out of runs and, by default, of listings
 */
public record DatasetItem(String id, String input, String expectedOutput, String metadata, String sourceTraceId,
    String sourceSpanId, long createdAt, boolean archived) {
  public DatasetItem {
    Objects.requireNonNull(id, "id");
  }

  /** This item as a store adds it: a new id, made now (epoch microseconds), in use. */
  DatasetItem added(long now) {
    return new DatasetItem(UUID.randomUUID().toString().replace("-", ""), input, expectedOutput, metadata,
        sourceTraceId, sourceSpanId, now, false);
  }

  DatasetItem withArchived(boolean value) {
    return new DatasetItem(id, input, expectedOutput, metadata, sourceTraceId, sourceSpanId, createdAt, value);
  }
}
