package dev.sightline.server.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sightline.core.codec.FieldRules;
import dev.sightline.core.model.Schema;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;

/**
 * The span's own OTLP fields, after the attribute conventions (which may have set some of the same
 * fields more precisely): name, times, status, the last {@code exception} event as the error, and
 * in {@code metadata} what has no field of its own: {@code otel.kind}, {@code otel.traceState},
 * {@code otel.links}, {@code otel.scope.name}, {@code otel.scope.version},
 * {@code otel.scope.attributes}.
 */
final class SpanCore {
  private static final String EXCEPTION = "exception";

  static void apply(MappedSpan s, InstrumentationScope scope) {
    Span span = s.span;
    Fields f = s.fields;
    if (!span.getName().isEmpty()) {
      f.offer(Schema.NAME, span.getName());
    }
    if (span.getStartTimeUnixNano() != 0) {
      f.offer(Schema.START_TIME, micros("startTimeUnixNano", span.getStartTimeUnixNano()));
    }
    if (span.getEndTimeUnixNano() != 0) {
      f.offer(Schema.END_TIME, micros("endTimeUnixNano", span.getEndTimeUnixNano()));
    }
    exception(s);
    Status status = span.getStatus();
    if (status.getCode() == Status.StatusCode.STATUS_CODE_ERROR) {
      f.offer(Schema.STATUS, Schema.FAILURE);
    } else if (span.getEndTimeUnixNano() != 0) {
      f.offer(Schema.STATUS, "success");
    }
    if (!status.getMessage().isEmpty()) {
      f.offer(Schema.STATUS_MESSAGE, status.getMessage());
    }
    ObjectNode error = (ObjectNode) f.get(Schema.ERROR);
    if (error != null && error.hasNonNull("message")) {
      String type = error.path("type").asText("");
      f.offer(Schema.STATUS_MESSAGE, (type.isEmpty() ? "" : type + ": ") + error.get("message").asText());
    }

    ObjectNode otel = AnyValues.NODES.objectNode();
    if (span.getKind() != Span.SpanKind.SPAN_KIND_UNSPECIFIED && span.getKind() != Span.SpanKind.UNRECOGNIZED) {
      otel.put("otel.kind", span.getKind().name().substring("SPAN_KIND_".length()).toLowerCase(Locale.ROOT));
    }
    if (!span.getTraceState().isEmpty()) {
      otel.put("otel.traceState", span.getTraceState());
    }
    if (span.getLinksCount() > 0) {
      ArrayNode links = otel.putArray("otel.links");
      for (Span.Link l : span.getLinksList()) {
        ObjectNode link = links.addObject()
            .put("traceId", HexFormat.of().formatHex(l.getTraceId().toByteArray()))
            .put("spanId", HexFormat.of().formatHex(l.getSpanId().toByteArray()));
        if (!l.getTraceState().isEmpty()) {
          link.put("traceState", l.getTraceState());
        }
        if (l.getAttributesCount() > 0) {
          link.set("attributes", AnyValues.object(l.getAttributesList()));
        }
      }
    }
    if (!scope.getName().isEmpty()) {
      otel.put("otel.scope.name", scope.getName());
    }
    if (!scope.getVersion().isEmpty()) {
      otel.put("otel.scope.version", scope.getVersion());
    }
    if (scope.getAttributesCount() > 0) {
      otel.set("otel.scope.attributes", AnyValues.object(scope.getAttributesList()));
    }
    if (!otel.isEmpty()) {
      f.merge(Schema.METADATA, "otel", otel);
    }
  }

  /**
   * Unix nanoseconds (not 0) as epoch microseconds, the sub-microsecond digits dropped.
   *
   * @param field the OTLP field, named in the error of a time out of range
   * @throws IllegalArgumentException for a time outside the years every protocol accepts
   */
  static long micros(String field, long unixNanos) {
    try {
      return FieldRules.unixNanos(unixNanos);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(field + ": " + e.getMessage());
    }
  }

  /**
   * The last {@code exception} event becomes the span's {@code error}
   * ({@code {"type", "message", "stacktrace", "escaped", ...}} from its {@code exception.*}
   * attributes); earlier ones stay events.
   */
  private static void exception(MappedSpan s) {
    for (int i = s.events.size() - 1; i >= 0; i--) {
      Span.Event e = s.events.get(i);
      if (e.getName().equals(EXCEPTION)) {
        ObjectNode error = AnyValues.NODES.objectNode();
        for (Map.Entry<String, JsonNode> a : AnyValues.object(e.getAttributesList()).properties()) {
          String key = a.getKey().startsWith(EXCEPTION + ".") ? a.getKey().substring(EXCEPTION.length() + 1) : a.getKey();
          error.set(key, a.getValue());
        }
        if (s.fields.offer(Schema.ERROR, error)) {
          s.events.remove(i);
        }
        return;
      }
    }
  }

  private SpanCore() {}
}
