package dev.sightline.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sightline.core.model.Column;
import dev.sightline.core.model.Schema;
import dev.sightline.core.model.Table;
import java.util.ArrayList;
import java.util.List;

/**
 * A line of a {@code jsonl} export as items of the native ingest batch: the trace without what the
 * server computes (its rollups and every row's {@code duration}), its spans, its scores. A span
 * whose tokens or cost the server inferred ({@code usageInferred}, {@code costInferred}) goes
 * without them, so the server infers them again instead of taking them as provided. Stateless.
 */
final class ImportItems {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final List<String> INFERRED_USAGE = List.of(Schema.INPUT_TOKENS.name(), Schema.OUTPUT_TOKENS.name(),
      Schema.TOTAL_TOKENS.name(), Schema.CACHE_READ_TOKENS.name(), Schema.CACHE_WRITE_TOKENS.name(),
      Schema.REASONING_TOKENS.name());
  private static final List<String> INFERRED_COST = List.of(Schema.COST.name(), Schema.COST_DETAILS.name());

  private ImportItems() {}

  /**
   * The items of one exported trace, trace first.
   *
   * @throws IllegalArgumentException if the line is not a {@code jsonl} export's trace
   */
  static List<ObjectNode> of(JsonNode line) {
    if (!line.path("trace").isObject()) {
      throw new IllegalArgumentException("not a trace of a jsonl export (no \"trace\" object)");
    }
    List<ObjectNode> items = new ArrayList<>();
    ObjectNode trace = line.get("trace").deepCopy();
    for (Column c : Table.TRACES.columns()) {
      if (Table.TRACES.role(c) == Table.Role.ROLLUP) {
        trace.remove(c.name());
      }
    }
    items.add(item("trace", trace));
    for (JsonNode s : line.path("spans")) {
      ObjectNode span = s.deepCopy();
      if (span.path("usageInferred").asBoolean(false)) {
        span.remove(INFERRED_USAGE);
      }
      if (span.path("costInferred").asBoolean(false)) {
        span.remove(INFERRED_COST);
      }
      span.remove(List.of("usageInferred", "costInferred"));
      items.add(item("span", span));
    }
    for (JsonNode s : line.path("scores")) {
      items.add(item("score", (ObjectNode) s.deepCopy()));
    }
    return items;
  }

  private static ObjectNode item(String type, ObjectNode body) {
    body.remove("duration");
    ObjectNode item = NODES.objectNode();
    item.put("type", type);
    item.set("body", body);
    return item;
  }
}
