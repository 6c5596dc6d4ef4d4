package dev.sightline.storage.tests;

import static dev.sightline.storage.tests.TestRows.MILLI;
import static dev.sightline.storage.tests.TestRows.SECOND;
import static dev.sightline.storage.tests.TestRows.T0;
import static dev.sightline.storage.tests.TestRows.chat;
import static dev.sightline.storage.tests.TestRows.message;

import dev.sightline.core.model.Row;
import dev.sightline.core.model.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A reproducible, realistic workload of one project: traces of a chat assistant with 5 to 15 spans
 * each, generations with tokens and cost, failures, sessions, users and feedback scores. Start
 * times fall on a 30-second grid so that sort ties are common; some traces lack a start or end
 * time and fall back on their spans' rollups.
 *
 * @param traces the trace rows, with rollups computed from their spans
 * @param spans every span
 * @param scores feedback on traces and spans
 * @param batches the rows grouped as the loader would write them: a few traces with their spans and
 *     scores per batch, then a batch of updates that fails every seventh trace and ends it 90 s
 *     later (the traces above are the updated versions)
 */
public record Workload(List<Row> traces, List<Row> spans, List<Row> scores, List<List<Row>> batches) {
  /** A word that only some spans' output contains. */
  public static final String RARE_WORD = "refund";

  private static final List<String> FEATURES = List.of("support-chat", "checkout-assistant", "search");
  private static final List<String> MODELS = List.of("gpt-4o", "gpt-4o-mini", "claude-3-5-sonnet");
  private static final List<String> TYPES = List.of("generation", "generation", "tool", "retrieval", "span", "event");
  private static final List<String> WORDS = List.of("order", "delivery", "invoice", "address", "password",
      "weather", "booking", "table", "flight", "hotel", "late", "cancel", "change", "help", "please");

  /**
   * Generates {@code traceCount} traces with ids {@code traceId(0..traceCount-1)}; the seed decides
   * everything else.
   */
  public static Workload generate(String projectId, int traceCount, long seed) {
    Random rnd = new Random(seed);
    List<Row> traces = new ArrayList<>();
    List<Row> spans = new ArrayList<>();
    List<Row> scores = new ArrayList<>();
    List<List<Row>> batches = new ArrayList<>();
    List<Row> batch = new ArrayList<>();
    List<Row> updates = new ArrayList<>();
    for (int t = 0; t < traceCount; t++) {
      String traceId = TestRows.traceId(t);
      long start = T0 + rnd.nextInt(720) * 30 * SECOND;
      List<Row> traceSpans = new ArrayList<>();
      long end = start;
      int spanCount = 5 + rnd.nextInt(11);
      for (int s = 0; s < spanCount; s++) {
        long spanStart = start + s * 100 * MILLI + rnd.nextInt(50) * MILLI;
        long spanEnd = spanStart + (10 + rnd.nextInt(5000)) * MILLI;
        end = Math.max(end, spanEnd);
        traceSpans.add(span(rnd, projectId, traceId, TestRows.spanId(t * 100L + s), spanStart, spanEnd));
      }
      String feature = pick(rnd, FEATURES);
      int user = rnd.nextInt(40);
      TestRows.RowSpec trace = TestRows.trace(projectId, traceId).feature(feature).name(feature)
          .status(rnd.nextInt(100) < 8 ? "failure" : "success")
          .environment(rnd.nextInt(4) == 0 ? "staging" : "production")
          .user("user-" + user, rnd.nextBoolean() ? "User " + user : null)
          .session(rnd.nextInt(5) == 0 ? null : "sess-" + rnd.nextInt(60))
          .input(chat("user", sentence(rnd))).output(message("assistant", sentence(rnd)))
          .start(rnd.nextInt(20) == 0 ? null : start).end(rnd.nextInt(10) == 0 ? null : end);
      Row traceRow = TestRows.rollUp(trace.build(), traceSpans);
      batch.add(traceRow);
      batch.addAll(traceSpans);
      spans.addAll(traceSpans);
      if (t % 7 == 0) {
        Long traceEnd = traceRow.longValue(Schema.END_TIME);
        traceRow = traceRow.toBuilder().set(Schema.STATUS, "failure")
            .set(Schema.END_TIME, traceEnd == null ? null : traceEnd + 90 * SECOND).build();
        updates.add(traceRow);
      }
      traces.add(traceRow);
      if (rnd.nextBoolean()) {
        Row score = TestRows.score(projectId, "score-" + t).traceOf(traceId)
            .spanOf(rnd.nextInt(3) == 0 ? traceSpans.get(0).string(Schema.SPAN_ID) : null)
            .session(traceRow.string(Schema.SESSION_ID)).name("thumbs").source("feedback")
            .value(rnd.nextBoolean() ? 1.0 : 0.0).time(start + rnd.nextInt(600) * SECOND).build();
        scores.add(score);
        batch.add(score);
      }
      if (t % 25 == 24 || t == traceCount - 1) {
        batches.add(List.copyOf(batch));
        batch.clear();
      }
    }
    batches.add(List.copyOf(updates));
    return new Workload(List.copyOf(traces), List.copyOf(spans), List.copyOf(scores), List.copyOf(batches));
  }

  private static Row span(Random rnd, String projectId, String traceId, String spanId, long start, long end) {
    String type = pick(rnd, TYPES);
    TestRows.RowSpec span = TestRows.span(projectId, traceId, spanId).type(type).name(type + " step")
        .status(rnd.nextInt(100) < 5 ? "failure" : "success").times(start, end)
        .input(chat("user", sentence(rnd)))
        .output(message("assistant", sentence(rnd) + (rnd.nextInt(40) == 0 ? " " + RARE_WORD : "")));
    if (rnd.nextInt(5) == 0) {
      span.tags("cached");
    }
    if (type.equals("generation")) {
      int input = 50 + rnd.nextInt(2000);
      int output = 10 + rnd.nextInt(500);
      span.model(pick(rnd, MODELS)).tokens(input, output).cost(input * 2.5e-6 + output * 1e-5);
    }
    return span.build();
  }

  private static String sentence(Random rnd) {
    StringBuilder out = new StringBuilder(pick(rnd, WORDS));
    for (int i = 1 + rnd.nextInt(8); i > 0; i--) {
      out.append(' ').append(pick(rnd, WORDS));
    }
    return out.append('.').toString();
  }

  private static String pick(Random rnd, List<String> values) {
    return values.get(rnd.nextInt(values.size()));
  }
}
