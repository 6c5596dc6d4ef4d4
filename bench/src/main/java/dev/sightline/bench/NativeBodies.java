package dev.sightline.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes a {@link SyntheticBatch} as a body of Sightline's native ingest API
 * ({@code POST /api/ingest}): one trace item per trace, then one span item per span; with
 * {@code texts} false, metadata only (no input or output), as an application that records no
 * prompts sends.
 */
final class NativeBodies {

  /** What generations report of their usage: everything, tokens only, or nothing (the server infers the rest). */
  enum Usage { SENT, NO_COST, NONE }

  static BodyTemplate encode(SyntheticBatch batch, boolean texts) {
    return encode(batch, texts, Usage.SENT);
  }

  static BodyTemplate encode(SyntheticBatch batch, boolean texts, Usage usage) {
    StringBuilder json = new StringBuilder(batch.traces().size() * SyntheticBatch.SPANS_PER_TRACE * 1400);
    List<Integer> offsets = new ArrayList<>();
    List<Integer> traceIndexes = new ArrayList<>();
    json.append("{\"batch\":[");
    for (int t = 0; t < batch.traces().size(); t++) {
      SyntheticBatch.Trace trace = batch.traces().get(t);
      json.append(t == 0 ? "" : ",").append("{\"type\":\"trace\",\"body\":{\"traceId\":\"");
      idSlot(json, offsets, traceIndexes, t);
      json.append("\",\"feature\":\"").append(trace.feature())
          .append("\",\"status\":\"").append(trace.failed() ? "failure" : "success")
          .append("\",\"sessionId\":\"").append(trace.sessionId())
          .append("\",\"user\":{\"id\":\"").append(trace.userId())
          .append("\"},\"tags\":[\"bench\"],\"startTime\":").append(trace.start())
          .append(",\"endTime\":").append(trace.end());
      if (texts) {
        // The trace's own id in its text: a word of exactly one trace, for rare-word searches.
        json.append(",\"input\":\"ticket ");
        idSlot(json, offsets, traceIndexes, t);
        json.append(' ').append(trace.input()).append('"');
      }
      json.append("}}");
      for (SyntheticBatch.Span span : trace.spans()) {
        json.append(",{\"type\":\"span\",\"body\":{\"traceId\":\"");
        idSlot(json, offsets, traceIndexes, t);
        json.append("\",\"spanId\":\"").append(hex16(span.spanId())).append('"');
        if (!span.isRoot()) {
          json.append(",\"parentSpanId\":\"").append(hex16(1)).append('"');
        }
        json.append(",\"type\":\"").append(span.type())
            .append("\",\"name\":\"step-").append(span.index()).append("\",\"startTime\":").append(span.start())
            .append(",\"endTime\":").append(span.end());
        SyntheticBatch.Generation call = span.generation();
        if (call != null) {
          json.append(",\"model\":\"").append(call.model()).append('"');
          if (usage != Usage.NONE) {
            json.append(",\"inputTokens\":").append(call.inputTokens())
                .append(",\"outputTokens\":").append(call.outputTokens());
          }
          if (usage == Usage.SENT) {
            json.append(",\"cost\":").append(call.cost());
          }
        }
        if (texts) {
          json.append(",\"input\":[{\"role\":\"user\",\"content\":\"").append(span.input())
              .append("\"}],\"output\":{\"role\":\"assistant\",\"content\":\"")
              .append(span.output()).append("\"}");
        }
        json.append("}}");
      }
    }
    json.append("]}");
    return new BodyTemplate(json.toString().getBytes(StandardCharsets.US_ASCII), BodyTemplate.IdEncoding.HEX,
        offsets.stream().mapToInt(Integer::intValue).toArray(),
        traceIndexes.stream().mapToInt(Integer::intValue).toArray());
  }

  private static void idSlot(StringBuilder json, List<Integer> offsets, List<Integer> traceIndexes, int trace) {
    offsets.add(json.length());
    traceIndexes.add(trace);
    json.append("0".repeat(32));
  }

  private static String hex16(long id) {
    return String.format("%016x", id);
  }

  private NativeBodies() {}
}
