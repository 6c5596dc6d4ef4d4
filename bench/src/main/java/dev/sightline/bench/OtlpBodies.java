package dev.sightline.bench;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Encodes a {@link SyntheticBatch} as an OTLP/HTTP protobuf body ({@code POST /v1/traces}) the way
 * a GenAI-instrumented application exports it: one resource, one scope, every span carrying the
 * OpenTelemetry GenAI attributes (operation, model, provider, token usage, and its chat messages
 * as {@code gen_ai.input.messages}/{@code gen_ai.output.messages} JSON, about 1 KB per span).
 *
 * <p>OTLP has no trace record: a trace's session and user ride on its root span, whose status is
 * the trace's; its 20-word trace-level input, which the native format sends, has no place here.
 */
final class OtlpBodies {
  /** A placeholder trace id: 12 bytes 0xff that no other field of these bodies contains, then the trace index. */
  private static final int MARKER_PREFIX = 12;

  static BodyTemplate encode(SyntheticBatch batch) {
    ScopeSpans.Builder scope = ScopeSpans.newBuilder()
        .setScope(InstrumentationScope.newBuilder().setName("sightline-bench"));
    for (int t = 0; t < batch.traces().size(); t++) {
      SyntheticBatch.Trace trace = batch.traces().get(t);
      for (SyntheticBatch.Span span : trace.spans()) {
        scope.addSpans(span(trace, span, marker(t)));
      }
    }
    byte[] bytes = ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
            .setResource(Resource.newBuilder().addAttributes(attribute("service.name", "sightline-bench")))
            .addScopeSpans(scope))
        .build().toByteArray();
    return template(bytes, batch.traces().size() * SyntheticBatch.SPANS_PER_TRACE);
  }

  private static Span span(SyntheticBatch.Trace trace, SyntheticBatch.Span span, ByteString traceId) {
    Span.Builder out = Span.newBuilder().setTraceId(traceId).setSpanId(spanId(span.spanId()))
        .setStartTimeUnixNano(span.start() * 1000).setEndTimeUnixNano(span.end() * 1000)
        .addAttributes(attribute("gen_ai.input.messages",
            "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"" + span.input() + "\"}]}]"))
        .addAttributes(attribute("gen_ai.output.messages",
            "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"" + span.output()
                + "\"}],\"finish_reason\":\"stop\"}]"));
    if (span.isRoot()) {
      out.setName("invoke_agent " + trace.feature()).setKind(Span.SpanKind.SPAN_KIND_INTERNAL)
          .addAttributes(attribute("gen_ai.operation.name", "invoke_agent"))
          .addAttributes(attribute("gen_ai.agent.name", trace.feature()))
          .addAttributes(attribute("session.id", trace.sessionId()))
          .addAttributes(attribute("user.id", trace.userId()))
          .setStatus(Status.newBuilder().setCode(trace.failed()
              ? Status.StatusCode.STATUS_CODE_ERROR : Status.StatusCode.STATUS_CODE_OK));
    } else {
      out.setParentSpanId(spanId(1));
    }
    SyntheticBatch.Generation call = span.generation();
    if (call != null) {
      out.setName("chat " + call.model()).setKind(Span.SpanKind.SPAN_KIND_CLIENT)
          .addAttributes(attribute("gen_ai.operation.name", "chat"))
          .addAttributes(attribute("gen_ai.provider.name", call.provider()))
          .addAttributes(attribute("gen_ai.request.model", call.model()))
          .addAttributes(attribute("gen_ai.response.model", call.model()))
          .addAttributes(attribute("gen_ai.usage.input_tokens", call.inputTokens()))
          .addAttributes(attribute("gen_ai.usage.output_tokens", call.outputTokens()));
    } else if (!span.isRoot()) {
      out.setName("retrieval step-" + span.index()).setKind(Span.SpanKind.SPAN_KIND_INTERNAL)
          .addAttributes(attribute("gen_ai.operation.name", "retrieval"));
    }
    return out.build();
  }

  /** Finds the placeholder ids in the encoded body: every span's trace id field. */
  private static BodyTemplate template(byte[] bytes, int expectedIds) {
    List<Integer> offsets = new ArrayList<>();
    List<Integer> traceIndexes = new ArrayList<>();
    for (int at = 0; at + MARKER_PREFIX + Integer.BYTES <= bytes.length; at++) {
      if (isMarker(bytes, at)) {
        offsets.add(at);
        traceIndexes.add(ByteBuffer.wrap(bytes, at + MARKER_PREFIX, Integer.BYTES).getInt());
        at += MARKER_PREFIX + Integer.BYTES - 1;
      }
    }
    if (offsets.size() != expectedIds) {
      throw new IllegalStateException("found " + offsets.size() + " trace ids, expected " + expectedIds);
    }
    return new BodyTemplate(bytes, BodyTemplate.IdEncoding.BINARY,
        offsets.stream().mapToInt(Integer::intValue).toArray(),
        traceIndexes.stream().mapToInt(Integer::intValue).toArray());
  }

  private static boolean isMarker(byte[] bytes, int at) {
    for (int i = 0; i < MARKER_PREFIX; i++) {
      if (bytes[at + i] != (byte) 0xff) {
        return false;
      }
    }
    return true;
  }

  private static ByteString marker(int trace) {
    byte[] id = new byte[MARKER_PREFIX + Integer.BYTES];
    Arrays.fill(id, 0, MARKER_PREFIX, (byte) 0xff);
    ByteBuffer.wrap(id, MARKER_PREFIX, Integer.BYTES).putInt(trace);
    return ByteString.copyFrom(id);
  }

  private static ByteString spanId(long id) {
    return ByteString.copyFrom(ByteBuffer.allocate(Long.BYTES).putLong(id).array());
  }

  private static KeyValue attribute(String key, String value) {
    return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
  }

  private static KeyValue attribute(String key, long value) {
    return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setIntValue(value)).build();
  }

  private OtlpBodies() {}
}
