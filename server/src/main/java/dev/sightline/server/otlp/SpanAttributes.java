package dev.sightline.server.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sightline.core.codec.FieldRules;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The attributes of one span that no convention has mapped yet. A convention takes what it maps;
 * what is left at the end is stored in the span's {@code attributes}, so nothing is dropped.
 * Not thread-safe: one per span being mapped.
 */
final class SpanAttributes {
  /** Above this many attributes, keys are found through a hash map rather than by a scan. */
  private static final int SCAN_LIMIT = 16;

  /** The keys in arrival order, each once; null once taken. */
  private final String[] keys;
  /** The value of each key: the last one sent. */
  private final AnyValue[] values;
  private final int size;
  /** Where each key is, for spans with many attributes; null for the others. */
  private final Map<String, Integer> index;

  SpanAttributes(List<KeyValue> attributes) {
    int n = attributes.size();
    keys = new String[n];
    values = new AnyValue[n];
    index = n > SCAN_LIMIT ? new HashMap<>(2 * n) : null;
    int size = 0;
    for (int i = 0; i < n; i++) {
      KeyValue kv = attributes.get(i);
      int at = find(kv.getKey(), size);
      if (at >= 0) {
        values[at] = kv.getValue(); // a repeated key: its last value, at its first place
      } else {
        keys[size] = kv.getKey();
        values[size] = kv.getValue();
        if (index != null) {
          index.put(kv.getKey(), size);
        }
        size++;
      }
    }
    this.size = size;
  }

  /** Where the key is among the first {@code size} slots, if not taken; else -1. */
  private int find(String key, int size) {
    if (index != null) {
      Integer at = index.get(key);
      return at == null || keys[at] == null ? -1 : at;
    }
    for (int i = 0; i < size; i++) {
      if (key.equals(keys[i])) {
        return i;
      }
    }
    return -1;
  }

  private int find(String key) {
    return find(key, size);
  }

  private AnyValue remove(int at) {
    keys[at] = null;
    return values[at];
  }

  boolean has(String key) {
    return find(key) >= 0;
  }

  /** Whether any attribute not yet taken has a key that starts with one of these prefixes. */
  boolean hasPrefix(String... prefixes) {
    for (int i = 0; i < size; i++) {
      if (keys[i] != null) {
        for (String prefix : prefixes) {
          if (keys[i].startsWith(prefix)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /** The scalar text of an attribute without taking it, or null. */
  String peek(String key) {
    int at = find(key);
    return at < 0 ? null : AnyValues.text(values[at]);
  }

  /** Takes an attribute; null if absent. */
  AnyValue take(String key) {
    int at = find(key);
    return at < 0 ? null : remove(at);
  }

  /** Takes the first of these attributes that holds a non-blank scalar; the others stay. */
  String takeString(String... keys) {
    for (String key : keys) {
      int at = find(key);
      if (at >= 0) {
        String text = AnyValues.text(values[at]);
        if (text != null && !text.isBlank()) {
          remove(at);
          return text;
        }
      }
    }
    return null;
  }

  /** Takes an attribute as JSON (see {@link AnyValues#json}), or null. */
  JsonNode takeJson(String key) {
    AnyValue v = take(key);
    return v == null ? null : AnyValues.json(v);
  }

  /** Takes an attribute that a convention defines as JSON (see {@link AnyValues#document}), or null. */
  JsonNode takeDocument(String key) {
    AnyValue v = take(key);
    return v == null ? null : AnyValues.document(v);
  }

  /**
   * Takes an attribute that a convention defines as JSON, as a JSON field's value (see
   * {@link AnyValues#documentValue}), or null.
   */
  Object takeDocumentValue(String key) {
    AnyValue v = take(key);
    return v == null ? null : AnyValues.documentValue(v);
  }

  /**
   * Takes the first present of these attributes as a count (an integer, a whole double, or
   * digits as text), or null if none is present.
   *
   * @throws IllegalArgumentException naming the attribute if it is not a count
   */
  Long takeCount(String... keys) {
    for (String key : keys) {
      AnyValue v = take(key);
      if (v != null) {
        return v.getValueCase() == AnyValue.ValueCase.INT_VALUE ? count(key, v.getIntValue())
            : count(key, AnyValues.json(v));
      }
    }
    return null;
  }

  /** Takes the first present of these attributes as a finite number, or null. */
  Double takeNumber(String... keys) {
    for (String key : keys) {
      AnyValue v = take(key);
      if (v != null) {
        return number(key, AnyValues.json(v));
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
    ObjectNode byIndex = null;
    int from = prefix.length() + 1;
    for (int i = 0; i < size; i++) {
      String key = keys[i];
      if (key != null && isUnder(key, prefix) && isIndex(segment(key, from))) {
        if (byIndex == null) {
          byIndex = AnyValues.NODES.objectNode();
        }
        put(byIndex, key.substring(from).split("\\."), AnyValues.json(remove(i)));
      }
    }
    return byIndex == null ? null : (ArrayNode) arrays(byIndex);
  }

  /** Takes every {@code prefix.KEY} attribute as one object of {@code KEY: value}; null if none. */
  ObjectNode takePrefixed(String prefix) {
    ObjectNode out = null;
    int from = prefix.length() + 1;
    for (int i = 0; i < size; i++) {
      String key = keys[i];
      if (key != null && key.length() > from && isUnder(key, prefix)) {
        if (out == null) {
          out = AnyValues.NODES.objectNode();
        }
        out.set(key.substring(from), AnyValues.structured(AnyValues.json(remove(i))));
      }
    }
    return out;
  }

  /** Whether {@code key} starts with {@code prefix} and a dot. */
  private static boolean isUnder(String key, String prefix) {
    return key.length() > prefix.length() && key.charAt(prefix.length()) == '.' && key.startsWith(prefix);
  }

  /** Slots of the attributes in arrival order, for {@link #key} and {@link #value}. */
  int slots() {
    return size;
  }

  /** The key in this slot, or null if a convention took it. */
  String key(int slot) {
    return keys[slot];
  }

  AnyValue value(int slot) {
    return values[slot];
  }

  /**
   * A count (see {@link #takeCount}).
   *
   * @throws IllegalArgumentException naming {@code key} if it is not one
   */
  static long count(String key, long value) {
    if (value < 0 || value > FieldRules.MAX_TOKENS) {
      throw new IllegalArgumentException(key + ": must be an integer from 0 to " + FieldRules.MAX_TOKENS);
    }
    return value;
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
    return count(key, whole ? n.longValue() : -1);
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
