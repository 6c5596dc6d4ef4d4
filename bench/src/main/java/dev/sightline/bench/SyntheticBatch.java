package dev.sightline.bench;

import dev.sightline.storage.tests.ZipfWords;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The content of one ingest batch, independent of its wire format: traces of
 * {@value #SPANS_PER_TRACE} spans (an agent step, then retrievals and generations alternating),
 * each span with about 1 KB of chat input and output text of {@link ZipfWords}. Drawn once from a seed,
 * so every format sends the same traces. Times are epoch microseconds; trace ids are not part of
 * the content (a {@link BodyTemplate} writes them per request).
 */
record SyntheticBatch(List<Trace> traces) {
  static final int SPANS_PER_TRACE = 10;
  static final String[] FEATURES = {"support-chat", "rag-search", "summarize", "translate",
      "classify", "agent-planner", "code-review", "email-draft"};
  static final String[] MODELS = {"gpt-4o", "gpt-4o-mini", "claude-sonnet-4", "llama-3.1-70b"};
  private static final String[] PROVIDERS = {"openai", "openai", "anthropic", "meta"};

  /** A trace and its spans; {@code failed} traces are about one in fifty. */
  record Trace(String feature, boolean failed, String sessionId, String userId, long start, long end,
      String input, List<Span> spans) {}

  /**
   * A span; span {@code i} of every trace has id {@code i + 1}, and spans after the first are
   * children of it. {@code generation} is null except on generation spans.
   */
  record Span(int index, String type, long start, long end, Generation generation, String input,
      String output) {
    long spanId() {
      return index + 1;
    }

    boolean isRoot() {
      return index == 0;
    }
  }

  /** A model call's fields; cost in USD. */
  record Generation(String provider, String model, int inputTokens, int outputTokens, double cost) {}

  /**
   * @param spans spans in the batch, a multiple of {@link #SPANS_PER_TRACE}
   * @param startMicros the traces start within a minute after this
   */
  static SyntheticBatch generate(int spans, long seed, long startMicros) {
    Random random = new Random(seed);
    List<Trace> traces = new ArrayList<>();
    for (int t = 0; t < spans / SPANS_PER_TRACE; t++) {
      String feature = FEATURES[random.nextInt(FEATURES.length)];
      long start = startMicros + random.nextInt(60_000_000);
      boolean failed = random.nextInt(50) == 0;
      String session = "session-" + random.nextInt(5000);
      String user = "user-" + random.nextInt(2000);
      String input = ZipfWords.sentence(random, 20);
      List<Span> children = new ArrayList<>();
      for (int s = 0; s < SPANS_PER_TRACE; s++) {
        children.add(span(random, s, start + s * 300_000L));
      }
      traces.add(new Trace(feature, failed, session, user, start, start + 4_000_000, input,
          List.copyOf(children)));
    }
    return new SyntheticBatch(List.copyOf(traces));
  }

  // The draws keep the order of the original native generator, so a seed makes the same bodies.
  private static Span span(Random random, int index, long start) {
    boolean generation = index % 2 == 1;
    long end = start + 50_000 + random.nextInt(2_000_000);
    Generation call = null;
    if (generation) {
      int model = random.nextInt(MODELS.length);
      call = new Generation(PROVIDERS[model], MODELS[model], 200 + random.nextInt(800),
          50 + random.nextInt(300), random.nextInt(5000) / 1_000_000.0);
    }
    String type = index == 0 ? "agent" : generation ? "generation" : "retrieval";
    return new Span(index, type, start, end, call, ZipfWords.sentence(random, 80),
        ZipfWords.sentence(random, 80));
  }
}
