package dev.sightline.bench;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes a {@link SyntheticBatch} as a Zipkin v2 JSON body ({@code POST /api/v2/spans}): a list
 * of spans, each the Zipkin equivalent of a native span, so that a Zipkin server can be loaded
 * with the same content as Sightline.
 *
 * <p>Each span has the native span's trace id (32 hex), span id and parent id (16 hex), its name
 * ({@code step-N}), {@code timestamp} and {@code duration} in microseconds, the trace's feature as
 * {@code localEndpoint.serviceName}, and its fields as string tags: {@code span.type}; on
 * generations {@code gen_ai.provider.name}, {@code gen_ai.request.model},
 * {@code gen_ai.usage.input_tokens}, {@code gen_ai.usage.output_tokens} and
 * {@code gen_ai.usage.cost} (USD); and {@code input}/{@code output}, the same chat message JSON
 * (about 1.1 KB of text per span) the native span carries, as text. Generations are {@code CLIENT}
 * spans (a call to the model provider); the others have no kind (local spans), as Zipkin has no
 * internal kind. Zipkin has no trace record: like OTLP, the trace's session and user ids and its
 * status ({@code status}, plus Zipkin's {@code error} tag on failed traces) ride on its root span,
 * and its 20-word trace-level input is not sent.
 */
final class ZipkinBodies {

  static BodyTemplate encode(SyntheticBatch batch) {
    StringBuilder json = new StringBuilder(batch.traces().size() * SyntheticBatch.SPANS_PER_TRACE * 1500);
    List<Integer> offsets = new ArrayList<>();
    List<Integer> traceIndexes = new ArrayList<>();
    json.append('[');
    for (int t = 0; t < batch.traces().size(); t++) {
      SyntheticBatch.Trace trace = batch.traces().get(t);
      for (SyntheticBatch.Span span : trace.spans()) {
        json.append(json.length() == 1 ? "" : ",").append("{\"traceId\":\"");
        offsets.add(json.length());
        traceIndexes.add(t);
        json.append("0".repeat(32));
        json.append("\",\"id\":\"").append(hex16(span.spanId())).append('"');
        if (!span.isRoot()) {
          json.append(",\"parentId\":\"").append(hex16(1)).append('"');
        }
        SyntheticBatch.Generation call = span.generation();
        if (call != null) {
          json.append(",\"kind\":\"CLIENT\"");
        }
        json.append(",\"name\":\"step-").append(span.index())
            .append("\",\"timestamp\":").append(span.start())
            .append(",\"duration\":").append(span.end() - span.start())
            .append(",\"localEndpoint\":{\"serviceName\":\"").append(trace.feature())
            .append("\"},\"tags\":{");
        tag(json, "span.type", span.type());
        if (span.isRoot()) {
          tag(json, "session.id", trace.sessionId());
          tag(json, "user.id", trace.userId());
          tag(json, "status", trace.failed() ? "failure" : "success");
          if (trace.failed()) {
            tag(json, "error", "failure");
          }
        }
        if (call != null) {
          tag(json, "gen_ai.provider.name", call.provider());
          tag(json, "gen_ai.request.model", call.model());
          tag(json, "gen_ai.usage.input_tokens", Integer.toString(call.inputTokens()));
          tag(json, "gen_ai.usage.output_tokens", Integer.toString(call.outputTokens()));
          tag(json, "gen_ai.usage.cost", BigDecimal.valueOf(call.cost()).toPlainString());
        }
        tag(json, "input", "[{\"role\":\"user\",\"content\":\"" + span.input() + "\"}]");
        tag(json, "output", "{\"role\":\"assistant\",\"content\":\"" + span.output() + "\"}");
        json.setLength(json.length() - 1);
        json.append("}}");
      }
    }
    json.append(']');
    return new BodyTemplate(json.toString().getBytes(StandardCharsets.US_ASCII), BodyTemplate.IdEncoding.HEX,
        offsets.stream().mapToInt(Integer::intValue).toArray(),
        traceIndexes.stream().mapToInt(Integer::intValue).toArray());
  }

  /** Appends {@code "key":"value",} with the value escaped as a JSON string. */
  private static void tag(StringBuilder json, String key, String value) {
    json.append('"').append(key).append("\":\"");
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\') {
        json.append('\\');
      }
      json.append(c);
    }
    json.append("\",");
  }

  private static String hex16(long id) {
    return String.format("%016x", id);
  }

  private ZipkinBodies() {}
}
