package dev.sightline.server.collector;

import dev.sightline.core.storage.TraceDeletion;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A deletion as the write-ahead log keeps it ({@link Format#DELETION}): the trace ids, one per
 * line; the project is the record's. Logged like a request, so that replay applies it in the same
 * order relative to the rows around it, and a deletion acknowledged before a crash still happens.
 */
final class DeletionRecord {
  private DeletionRecord() {}

  static byte[] encode(Set<String> traceIds) {
    return String.join("\n", traceIds).getBytes(StandardCharsets.US_ASCII);
  }

  static TraceDeletion decode(String projectId, byte[] body) {
    Set<String> ids = new LinkedHashSet<>();
    for (String id : new String(body, StandardCharsets.US_ASCII).split("\n")) {
      if (!id.isEmpty()) {
        ids.add(id);
      }
    }
    return new TraceDeletion(projectId, ids);
  }
}
