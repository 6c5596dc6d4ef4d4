package dev.sightline.bench;

import dev.sightline.core.model.Row;
import dev.sightline.core.model.Schema;
import dev.sightline.core.model.Table;
import dev.sightline.storage.tests.ZipfWords;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Merged storage rows as the pipeline's loader hands them to {@code Storage.write}: traces of ten
 * spans (an agent step, then generations and retrievals alternating), each span with about 1 KB of
 * chat input and output text of {@link ZipfWords} (Zipf-distributed, so full-text queries range from
 * common to rare words), and a trace row carrying the rollups of its spans.
 *
 * <p>Texts are glued from a pool of pre-built 20-word fragments, so generating a row costs little
 * CPU next to storing it while every text stays practically unique. Trace {@code n} has id
 * {@link #traceId}(n) and starts a gap ({@value #TRACE_GAP_MICROS} µs unless given) after trace n - 1 (plus jitter):
 * rows arrive in about time order, as live traffic does. Not thread-safe.
 */
final class SpanRows {
  static final String PROJECT = "bench";
  static final int SPANS_PER_TRACE = 10;
  static final String[] FEATURES = SyntheticBatch.FEATURES;
  static final String[] MODELS = SyntheticBatch.MODELS;
  static final long TRACE_GAP_MICROS = 10_000;
  /** Where {@link StorageLoad}'s first trace starts, epoch microseconds (2024-06-01). */
  static final long BENCH_START = 1_717_200_000_000_000L;
  private static final int FRAGMENTS = 1 << 16;
  private static final int FRAGMENT_WORDS = 20;

  private final Random random;
  private final String[] fragments = new String[FRAGMENTS];
  private final long startMicros;
  private final long gapMicros;
  private long next;

  SpanRows(long seed, long startMicros) {
    this(seed, startMicros, TRACE_GAP_MICROS);
  }

  /** Rows whose traces start {@code gapMicros} apart: a wider gap spreads the same rows over more days. */
  SpanRows(long seed, long startMicros, long gapMicros) {
    this.random = new Random(seed);
    this.startMicros = startMicros;
    this.gapMicros = gapMicros;
    for (int i = 0; i < FRAGMENTS; i++) {
      fragments[i] = ZipfWords.sentence(random, FRAGMENT_WORDS);
    }
  }

  /** The id of trace number {@code n}: 32 lowercase hex. */
  static String traceId(long n) {
    return String.format("%016x%016x", mix(n), mix(n + 0x5DEECE66DL));
  }

  /** When trace number {@code n} starts, about: epoch microseconds. */
  long traceStart(long n) {
    return startMicros + n * gapMicros;
  }

  /** Goes on from trace number {@code n}: the traces of a load that already stored 0 to n - 1 come next. */
  void skipTo(long n) {
    next = n;
  }

  /** How many traces were generated so far. */
  long traces() {
    return next;
  }

  /** The rows of the next {@code traces} traces: each trace's spans, then its trace row. */
  List<Row> next(int traces) {
    List<Row> rows = new ArrayList<>(traces * (SPANS_PER_TRACE + 1));
    for (int t = 0; t < traces; t++) {
      trace(next++, rows);
    }
    return rows;
  }

  private void trace(long n, List<Row> rows) {
    String traceId = traceId(n);
    long start = traceStart(n) + random.nextInt(5_000_000);
    Row.Builder trace = Row.builder(Table.TRACES)
        .set(Schema.PROJECT_ID, PROJECT).set(Schema.TRACE_ID, traceId)
        .set(Schema.FEATURE, FEATURES[random.nextInt(FEATURES.length)])
        .set(Schema.STATUS, random.nextInt(50) == 0 ? "failure" : "success")
        .set(Schema.SESSION_ID, "session-" + random.nextInt(50_000))
        .set(Schema.USER_ID, "user-" + random.nextInt(20_000))
        .set(Schema.ENVIRONMENT, "production").set(Schema.TAGS, List.of("bench"))
        .set(Schema.START_TIME, start)
        .set(Schema.INPUT, chat(text(1))).set(Schema.OUTPUT, message(text(1)));
    trace.set(Schema.NAME, trace.get(Schema.FEATURE));
    long errors = 0;
    long inputTokens = 0;
    long outputTokens = 0;
    double cost = 0;
    List<String> models = new ArrayList<>();
    long end = start;
    for (int s = 0; s < SPANS_PER_TRACE; s++) {
      long spanStart = start + s * 300_000L;
      long spanEnd = spanStart + 50_000 + random.nextInt(2_000_000);
      end = Math.max(end, spanEnd);
      boolean generation = s % 2 == 1;
      boolean failed = random.nextInt(100) == 0;
      errors += failed ? 1 : 0;
      Row.Builder span = Row.builder(Table.SPANS)
          .set(Schema.PROJECT_ID, PROJECT).set(Schema.TRACE_ID, traceId)
          .set(Schema.SPAN_ID, String.format("%016x", s + 1))
          .set(Schema.PARENT_SPAN_ID, s == 0 ? null : String.format("%016x", 1))
          .set(Schema.TYPE, s == 0 ? "agent" : generation ? "generation" : "retrieval")
          .set(Schema.NAME, "step-" + s).set(Schema.STATUS, failed ? "failure" : "success")
          .set(Schema.START_TIME, spanStart).set(Schema.END_TIME, spanEnd)
          .set(Schema.INPUT, chat(text(4))).set(Schema.OUTPUT, message(text(4)));
      if (generation) {
        String model = MODELS[random.nextInt(MODELS.length)];
        long in = 200 + random.nextInt(800);
        long out = 50 + random.nextInt(300);
        double spanCost = random.nextInt(5000) / 1_000_000.0;
        // Derived from what is drawn already, so the random sequence (and every other field) stays as it was.
        span.set(Schema.COMPLETION_START_TIME, spanStart + (spanEnd - spanStart) / 4)
            .set(Schema.PROMPT, "{\"slug\":\"step-" + s + "\",\"version\":" + n % 3 + "}")
            .set(Schema.TAGS, List.of("llm", model));
        span.set(Schema.PROVIDER, "openai").set(Schema.MODEL, model)
            .set(Schema.MODEL_PARAMETERS, "{\"temperature\":0.7}")
            .set(Schema.INPUT_TOKENS, in).set(Schema.OUTPUT_TOKENS, out)
            .set(Schema.TOTAL_TOKENS, in + out).set(Schema.COST, spanCost);
        inputTokens += in;
        outputTokens += out;
        cost += spanCost;
        if (!models.contains(model)) {
          models.add(model);
        }
      }
      rows.add(span.build());
    }
    trace.set(Schema.END_TIME, end).set(Schema.SPAN_COUNT, (long) SPANS_PER_TRACE)
        .set(Schema.ERROR_COUNT, errors).set(Schema.INPUT_TOKENS, inputTokens)
        .set(Schema.OUTPUT_TOKENS, outputTokens).set(Schema.TOTAL_TOKENS, inputTokens + outputTokens)
        .set(Schema.COST, cost).set(Schema.MODELS, List.copyOf(models))
        .set(Schema.FIRST_SPAN_START, start).set(Schema.LAST_SPAN_END, end);
    rows.add(trace.build());
  }

  /** {@code fragments} random fragments of {@value #FRAGMENT_WORDS} words, space-separated. */
  private String text(int count) {
    StringBuilder out = new StringBuilder(count * FRAGMENT_WORDS * 8);
    for (int i = 0; i < count; i++) {
      out.append(i == 0 ? "" : " ").append(fragments[random.nextInt(FRAGMENTS)]);
    }
    return out.toString();
  }

  /** SplitMix64's finalizer: a bijection, so distinct n give distinct ids. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private static String chat(String content) {
    return "[{\"role\":\"user\",\"content\":\"" + content + "\"}]";
  }

  private static String message(String content) {
    return "{\"role\":\"assistant\",\"content\":\"" + content + "\"}";
  }
}
