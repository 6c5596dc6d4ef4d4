package dev.sightline.server.datasets;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.sightline.core.model.Row;
import dev.sightline.core.model.Schema;
import dev.sightline.core.storage.Cursor;
import dev.sightline.core.storage.Filter;
import dev.sightline.core.storage.Page;
import dev.sightline.core.storage.QuerySemantics;
import dev.sightline.core.storage.Sort;
import dev.sightline.core.storage.StorageReader;
import dev.sightline.core.storage.TraceQuery;
import dev.sightline.server.query.RetentionWindow;
import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The runs of a dataset as the API shows them: each run with its averages per evaluator, and one
 * run item by item. Latency and cost come from the runs' traces once they are stored, found by the
 * metadata the SDK puts on them ({@code dataset}, {@code datasetRun}) and matched by trace id.
 * Thread-safe.
 */
final class RunViews {
  private final DatasetStore store;
  private final StorageReader storage;
  private final RetentionWindow window;

  RunViews(DatasetStore store, StorageReader storage, RetentionWindow window) {
    this.store = store;
    this.storage = storage;
    this.window = window;
  }

  /** What is known of one trace of a run: its duration (microseconds) and cost (US dollars), each nullable. */
  record TraceFacts(Long duration, Double cost) {}

  /** {@code {"items": [{"name", "items", "errors", "scores": {evaluator: {...}}, "latency", "cost", ...}]}}. */
  void writeRuns(JsonGenerator g, String project, String dataset) throws IOException {
    g.writeStartObject();
    g.writeArrayFieldStart("items");
    for (String run : store.runs(project, dataset)) {
      List<RunItem> results = store.runItems(project, dataset, run);
      Map<String, TraceFacts> traces = traces(project, dataset, run);
      g.writeStartObject();
      g.writeStringField("name", run);
      g.writeNumberField("items", results.size());
      g.writeNumberField("errors", results.stream().filter(r -> r.error() != null).count());
      g.writeNumberField("firstTime", results.stream().mapToLong(RunItem::time).min().orElse(0));
      g.writeNumberField("lastTime", results.stream().mapToLong(RunItem::time).max().orElse(0));
      writeScores(g, results);
      writeTraces(g, results, traces);
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  /** Per evaluator: the mean of the values given, how many were, and how many evaluations failed. */
  private static void writeScores(JsonGenerator g, List<RunItem> results) throws IOException {
    Map<String, double[]> byName = new LinkedHashMap<>(); // sum, valued, failed
    for (RunItem r : results) {
      for (RunItem.Judgement j : r.scores()) {
        double[] s = byName.computeIfAbsent(j.name(), n -> new double[3]);
        if (j.value() != null) {
          s[0] += j.value();
          s[1]++;
        } else if (j.failed()) {
          s[2]++;
        }
      }
    }
    g.writeObjectFieldStart("scores");
    for (Map.Entry<String, double[]> e : byName.entrySet()) {
      double[] s = e.getValue();
      g.writeObjectFieldStart(e.getKey());
      if (s[1] > 0) {
        g.writeNumberField("avg", s[0] / s[1]);
      } else {
        g.writeNullField("avg");
      }
      g.writeNumberField("count", (long) s[1]);
      g.writeNumberField("errors", (long) s[2]);
      g.writeEndObject();
    }
    g.writeEndObject();
  }

  /** The mean latency and the total and mean cost of the run's stored traces, and how many are stored. */
  private static void writeTraces(JsonGenerator g, List<RunItem> results, Map<String, TraceFacts> traces)
      throws IOException {
    long durations = 0;
    int timed = 0;
    double cost = 0;
    int costed = 0;
    int stored = 0;
    for (RunItem r : results) {
      TraceFacts t = traces.get(r.traceId());
      if (t == null) {
        continue;
      }
      stored++;
      if (t.duration() != null) {
        durations += t.duration();
        timed++;
      }
      if (t.cost() != null) {
        cost += t.cost();
        costed++;
      }
    }
    g.writeNumberField("tracesStored", stored);
    if (timed > 0) {
      g.writeNumberField("avgLatency", durations / timed);
    } else {
      g.writeNullField("avgLatency");
    }
    if (costed > 0) {
      g.writeNumberField("totalCost", cost);
      g.writeNumberField("avgCost", cost / costed);
    } else {
      g.writeNullField("totalCost");
      g.writeNullField("avgCost");
    }
  }

  /** {@code {"name", "items": [{itemId, traceId, output, error, scores, time, input, expectedOutput, latency, cost}]}}. */
  void writeRun(JsonGenerator g, String project, String dataset, String run) throws IOException {
    Map<String, TraceFacts> traces = traces(project, dataset, run);
    g.writeStartObject();
    g.writeStringField("name", run);
    g.writeArrayFieldStart("items");
    for (RunItem r : store.runItems(project, dataset, run)) {
      g.writeStartObject();
      StoredLines.writeRunItemFields(g, r);
      DatasetItem item = store.item(project, dataset, r.itemId()).orElse(null);
      if (item != null) {
        StoredLines.raw(g, "input", item.input());
        StoredLines.raw(g, "expectedOutput", item.expectedOutput());
      }
      TraceFacts t = traces.get(r.traceId());
      if (t != null && t.duration() != null) {
        g.writeNumberField("latency", t.duration());
      }
      if (t != null && t.cost() != null) {
        g.writeNumberField("cost", t.cost());
      }
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  /** The stored traces of a run by id, a page of trace rows at a time (no spans are read). */
  private Map<String, TraceFacts> traces(String project, String dataset, String run) {
    Filter filter = window.clamp(project, Filter.builder()
        .metadata(Map.of("dataset", dataset, "datasetRun", run)).build());
    Map<String, TraceFacts> out = new HashMap<>();
    Cursor after = null;
    do {
      Page<Row> page = storage.traces(new TraceQuery(project, filter, Sort.START_TIME, true, 1000, after));
      for (Row t : page.items()) {
        out.put(t.string(Schema.TRACE_ID), new TraceFacts(QuerySemantics.duration(t), t.doubleValue(Schema.COST)));
      }
      after = page.nextCursor() == null ? null : Cursor.decode(page.nextCursor());
    } while (after != null);
    return out;
  }
}
