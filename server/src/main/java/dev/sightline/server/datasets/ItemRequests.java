package dev.sightline.server.datasets;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads the body of {@code POST /api/datasets/{name}/items}: one item or {@code {"items": [...]}};
 * an item is {@code {"input", "expectedOutput", "metadata"}} or {@code {"fromSpan": {"traceId",
 * "spanId"}}}. Stateless and thread-safe.
 */
final class ItemRequests {
  /** The largest {@code input} and {@code expectedOutput} of an item, bytes of compact JSON. */
  static final int MAX_PAYLOAD_BYTES = 1 << 20;
  /** The largest {@code metadata} of an item, bytes of compact JSON. */
  static final int MAX_METADATA_BYTES = 64 << 10;
  private static final Set<String> FIELDS = Set.of("input", "expectedOutput", "metadata", "fromSpan");
  private static final Set<String> SPAN_FIELDS = Set.of("traceId", "spanId");

  private ItemRequests() {}

  /**
   * One requested item: given in full ({@code item}), or to be copied from a stored span
   * ({@code span}, whose {@code spanId} is null to copy the trace's own input and output).
   */
  record Requested(String at, DatasetItem item, SpanRef span) {}

  /** A stored span, or a trace when {@code spanId} is null. */
  record SpanRef(String traceId, String spanId) {}

  static List<Requested> read(String body) {
    List<Requested> out = new ArrayList<>();
    for (Bodies.Element e : Bodies.oneOrMany(Bodies.object(body), "items")) {
      out.add(one(e.at(), e.node()));
    }
    return out;
  }

  private static Requested one(String at, JsonNode n) {
    Bodies.known(n, at, FIELDS);
    JsonNode from = n.get("fromSpan");
    if (from != null) {
      if (n.size() != 1) {
        throw new IllegalArgumentException(at + "fromSpan: takes no other field (the span gives input and output)");
      }
      if (!from.isObject()) {
        throw new IllegalArgumentException(at + "fromSpan: must be {\"traceId\", \"spanId\"}");
      }
      Bodies.known(from, at + "fromSpan.", SPAN_FIELDS);
      String traceId = hexId(from, at + "fromSpan.", "traceId", 32, true);
      return new Requested(at, null, new SpanRef(traceId, hexId(from, at + "fromSpan.", "spanId", 16, false)));
    }
    JsonNode metadata = n.get("metadata");
    if (metadata != null && !metadata.isNull() && !metadata.isObject()) {
      throw new IllegalArgumentException(at + "metadata: must be an object");
    }
    return new Requested(at, new DatasetItem("-", Bodies.payload(n, at, "input", MAX_PAYLOAD_BYTES),
        Bodies.payload(n, at, "expectedOutput", MAX_PAYLOAD_BYTES),
        Bodies.payload(n, at, "metadata", MAX_METADATA_BYTES), null, null, 0, false), null);
  }

  /** An id of {@code length} lowercase hex characters, not all zero; null only if absent and not required. */
  static String hexId(JsonNode n, String at, String field, int length, boolean required) {
    JsonNode v = n.get(field);
    if ((v == null || v.isNull()) && !required) {
      return null;
    }
    String s = v == null || !v.isTextual() ? "" : v.asText();
    if (s.length() != length || !s.chars().allMatch(c -> c >= '0' && c <= '9' || c >= 'a' && c <= 'f')
        || s.chars().allMatch(c -> c == '0')) {
      throw new IllegalArgumentException(at + field + ": must be " + length + " lowercase hex characters, not all zero");
    }
    return s;
  }
}
