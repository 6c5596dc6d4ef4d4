package dev.sightline.core.storage;

import java.util.Objects;
import java.util.Set;

/**
 * Traces of a project to delete whole: each trace row with its spans and scores, and whatever a
 * backend keeps for them (payloads, search entries).
 *
 * @param projectId the project
 * @param traceIds lower-case trace ids; ids with nothing stored are ignored
 */
public record TraceDeletion(String projectId, Set<String> traceIds) {
  public TraceDeletion {
    Objects.requireNonNull(projectId, "projectId");
    traceIds = Set.copyOf(traceIds);
  }
}
