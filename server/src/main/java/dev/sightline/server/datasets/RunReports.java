package dev.sightline.server.datasets;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the body of {@code POST /api/datasets/{name}/runs/{run}/items}: one result or
 * {@code {"items": [...]}}, each {@code {"itemId", "traceId", "output", "error"}}. Stateless and
 * thread-safe.
 */
final class RunReports {
  /** The largest output of a result, bytes of compact JSON. */
  static final int MAX_OUTPUT_BYTES = ItemRequests.MAX_PAYLOAD_BYTES;
  static final int MAX_ERROR = 4096;
  private static final Set<String> FIELDS = Set.of("itemId", "traceId", "output", "error");

  private RunReports() {}

  /** One reported result, not judged yet. */
  record Reported(String at, String itemId, String traceId, String output, String error) {}

  static List<Reported> read(String body) {
    List<Reported> out = new ArrayList<>();
    Set<String> items = new HashSet<>();
    for (Bodies.Element e : Bodies.oneOrMany(Bodies.object(body), "items")) {
      JsonNode n = e.node();
      Bodies.known(n, e.at(), FIELDS);
      String itemId = Bodies.text(n, e.at(), "itemId", 64);
      if (itemId == null) {
        throw new IllegalArgumentException(e.at() + "itemId: required");
      }
      if (!items.add(itemId)) {
        throw new IllegalArgumentException(e.at() + "itemId: " + itemId + " is reported twice in this request");
      }
      out.add(new Reported(e.at(), itemId, ItemRequests.hexId(n, e.at(), "traceId", 32, true),
          Bodies.payload(n, e.at(), "output", MAX_OUTPUT_BYTES), Bodies.text(n, e.at(), "error", MAX_ERROR)));
    }
    return out;
  }
}
