package dev.sightline.server.governance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.sightline.core.model.Column;
import dev.sightline.core.model.ColumnType;
import dev.sightline.core.model.Row;
import dev.sightline.core.model.Schema;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;

/**
 * Applies a project's {@link MaskingSettings} to rows before they are logged or stored: drops the
 * configured paths, then replaces every value a detector or rule finds in the string values of
 * the free-text fields ({@link MaskingSettings#FIELDS}). Keys of JSON objects are left alone.
 *
 * <p>What was masked is counted on the row itself, as attributes
 * {@code sightline.masked.<field>.<KIND>} (numbers): per field, because an update replaces a field
 * whole, so each count describes the field's current value. Thread-safe (immutable).
 */
public final class Masker {
  /** The attribute prefix of the counts; the trace tree sums them by kind. */
  public static final String COUNT_PREFIX = "sightline.masked.";
  private static final ObjectMapper JSON = new ObjectMapper();
  private final MaskingSettings settings;

  Masker(MaskingSettings settings) {
    this.settings = settings;
  }

  /** The rows with their values masked, in order; rows with nothing to mask are returned as they are. */
  public List<Row> mask(List<Row> rows) {
    List<Row> out = new ArrayList<>(rows.size());
    for (Row row : rows) {
      out.add(mask(row));
    }
    return out;
  }

  Row mask(Row row) {
    Row.Builder b = null;
    Map<String, Integer> counts = new TreeMap<>();
    for (String field : MaskingSettings.FIELDS) {
      Column c = row.table().column(field);
      if (c == null || row.get(c) == null) {
        continue;
      }
      Map<String, Integer> found = new TreeMap<>();
      String value = (String) row.get(c);
      String masked = c.type() == ColumnType.JSON ? maskJson(field, value, found) : maskText(value, found);
      if (!found.isEmpty()) {
        b = b == null ? row.toBuilder() : b;
        b.set(c, masked);
        found.forEach((kind, n) -> counts.put(COUNT_PREFIX + field + "." + kind, n));
      }
    }
    if (b == null) {
      return row;
    }
    if (row.table().has(Schema.ATTRIBUTES)) {
      b.set(Schema.ATTRIBUTES, withCounts((String) b.get(Schema.ATTRIBUTES), counts));
    }
    return b.build();
  }

  /** Masks the string values of a JSON text; the text as it was when nothing is found. */
  private String maskJson(String field, String json, Map<String, Integer> found) {
    JsonNode tree;
    try {
      tree = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      return json; // decoders only store well-formed JSON; nothing else to mask
    }
    for (String path : settings.dropPaths()) {
      String[] parts = path.split("\\.");
      if (parts[0].equals(field) && drop(tree, parts, 1) > 0) {
        found.merge("DROPPED", 1, Integer::sum);
      }
    }
    JsonNode masked = walk(tree, found);
    if (found.isEmpty()) {
      return json;
    }
    try {
      return JSON.writeValueAsString(masked);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Removes the key at {@code parts[i..]} under every object (and every element of arrays) on the way. */
  private static int drop(JsonNode node, String[] parts, int i) {
    if (node.isArray()) {
      int n = 0;
      for (JsonNode element : node) {
        n += drop(element, parts, i);
      }
      return n;
    }
    if (!node.isObject()) {
      return 0;
    }
    if (i == parts.length - 1) {
      return ((ObjectNode) node).remove(parts[i]) == null ? 0 : 1;
    }
    JsonNode next = node.get(parts[i]);
    return next == null ? 0 : drop(next, parts, i + 1);
  }

  private JsonNode walk(JsonNode node, Map<String, Integer> found) {
    if (node.isTextual()) {
      String masked = maskText(node.textValue(), found);
      return masked.equals(node.textValue()) ? node : TextNode.valueOf(masked);
    }
    if (node.isObject()) {
      ObjectNode object = (ObjectNode) node;
      for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        e.setValue(walk(e.getValue(), found));
      }
    } else if (node.isArray()) {
      ArrayNode array = (ArrayNode) node;
      for (int i = 0; i < array.size(); i++) {
        array.set(i, walk(array.get(i), found));
      }
    }
    return node;
  }

  /** The text with every finding replaced, each counted by kind in {@code found}. */
  String maskText(String text, Map<String, Integer> found) {
    String out = text;
    for (Detector d : Detector.values()) {
      if (settings.detectors().contains(d) && d.worthScanning(out)) {
        out = replace(out, d.pattern().matcher(out), d.name(), d.replacement(), d::accepts, found);
      }
    }
    for (MaskingSettings.Rule rule : settings.rules()) {
      out = replace(out, rule.pattern().matcher(out), rule.name(), rule.replacement(), s -> true, found);
    }
    return out;
  }

  private static String replace(String text, Matcher m, String kind, String replacement,
      java.util.function.Predicate<String> accepts, Map<String, Integer> found) {
    StringBuilder out = null;
    int last = 0;
    while (m.find()) {
      if (m.end() == m.start() || !accepts.test(m.group())) {
        continue;
      }
      out = out == null ? new StringBuilder(text.length()) : out;
      out.append(text, last, m.start()).append(replacement);
      last = m.end();
      found.merge(kind, 1, Integer::sum);
    }
    return out == null ? text : out.append(text, last, text.length()).toString();
  }

  private static String withCounts(String attributes, Map<String, Integer> counts) {
    try {
      ObjectNode object = attributes == null ? JSON.createObjectNode() : (ObjectNode) JSON.readTree(attributes);
      counts.forEach(object::put);
      return JSON.writeValueAsString(object);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
