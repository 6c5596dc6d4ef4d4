package dev.sightline.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import dev.sightline.core.codec.DecodedBatch;
import dev.sightline.core.model.Column;
import dev.sightline.core.model.Row;
import dev.sightline.core.model.Schema;
import dev.sightline.core.model.Table;
import dev.sightline.server.otlp.OtlpProtobufDecoder;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Builds OTLP export requests from the protobuf classes, for mapping and HTTP tests, and reads the
 * rows a request decodes to. Attributes are given as alternating keys and values; values may be
 * strings, numbers, booleans, lists and maps (as OTLP arrays and key-value lists).
 */
public final class Otlp {
  public static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  public static final String ROOT = "00f067aa0ba902b7";
  public static final String CHILD = "b7ad6b7169203331";
  /** 2026-11-22T10:00:00Z in unix nanoseconds. */
  public static final long T0 = 1_795_341_600_000_000_000L;
  public static final long RECEIVED = 1_800_000_000_000_000L;
  public static final ObjectMapper JSON = new ObjectMapper();

  /** A span of {@link #TRACE} from T0 to T0 + 1 s, with attributes as alternating keys and values. */
  public static Span.Builder span(String spanId, String name, Object... attributes) {
    Span.Builder b = Span.newBuilder().setTraceId(bytes(TRACE)).setSpanId(bytes(spanId)).setName(name)
        .setStartTimeUnixNano(T0).setEndTimeUnixNano(T0 + 1_000_000_000L);
    for (int i = 0; i < attributes.length; i += 2) {
      b.addAttributes(kv((String) attributes[i], attributes[i + 1]));
    }
    return b;
  }

  public static Span.Builder child(String spanId, String name, Object... attributes) {
    return span(spanId, name, attributes).setParentSpanId(bytes(ROOT));
  }

  public static Span.Event event(String name, long offsetNanos, Object... attributes) {
    Span.Event.Builder b = Span.Event.newBuilder().setName(name).setTimeUnixNano(T0 + offsetNanos);
    for (int i = 0; i < attributes.length; i += 2) {
      b.addAttributes(kv((String) attributes[i], attributes[i + 1]));
    }
    return b.build();
  }

  public static ByteString bytes(String hex) {
    return ByteString.copyFrom(HexFormat.of().parseHex(hex));
  }

  public static KeyValue kv(String key, Object value) {
    return KeyValue.newBuilder().setKey(key).setValue(any(value)).build();
  }

  public static AnyValue any(Object v) {
    AnyValue.Builder b = AnyValue.newBuilder();
    if (v instanceof String) {
      b.setStringValue((String) v);
    } else if (v instanceof Boolean) {
      b.setBoolValue((Boolean) v);
    } else if (v instanceof Integer || v instanceof Long) {
      b.setIntValue(((Number) v).longValue());
    } else if (v instanceof Double) {
      b.setDoubleValue((Double) v);
    } else if (v instanceof List) {
      ArrayValue.Builder array = ArrayValue.newBuilder();
      ((List<?>) v).forEach(item -> array.addValues(any(item)));
      b.setArrayValue(array);
    } else if (v instanceof Map) {
      KeyValueList.Builder list = KeyValueList.newBuilder();
      ((Map<?, ?>) v).forEach((k, item) -> list.addValues(kv((String) k, item)));
      b.setKvlistValue(list);
    } else {
      throw new IllegalArgumentException("no AnyValue for " + v);
    }
    return b.build();
  }

  /** One resource with these attributes (alternating keys and values), one scope, these spans. */
  public static ExportTraceServiceRequest request(List<Object> resource, Span.Builder... spans) {
    Resource.Builder r = Resource.newBuilder();
    for (int i = 0; i < resource.size(); i += 2) {
      r.addAttributes(kv((String) resource.get(i), resource.get(i + 1)));
    }
    ScopeSpans.Builder scope = ScopeSpans.newBuilder()
        .setScope(InstrumentationScope.newBuilder().setName("test-scope").setVersion("1.0"));
    for (Span.Builder s : spans) {
      scope.addSpans(s);
    }
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(ResourceSpans.newBuilder().setResource(r).addScopeSpans(scope)).build();
  }

  /**
   * The request in OTLP/JSON as the specification writes it (hex ids, lowerCamelCase keys, 64-bit
   * integers as strings, enums as integers), for the fields these fixtures set.
   */
  public static byte[] json(ExportTraceServiceRequest request) {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode resourceSpans = root.putArray("resourceSpans");
    for (ResourceSpans rs : request.getResourceSpansList()) {
      ObjectNode r = resourceSpans.addObject();
      r.putObject("resource").set("attributes", json(rs.getResource().getAttributesList()));
      ArrayNode scopeSpans = r.putArray("scopeSpans");
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        ObjectNode scope = scopeSpans.addObject();
        scope.putObject("scope").put("name", ss.getScope().getName()).put("version", ss.getScope().getVersion());
        ArrayNode spans = scope.putArray("spans");
        for (Span span : ss.getSpansList()) {
          ObjectNode out = spans.addObject()
              .put("traceId", HexFormat.of().formatHex(span.getTraceId().toByteArray()))
              .put("spanId", HexFormat.of().formatHex(span.getSpanId().toByteArray()))
              .put("parentSpanId", HexFormat.of().formatHex(span.getParentSpanId().toByteArray()))
              .put("name", span.getName())
              .put("kind", span.getKindValue())
              .put("startTimeUnixNano", Long.toUnsignedString(span.getStartTimeUnixNano()))
              .put("endTimeUnixNano", Long.toUnsignedString(span.getEndTimeUnixNano()));
          out.set("attributes", json(span.getAttributesList()));
          out.putObject("status").put("code", span.getStatus().getCodeValue())
              .put("message", span.getStatus().getMessage());
        }
      }
    }
    return root.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static ArrayNode json(List<KeyValue> attributes) {
    ArrayNode out = JSON.createArrayNode();
    for (KeyValue kv : attributes) {
      out.addObject().put("key", kv.getKey()).set("value", json(kv.getValue()));
    }
    return out;
  }

  private static ObjectNode json(AnyValue v) {
    ObjectNode out = JSON.createObjectNode();
    switch (v.getValueCase()) {
      case STRING_VALUE: return out.put("stringValue", v.getStringValue());
      case BOOL_VALUE: return out.put("boolValue", v.getBoolValue());
      case INT_VALUE: return out.put("intValue", Long.toString(v.getIntValue()));
      case DOUBLE_VALUE: return out.put("doubleValue", v.getDoubleValue());
      case ARRAY_VALUE:
        ArrayNode values = out.putObject("arrayValue").putArray("values");
        v.getArrayValue().getValuesList().forEach(item -> values.add(json(item)));
        return out;
      case KVLIST_VALUE:
        out.putObject("kvlistValue").set("values", json(v.getKvlistValue().getValuesList()));
        return out;
      default: throw new IllegalArgumentException("not written by these fixtures: " + v);
    }
  }

  public static DecodedBatch decode(ExportTraceServiceRequest request) {
    return new OtlpProtobufDecoder().decode(request.toByteArray(), "p1", RECEIVED);
  }

  public static DecodedBatch decode(Span.Builder... spans) {
    return decode(request(List.of("service.name", "support-bot"), spans));
  }

  public static Row span(DecodedBatch batch, String spanId) {
    return batch.rows().stream()
        .filter(r -> r.table() == Table.SPANS && spanId.equals(r.get(Schema.SPAN_ID)))
        .findFirst().orElseThrow(() -> new AssertionError("no span " + spanId + " in " + batch));
  }

  public static Row trace(DecodedBatch batch) {
    return batch.rows().stream().filter(r -> r.table() == Table.TRACES)
        .findFirst().orElseThrow(() -> new AssertionError("no trace row in " + batch));
  }

  public static JsonNode json(Row row, Column c) {
    return parse(row.string(c));
  }

  public static JsonNode parse(String json) {
    try {
      return json == null ? null : JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Otlp() {}
}
