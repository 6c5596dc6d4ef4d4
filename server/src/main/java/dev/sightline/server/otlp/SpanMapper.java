package dev.sightline.server.otlp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import dev.sightline.core.codec.ItemRules;
import dev.sightline.core.model.Row;
import dev.sightline.core.model.Schema;
import dev.sightline.core.model.Table;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.trace.v1.Span;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Maps one OTLP span onto Sightline rows: the span, its trace's row when the span is a root or
 * carries trace-level attributes, and an {@code event} span for each span event no convention
 * took. Either all of them are valid or the span is rejected. Deterministic (the write-ahead log
 * replays bodies through it) and stateless.
 */
final class SpanMapper {
  private static final HexFormat HEX = HexFormat.of();

  /**
   * @throws IllegalArgumentException naming the field or attribute at fault
   */
  static List<Row> map(Span span, TraceConvention.Resource resource, InstrumentationScope scope,
      String projectId, long receivedAt) {
    String traceId = id(span.getTraceId(), 16, "traceId");
    String spanId = id(span.getSpanId(), 8, "spanId");
    String parent = isAbsent(span.getParentSpanId()) ? null : id(span.getParentSpanId(), 8, "parentSpanId");
    MappedSpan s = new MappedSpan(span, parent == null);
    s.fields.set(Schema.TRACE_ID, traceId);
    s.fields.set(Schema.SPAN_ID, spanId);
    if (parent != null) {
      s.fields.set(Schema.PARENT_SPAN_ID, parent);
    }
    LangfuseConvention.apply(s);
    AiSdkConvention.apply(s);
    TraceloopConvention.apply(s);
    OpenInferenceConvention.apply(s);
    GenAiConvention.apply(s);
    GenAiEvents.apply(s);
    SpanCore.apply(s, scope);
    if (s.fields.has(Schema.MODEL)) {
      s.fields.offer(Schema.TYPE, "generation"); // a model call whose instrumentation named no kind
    }
    TraceConvention.apply(s, resource);
    String attributes = resource.attributesWith(s.attributes);
    if (attributes != null) {
      s.fields.set(Schema.ATTRIBUTES, new RawJson(attributes));
    }

    List<Row> rows = new ArrayList<>(2 + s.events.size());
    rows.add(complete(s.fields, projectId, receivedAt, ""));
    if (!s.trace.isEmpty()) {
      s.trace.set(Schema.TRACE_ID, traceId);
      rows.add(complete(s.trace, projectId, receivedAt, "trace."));
    }
    if (s.events.isEmpty()) {
      return rows;
    }
    Set<Span.Event> left = Collections.newSetFromMap(new IdentityHashMap<>());
    left.addAll(s.events);
    List<Span.Event> sent = span.getEventsList();
    for (int i = 0; i < sent.size(); i++) {
      if (left.contains(sent.get(i))) {
        String prefix = "events[" + i + "].";
        rows.add(complete(event(s, sent.get(i), eventId(traceId, spanId, i), prefix), projectId, receivedAt,
            prefix));
      }
    }
    return rows;
  }

  /** A span event as a child span of type {@code event}, at the event's time. */
  private static Fields event(MappedSpan s, Span.Event e, String eventId, String prefix) {
    Fields f = new Fields(Table.SPANS);
    f.set(Schema.TRACE_ID, s.fields.get(Schema.TRACE_ID));
    f.set(Schema.SPAN_ID, eventId);
    f.set(Schema.PARENT_SPAN_ID, s.fields.get(Schema.SPAN_ID));
    f.set(Schema.TYPE, "event");
    f.set(Schema.NAME, e.getName().isEmpty() ? "event" : e.getName());
    Object time = e.getTimeUnixNano() != 0 ? (Object) SpanCore.micros(prefix + "timeUnixNano", e.getTimeUnixNano())
        : s.fields.get(Schema.START_TIME);
    f.offer(Schema.START_TIME, time);
    f.offer(Schema.END_TIME, time);
    ObjectNode attributes = AnyValues.NODES.objectNode();
    e.getAttributesList().forEach(kv -> attributes.set(kv.getKey(), AnyValues.flat(kv.getValue())));
    if (!attributes.isEmpty()) {
      f.set(Schema.ATTRIBUTES, attributes);
    }
    return f;
  }

  /**
   * The span id of an event: derived from its span and position, so that a resent span maps its
   * events onto the same rows.
   */
  private static String eventId(String traceId, String spanId, int index) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256")
          .digest((traceId + spanId + "/event/" + index).getBytes(StandardCharsets.UTF_8));
      hash[0] |= 1; // never all zero
      return HEX.formatHex(hash, 0, 8);
    } catch (NoSuchAlgorithmException ex) {
      throw new AssertionError("every JDK has SHA-256", ex);
    }
  }

  private static Row complete(Fields fields, String projectId, long receivedAt, String prefix) {
    Row.Builder row;
    try {
      row = fields.build(projectId);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(prefix + e.getMessage());
    }
    String problem = ItemRules.complete(row, receivedAt);
    if (problem != null) {
      throw new IllegalArgumentException(prefix + problem);
    }
    return row.build();
  }

  private static boolean isAbsent(ByteString id) {
    for (int i = 0; i < id.size(); i++) {
      if (id.byteAt(i) != 0) {
        return false;
      }
    }
    return true; // empty, or all zero as some exporters write "no parent"
  }

  private static String id(ByteString id, int bytes, String field) {
    if (id.size() != bytes || isAbsent(id)) {
      throw new IllegalArgumentException(field + ": must be " + bytes + " bytes, not all zero (got "
          + id.size() + (id.size() == bytes ? " zero bytes)" : " bytes)"));
    }
    return HEX.formatHex(id.toByteArray());
  }

  private SpanMapper() {}
}
