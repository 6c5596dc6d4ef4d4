package dev.sightline.server.query;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sightline.core.codec.RowJson;
import dev.sightline.core.model.Column;
import dev.sightline.core.model.Row;
import dev.sightline.core.model.Schema;
import dev.sightline.core.storage.Sums;
import dev.sightline.core.storage.TraceData;
import dev.sightline.server.governance.Masker;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A trace as a tree of spans, with tokens and cost rolled up from each span's descendants to it
 * and to the trace. Spans whose parent is unknown are roots; a parent cycle (bad input) is broken
 * where it is first met, so every span appears exactly once. Built and written without recursion,
 * so any depth is safe.
 */
public final class TraceTree {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final TraceData data;
  private final List<Row> spans;
  private final List<List<Integer>> children = new ArrayList<>();
  private final List<Integer> roots = new ArrayList<>();
  private final Totals[] totals;
  private final Map<String, List<Row>> scoresBySpan = new HashMap<>();
  private final List<Row> traceScores = new ArrayList<>();

  public TraceTree(TraceData data) {
    this.data = data;
    this.spans = data.spans();
    this.totals = new Totals[spans.size()];
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < spans.size(); i++) {
      index.put(spans.get(i).string(Schema.SPAN_ID), i);
      children.add(new ArrayList<>());
    }
    link(index);
    for (Row score : data.scores()) {
      String spanId = score.string(Schema.SPAN_ID);
      if (spanId != null && index.containsKey(spanId)) {
        scoresBySpan.computeIfAbsent(spanId, k -> new ArrayList<>()).add(score);
      } else {
        traceScores.add(score);
      }
    }
    rollUp();
  }

  /**
   * Writes {@code {"trace":{...}, "totals":{...}, "scores":[...], "spans":[tree]}}; without
   * {@code spanPayloads}, the spans leave out their {@link Schema#SPAN_PAYLOADS}.
   */
  public void write(JsonGenerator g, boolean spanPayloads) throws IOException {
    Collection<Column> omitted = spanPayloads ? List.of() : Schema.SPAN_PAYLOADS;
    g.writeStartObject();
    g.writeFieldName("trace");
    RowJson.write(g, data.trace());
    Totals all = new Totals();
    for (int root : roots) {
      all.add(totals[root]);
    }
    g.writeFieldName("totals");
    all.write(g);
    writeMasked(g);
    writeScores(g, traceScores);
    g.writeArrayFieldStart("spans");
    Deque<int[]> stack = new ArrayDeque<>(); // {span index, next child position}
    for (int root : roots) {
      openNode(g, root, stack, omitted);
      while (!stack.isEmpty()) {
        int[] top = stack.peek();
        List<Integer> kids = children.get(top[0]);
        if (top[1] < kids.size()) {
          openNode(g, kids.get(top[1]++), stack, omitted);
        } else {
          g.writeEndArray();
          g.writeEndObject();
          stack.pop();
        }
      }
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  private void openNode(JsonGenerator g, int i, Deque<int[]> stack, Collection<Column> omitted) throws IOException {
    Row span = spans.get(i);
    g.writeStartObject();
    RowJson.writeFields(g, span, omitted);
    g.writeFieldName("totals");
    totals[i].write(g);
    writeScores(g, scoresBySpan.getOrDefault(span.string(Schema.SPAN_ID), List.of()));
    g.writeArrayFieldStart("children");
    stack.push(new int[] {i, 0});
  }

  /**
   * {@code "masked": {"EMAIL": 3, ...}}: what masking replaced in the trace and its spans, by kind
   * (summed over their {@code sightline.masked.<field>.<KIND>} attributes); absent if nothing.
   */
  private void writeMasked(JsonGenerator g) throws IOException {
    Map<String, Long> byKind = new TreeMap<>();
    List<Row> rows = new ArrayList<>(spans);
    rows.add(data.trace());
    for (Row row : rows) {
      String attributes = row.string(Schema.ATTRIBUTES);
      if (attributes == null || !attributes.contains(Masker.COUNT_PREFIX)) {
        continue;
      }
      JSON.readTree(attributes).fields().forEachRemaining(e -> {
        if (e.getKey().startsWith(Masker.COUNT_PREFIX) && e.getValue().canConvertToLong()) {
          String kind = e.getKey().substring(e.getKey().lastIndexOf('.') + 1);
          byKind.merge(kind, e.getValue().longValue(), Long::sum);
        }
      });
    }
    if (!byKind.isEmpty()) {
      g.writeObjectFieldStart("masked");
      for (Map.Entry<String, Long> e : byKind.entrySet()) {
        g.writeNumberField(e.getKey(), e.getValue());
      }
      g.writeEndObject();
    }
  }

  private static void writeScores(JsonGenerator g, List<Row> scores) throws IOException {
    g.writeArrayFieldStart("scores");
    for (Row s : scores) {
      RowJson.write(g, s);
    }
    g.writeEndArray();
  }

  private void link(Map<String, Integer> index) {
    boolean[] placed = new boolean[spans.size()];
    List<Integer> candidates = new ArrayList<>();
    for (int i = 0; i < spans.size(); i++) {
      Integer parent = index.get(spans.get(i).string(Schema.PARENT_SPAN_ID));
      if (parent == null || parent == i) {
        candidates.add(i);
      }
    }
    for (int i = 0; i < spans.size(); i++) {
      candidates.add(i); // after the true roots: members of cycles become roots when first met
    }
    Map<Integer, List<Integer>> byParent = new HashMap<>();
    for (int i = 0; i < spans.size(); i++) {
      Integer parent = index.get(spans.get(i).string(Schema.PARENT_SPAN_ID));
      if (parent != null && parent != i) {
        byParent.computeIfAbsent(parent, k -> new ArrayList<>()).add(i);
      }
    }
    for (int root : candidates) {
      if (placed[root]) {
        continue;
      }
      placed[root] = true;
      roots.add(root);
      Deque<Integer> todo = new ArrayDeque<>(List.of(root));
      while (!todo.isEmpty()) {
        int node = todo.pop();
        for (int child : byParent.getOrDefault(node, List.of())) {
          if (!placed[child]) {
            placed[child] = true;
            children.get(node).add(child);
            todo.push(child);
          }
        }
      }
    }
  }

  private void rollUp() {
    List<Integer> order = new ArrayList<>(); // pre-order; reversed it visits children first
    Deque<Integer> todo = new ArrayDeque<>(roots);
    while (!todo.isEmpty()) {
      int node = todo.pop();
      order.add(node);
      children.get(node).forEach(todo::push);
    }
    for (int k = order.size() - 1; k >= 0; k--) {
      int node = order.get(k);
      Totals t = Totals.of(spans.get(node));
      for (int child : children.get(node)) {
        t.add(totals[child]);
      }
      totals[node] = t;
    }
  }

  /** Tokens, cost and span count of a span and its descendants. */
  private static final class Totals {
    long spanCount;
    long inputTokens;
    long outputTokens;
    long totalTokens;
    double cost;

    static Totals of(Row span) {
      Totals t = new Totals();
      t.spanCount = 1;
      t.inputTokens = orZero(span.longValue(Schema.INPUT_TOKENS));
      t.outputTokens = orZero(span.longValue(Schema.OUTPUT_TOKENS));
      t.totalTokens = orZero(span.longValue(Schema.TOTAL_TOKENS));
      t.cost = span.doubleValue(Schema.COST) == null ? 0 : span.doubleValue(Schema.COST);
      return t;
    }

    void add(Totals o) {
      spanCount += o.spanCount;
      inputTokens = Sums.add(inputTokens, o.inputTokens);
      outputTokens = Sums.add(outputTokens, o.outputTokens);
      totalTokens = Sums.add(totalTokens, o.totalTokens);
      cost += o.cost;
    }

    void write(JsonGenerator g) throws IOException {
      g.writeStartObject();
      g.writeNumberField("spanCount", spanCount);
      g.writeNumberField("inputTokens", inputTokens);
      g.writeNumberField("outputTokens", outputTokens);
      g.writeNumberField("totalTokens", totalTokens);
      g.writeNumberField("cost", cost);
      g.writeEndObject();
    }

    private static long orZero(Long v) {
      return v == null ? 0 : v;
    }
  }
}
