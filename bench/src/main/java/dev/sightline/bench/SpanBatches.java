package dev.sightline.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Realistic ingest bodies: batches of LLM-sized spans (about 1 KB of chat input and output text
 * each) grouped in traces of ten spans, built once as templates whose trace ids are patched in
 * place per request, so generating load costs almost no CPU.
 *
 * <p>Trace ids are {@code prefix (8 hex) + sequence (24 hex)}, so a query benchmark can name
 * traces that exist without any bookkeeping. Not thread-safe; one instance per client thread.
 */
final class SpanBatches {
  static final int SPANS_PER_TRACE = 10;
  static final String[] FEATURES = {"support-chat", "rag-search", "summarize", "translate",
      "classify", "agent-planner", "code-review", "email-draft"};
  static final String[] MODELS = {"gpt-4o", "gpt-4o-mini", "claude-sonnet-4", "llama-3.1-70b"};

  private final byte[] template;
  private final int[] idOffsets;
  private final int traces;

  /**
   * @param spans spans per batch, a multiple of {@link #SPANS_PER_TRACE}
   * @param startMicros start time of the generated traces, epoch microseconds
   */
  SpanBatches(int spans, long seed, long startMicros) {
    this.traces = spans / SPANS_PER_TRACE;
    Random random = new Random(seed);
    StringBuilder json = new StringBuilder(spans * 1400);
    List<Integer> offsets = new ArrayList<>();
    json.append("{\"batch\":[");
    for (int t = 0; t < traces; t++) {
      String feature = FEATURES[random.nextInt(FEATURES.length)];
      long start = startMicros + random.nextInt(60_000_000);
      json.append(t == 0 ? "" : ",").append("{\"type\":\"trace\",\"body\":{\"traceId\":\"");
      offsets.add(json.length());
      json.append("0".repeat(32)).append("\",\"feature\":\"").append(feature)
          .append("\",\"status\":\"").append(random.nextInt(50) == 0 ? "failure" : "success")
          .append("\",\"sessionId\":\"session-").append(random.nextInt(5000))
          .append("\",\"user\":{\"id\":\"user-").append(random.nextInt(2000))
          .append("\"},\"tags\":[\"bench\"],\"startTime\":").append(start)
          .append(",\"endTime\":").append(start + 4_000_000)
          .append(",\"input\":\"").append(Words.sentence(random, 20)).append("\"}}");
      for (int s = 0; s < SPANS_PER_TRACE; s++) {
        long spanStart = start + s * 300_000L;
        boolean generation = s % 2 == 1;
        json.append(",{\"type\":\"span\",\"body\":{\"traceId\":\"");
        offsets.add(json.length());
        json.append("0".repeat(32)).append("\",\"spanId\":\"").append(String.format("%016x", s + 1))
            .append('"');
        if (s > 0) {
          json.append(",\"parentSpanId\":\"").append(String.format("%016x", 1)).append('"');
        }
        json.append(",\"type\":\"").append(s == 0 ? "agent" : generation ? "generation" : "retrieval")
            .append("\",\"name\":\"step-").append(s).append("\",\"startTime\":").append(spanStart)
            .append(",\"endTime\":").append(spanStart + 50_000 + random.nextInt(2_000_000));
        if (generation) {
          json.append(",\"model\":\"").append(MODELS[random.nextInt(MODELS.length)])
              .append("\",\"inputTokens\":").append(200 + random.nextInt(800))
              .append(",\"outputTokens\":").append(50 + random.nextInt(300))
              .append(",\"cost\":").append(random.nextInt(5000) / 1_000_000.0);
        }
        json.append(",\"input\":[{\"role\":\"user\",\"content\":\"").append(Words.sentence(random, 80))
            .append("\"}],\"output\":{\"role\":\"assistant\",\"content\":\"")
            .append(Words.sentence(random, 80)).append("\"}}}");
      }
    }
    json.append("]}");
    this.template = json.toString().getBytes(StandardCharsets.US_ASCII);
    this.idOffsets = offsets.stream().mapToInt(Integer::intValue).toArray();
  }

  int traces() {
    return traces;
  }

  /** A body whose traces get ids {@code prefix + firstTrace .. firstTrace + traces() - 1}. */
  byte[] body(int prefix, long firstTrace) {
    byte[] body = template.clone();
    int perTrace = 1 + SPANS_PER_TRACE;
    for (int i = 0; i < idOffsets.length; i++) {
      writeId(body, idOffsets[i], prefix, firstTrace + i / perTrace);
    }
    return body;
  }

  /** The trace id of trace number {@code n} of a run with this prefix. */
  static String traceId(int prefix, long n) {
    return String.format("%08x%024x", prefix, n);
  }

  private static void writeId(byte[] body, int at, int prefix, long n) {
    String id = traceId(prefix, n);
    for (int i = 0; i < 32; i++) {
      body[at + i] = (byte) id.charAt(i);
    }
  }
}
