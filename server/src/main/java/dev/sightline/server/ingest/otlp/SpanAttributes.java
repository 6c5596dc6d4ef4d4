package dev.sightline.server.ingest.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sightline.server.ingest.FieldRules;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The attributes of one span that no convention has mapped yet. A convention takes what it maps;
 * what is left at the end is stored in the span's {@code attributes}, so nothing is dropped.
 * Not thread-safe: one per span being mapped.
 */
final class SpanAttributes {
  private final Map<String, AnyValue> remaining = new LinkedHashMap<>();

  SpanAttributes(List<KeyValue> attributes) {
    for (KeyValue kv : attributes) {
      remaining.put(kv.getKey(), kv.getValue());
    }
  }

  boolean has(String key) {
    return remaining.containsKey(key);
  }

  /** The scalar text of an attribute without taking it, or null. */
  String peek(String key) {
    AnyValue v = remaining.get(key);
    return v == null ? null : AnyValues.text(v);
  }

  /** Takes an attribute; null if absent. */
  AnyValue take(String key) {
    return remaining.remove(key);
  }

  /** Takes the first of these attributes that holds a non-blank scalar; the others stay. */
  String takeString(String... keys) {
    for (String key : keys) {
      String text = peek(key);
      if (text != null && !text.isBlank()) {
        remaining.remove(key);
        return text;
      }
    }
    return null;
  }

  /** Takes an attribute as JSON (see {@link AnyValues#json}), or null. */
  JsonNode takeJson(String key) {
    AnyValue v = remaining.remove(key);
    return v == null ? null : AnyValues.json(v);
  }

  /** Takes an attribute that a convention defines as JSON (see {@link AnyValues#document}), or null. */
  JsonNode takeDocument(String key) {
    AnyValue v = remaining.remove(key);
    return v == null ? null : AnyValues.document(v);
  }

  /**
   * Takes the first present of these attributes as a count (an integer, a whole double, or
   * digits as text), or null if none is present.
   *
   * @throws IllegalArgumentException naming the attribute if it is not a count
   */
  Long takeCount(String... keys) {
    return takeFirst(keys, SpanAttributes::count);
  }

  /** Takes the first present of these attributes as a finite number, or null. */
  Double takeNumber(String... keys) {
    return takeFirst(keys, SpanAttributes::number);
  }

  private <T> T takeFirst(String[] keys, BiFunction<String, JsonNode, T> read) {
    for (String key : keys) {
      AnyValue v = remaining.remove(key);
      if (v != null) {
        return read.apply(key, AnyValues.json(v));
      }
    }
    return null;
  }

  /**
   * Takes the attributes that flatten a list of objects, {@code prefix.N.path}, and rebuilds the
   * list in index order (gaps closed); dotted paths become nested objects, numeric path segments
   * arrays. Null if there are none.
   */
  ArrayNode takeIndexed(String prefix) {
    ObjectNode byIndex = AnyValues.NODES.objectNode();
    String start = prefix + ".";
    for (Iterator<Map.Entry<String, AnyValue>> it = remaining.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, AnyValue> e = it.next();
      String key = e.getKey();
      if (key.startsWith(start) && isIndex(segment(key, start.length()))) {
        put(byIndex, key.substring(start.length()).split("\\."), AnyValues.json(e.getValue()));
        it.remove();
      }
    }
    return byIndex.isEmpty() ? null : (ArrayNode) arrays(byIndex);
  }

  /** Takes every {@code prefix.KEY} attribute as one object of {@code KEY: value}; null if none. */
  ObjectNode takePrefixed(String prefix) {
    ObjectNode out = AnyValues.NODES.objectNode();
    String start = prefix + ".";
    for (Iterator<Map.Entry<String, AnyValue>> it = remaining.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, AnyValue> e = it.next();
      if (e.getKey().startsWith(start) && e.getKey().length() > start.length()) {
        out.set(e.getKey().substring(start.length()), AnyValues.structured(AnyValues.json(e.getValue())));
        it.remove();
      }
    }
    return out.isEmpty() ? null : out;
  }

  /** What no convention took, in arrival order. */
  Map<String, AnyValue> remaining() {
    return remaining;
  }

  /**
   * A count from a JSON value (see {@link #takeCount}).
   *
   * @throws IllegalArgumentException naming {@code key} if it is not a count
   */
  static long count(String key, JsonNode value) {
    JsonNode n = value.isTextual() ? AnyValues.parse(value.textValue().strip()) : value;
    boolean whole = n.isIntegralNumber() ? n.canConvertToLong()
        : n.isNumber() && n.doubleValue() == Math.rint(n.doubleValue()) && Math.abs(n.doubleValue()) < 0x1p62;
    if (!whole || n.longValue() < 0 || n.longValue() > FieldRules.MAX_TOKENS) {
      throw new IllegalArgumentException(key + ": must be an integer from 0 to " + FieldRules.MAX_TOKENS);
    }
    return n.longValue();
  }

  /**
   * A finite number from a JSON value (a number, or one as text).
   *
   * @throws IllegalArgumentException naming {@code key} otherwise
   */
  static double number(String key, JsonNode value) {
    JsonNode n = value.isTextual() ? AnyValues.parse(value.textValue().strip()) : value;
    if (!n.isNumber() || !Double.isFinite(n.doubleValue())) {
      throw new IllegalArgumentException(key + ": must be a finite number");
    }
    return n.doubleValue();
  }

  private static String segment(String key, int from) {
    int dot = key.indexOf('.', from);
    return dot < 0 ? key.substring(from) : key.substring(from, dot);
  }

  private static boolean isIndex(String s) {
    if (s.isEmpty() || s.length() > 9) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  /** Sets a dotted path in a tree of objects; a later leaf replaces an earlier one in its way. */
  private static void put(ObjectNode root, String[] path, JsonNode value) {
    ObjectNode node = root;
    for (int i = 0; i < path.length - 1; i++) {
      JsonNode child = node.get(path[i]);
      if (!(child instanceof ObjectNode)) {
        child = node.putObject(path[i]);
      }
      node = (ObjectNode) child;
    }
    node.set(path[path.length - 1], value);
  }

  /** Turns every object whose keys are all indexes into an array, in index order. */
  private static JsonNode arrays(JsonNode node) {
    if (!node.isObject() || node.isEmpty()) {
      return node;
    }
    boolean indexed = true;
    for (Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator(); it.hasNext() && indexed; ) {
      indexed = isIndex(it.next().getKey());
    }
    ObjectNode object = (ObjectNode) node;
    if (!indexed) {
      for (Map.Entry<String, JsonNode> e : object.properties()) {
        e.setValue(arrays(e.getValue()));
      }
      return object;
    }
    List<Map.Entry<String, JsonNode>> items = new ArrayList<>(object.properties());
    items.sort((a, b) -> Integer.compare(Integer.parseInt(a.getKey()), Integer.parseInt(b.getKey())));
    ArrayNode out = AnyValues.NODES.arrayNode();
    for (Map.Entry<String, JsonNode> e : items) {
      out.add(arrays(e.getValue()));
    }
    return out;
  }
}
