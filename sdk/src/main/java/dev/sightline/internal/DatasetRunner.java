package dev.sightline.internal;

import dev.sightline.DatasetItem;
import dev.sightline.DatasetRun;
import dev.sightline.Score;
import dev.sightline.Trace;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Fetches a dataset's items and runs them through the application, each in a trace of its own,
 * reporting the outputs to the server in batches ({@code POST /api/datasets/{name}/runs/{run}/items}),
 * which judges them. Thread-safe (each call works alone).
 */
public final class DatasetRunner {
  /** Results per report: the server judges a report's outputs before it answers. */
  static final int REPORT_BATCH = 20;
  private final Recorder recorder;

  public DatasetRunner(Recorder recorder) {
    this.recorder = recorder;
  }

  public List<DatasetItem> items(String dataset) {
    ApiCalls api = new ApiCalls(recorder.config);
    List<DatasetItem> out = new ArrayList<>();
    String cursor = null;
    do {
      Map<String, Object> page = api.get("/api/datasets/" + ApiCalls.segment(dataset) + "/items?limit=1000"
          + (cursor == null ? "" : "&cursor=" + ApiCalls.segment(cursor)));
      for (Object o : list(page.get("items"))) {
        Map<String, Object> i = map(o);
        out.add(new DatasetItem((String) i.get("id"), i.get("input"), i.get("expectedOutput"), map(i.get("metadata"))));
      }
      cursor = (String) page.get("nextCursor");
    } while (cursor != null);
    return out;
  }

  public DatasetRun run(String dataset, String run, Function<DatasetItem, ?> task) {
    ApiCalls api = new ApiCalls(recorder.config);
    String path = "/api/datasets/" + ApiCalls.segment(dataset) + "/runs/" + ApiCalls.segment(run) + "/items";
    List<DatasetRun.Result> results = new ArrayList<>();
    List<DatasetRun.Result> pending = new ArrayList<>();
    for (DatasetItem item : items(dataset)) {
      pending.add(execute(dataset, run, item, task));
      if (pending.size() == REPORT_BATCH) {
        results.addAll(report(api, path, pending));
        pending.clear();
      }
    }
    if (!pending.isEmpty()) {
      results.addAll(report(api, path, pending));
    }
    recorder.flush(recorder.config.shutdownTimeout());
    return new DatasetRun(dataset, run, results);
  }

  private DatasetRun.Result execute(String dataset, String run, DatasetItem item, Function<DatasetItem, ?> task) {
    String[] traceId = new String[1];
    Trace.Builder trace = recorder.trace(dataset).input(item.input()).tags("dataset-run")
        .metadata(Map.of("dataset", dataset, "datasetItemId", item.id(), "datasetRun", run));
    try {
      Object output = trace.call(t -> {
        traceId[0] = t.traceId();
        return task.apply(item);
      });
      return new DatasetRun.Result(item.id(), traceId[0], output, null, List.of());
    } catch (RuntimeException e) {
      return new DatasetRun.Result(item.id(), traceId[0], null, e.getClass().getName() + ": " + e.getMessage(),
          List.of());
    }
  }

  private List<DatasetRun.Result> report(ApiCalls api, String path, List<DatasetRun.Result> done) {
    JsonWriter w = new JsonWriter(4096, recorder.config.mask());
    w.beginObject().name("items").beginArray();
    for (DatasetRun.Result r : done) {
      w.beginObject().name("itemId").value(r.itemId()).name("traceId").value(r.traceId());
      if (r.error() != null) {
        w.name("error").value(r.error(), 4096);
      } else {
        w.name("output").value(r.output());
      }
      w.endObject();
    }
    w.endArray().endObject();
    Map<String, Object> answer = api.post(path, Arrays.copyOf(w.array(), w.size()));
    List<DatasetRun.Result> out = new ArrayList<>();
    List<Object> judged = list(answer.get("items"));
    for (int i = 0; i < done.size(); i++) {
      DatasetRun.Result r = done.get(i);
      out.add(new DatasetRun.Result(r.itemId(), r.traceId(), r.output(), r.error(), scores(map(judged.get(i)))));
    }
    return out;
  }

  private static List<Score> scores(Map<String, Object> judged) {
    List<Score> out = new ArrayList<>();
    for (Object o : list(judged.get("scores"))) {
      Map<String, Object> s = map(o);
      Object value = s.get("value");
      out.add(new Score((String) s.get("name"), value == null ? null : ((Number) value).doubleValue(),
          (String) s.get("label"), (String) s.get("comment"), null, Score.Source.EVALUATOR));
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object o) {
    return o instanceof List ? (List<Object>) o : List.of();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return o instanceof Map ? (Map<String, Object>) o : Map.of();
  }
}
