package dev.sightline.server.otlp;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.sightline.core.codec.NativeDecoder;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * OTLP attribute values as JSON: the one conversion every convention uses. Stateless and
 * thread-safe.
 */
final class AnyValues {
  static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  /** Reads JSON carried in string attributes, with the nesting limit of the native protocol. */
  private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder()
          .maxNestingDepth(NativeDecoder.MAX_DEPTH).build())
      .build())
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /**
   * The value as JSON: arrays and key-value lists as JSON arrays and objects, bytes as base64,
   * non-finite doubles as text (JSON has no NaN), an empty value as null.
   */
  static JsonNode json(AnyValue v) {
    switch (v.getValueCase()) {
      case STRING_VALUE:
        return NODES.textNode(v.getStringValue());
      case BOOL_VALUE:
        return NODES.booleanNode(v.getBoolValue());
      case INT_VALUE:
        return NODES.numberNode(v.getIntValue());
      case DOUBLE_VALUE:
        double d = v.getDoubleValue();
        return Double.isFinite(d) ? NODES.numberNode(d) : NODES.textNode(Double.toString(d));
      case BYTES_VALUE:
        return NODES.textNode(Base64.getEncoder().encodeToString(v.getBytesValue().toByteArray()));
      case ARRAY_VALUE:
        ArrayNode array = NODES.arrayNode();
        for (AnyValue item : v.getArrayValue().getValuesList()) {
          array.add(json(item));
        }
        return array;
      case KVLIST_VALUE:
        return object(v.getKvlistValue().getValuesList());
      default:
        return NODES.nullNode();
    }
  }

  /** Key-value pairs as one JSON object; a repeated key keeps its last value. */
  static ObjectNode object(List<KeyValue> pairs) {
    ObjectNode out = NODES.objectNode();
    for (KeyValue kv : pairs) {
      out.set(kv.getKey(), json(kv.getValue()));
    }
    return out;
  }

  /**
   * The value for the flat {@code attributes} column: a string, number, boolean or null as it
   * is; arrays and key-value lists as their JSON text.
   */
  static JsonNode flat(AnyValue v) {
    JsonNode node = json(v);
    return node.isContainerNode() ? NODES.textNode(node.toString()) : node;
  }

  /**
   * {@link #flat}'s JSON text, appended: what {@code flat(v).toString()} gives, written without a
   * node for the usual scalars.
   */
  static void appendFlat(StringBuilder out, AnyValue v) {
    switch (v.getValueCase()) {
      case STRING_VALUE:
        JsonText.appendString(out, v.getStringValue());
        return;
      case BOOL_VALUE:
        out.append(v.getBoolValue());
        return;
      case INT_VALUE:
        out.append(v.getIntValue());
        return;
      case VALUE_NOT_SET:
        out.append("null");
        return;
      default:
        out.append(flat(v).toString());
    }
  }

  /**
   * A value that a convention defines as JSON, which OTLP carries as a JSON string or, from newer
   * instrumentations, structured: the parsed document, or the text itself when it is not JSON.
   */
  static JsonNode document(AnyValue v) {
    return parsed(json(v));
  }

  /**
   * {@link #document} as the value of a JSON field: JSON carried as text that
   * {@link JsonText#compact} vouches for as its compact text ({@link RawJson}, no tree built), a
   * tree otherwise; JSON null as a null node either way.
   */
  static Object documentValue(AnyValue v) {
    if (v.getValueCase() == AnyValue.ValueCase.STRING_VALUE) {
      String compact = JsonText.compact(v.getStringValue());
      if (compact != null) {
        return compact.equals("null") ? NODES.nullNode() : new RawJson(compact);
      }
    }
    return document(v);
  }

  /** A JSON value that may be JSON carried as text: the text parsed (see {@link #parse}). */
  static JsonNode parsed(JsonNode node) {
    return node.isTextual() ? parse(node.textValue()) : node;
  }

  /**
   * Parses text that should be JSON; text that is not (plain prose, Python reprs, JSON nested
   * deeper than the native protocol allows) is kept as a JSON string.
   */
  static JsonNode parse(String text) {
    try {
      JsonNode parsed = JSON.readTree(text);
      return parsed == null || parsed.isMissingNode() ? TextNode.valueOf(text) : parsed;
    } catch (JsonProcessingException e) {
      return TextNode.valueOf(text);
    }
  }

  /** A JSON value that came as text and reads as an object or array, parsed; others unchanged. */
  static JsonNode structured(JsonNode node) {
    if (node.isTextual()) {
      String t = node.textValue().strip();
      if (t.startsWith("{") || t.startsWith("[")) {
        JsonNode parsed = parse(t);
        return parsed.isContainerNode() ? parsed : node;
      }
    }
    return node;
  }

  /**
   * A list of strings (tags) from an array, or from a JSON array carried as text; any other text
   * is one item. Items that are not strings are taken as their text.
   */
  static List<String> strings(JsonNode node) {
    JsonNode n = structured(node);
    List<String> out = new ArrayList<>();
    if (n.isArray()) {
      for (JsonNode item : n) {
        out.add(item.isValueNode() ? item.asText() : item.toString());
      }
    } else if (!n.isNull()) {
      out.add(n.asText());
    }
    return out;
  }

  /** Scalar text of a value (numbers and booleans as written), or null for arrays, lists, nothing. */
  static String text(AnyValue v) {
    switch (v.getValueCase()) {
      case STRING_VALUE:
        return v.getStringValue();
      case BOOL_VALUE:
        return v.getBoolValue() ? "true" : "false";
      case INT_VALUE:
        return Long.toString(v.getIntValue());
      default:
        JsonNode node = json(v);
        return node.isValueNode() && !node.isNull() ? node.asText() : null;
    }
  }

  private AnyValues() {}
}
