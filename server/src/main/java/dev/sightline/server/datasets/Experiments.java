package dev.sightline.server.datasets;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.server.ServiceRequestContext;
import dev.sightline.server.evaluation.EvaluationException;
import dev.sightline.server.evaluation.Judge;
import dev.sightline.server.evaluation.Subject;
import dev.sightline.server.evaluation.Verdict;
import dev.sightline.server.http.Api;
import dev.sightline.server.http.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The results of a dataset's runs, as the SDK reports them: each output is judged by the
 * dataset's evaluators (an evaluator that cannot judge gives an {@code error} score, never a made
 * up one), the scores are stored on the item's trace through the durable write path, then the
 * results are kept with the run. Judging happens in the request, so a report of outputs that
 * remote evaluators judge takes as long as they do. Thread-safe.
 */
final class Experiments {
  private final DatasetStore store;
  private final ScoreWriter scores;
  private final Function<String, String> env;
  /** The judges of each dataset, made once: a remote kind's rate limits are per judge. */
  private final Map<String, List<Judge>> judges = new ConcurrentHashMap<>();

  Experiments(DatasetStore store, ScoreWriter scores, Function<String, String> env) {
    this.store = store;
    this.scores = scores;
    this.env = env;
  }

  /** Judges, stores and answers the reported results of a run: {@code {"items": [result, …]}}. */
  HttpResponse report(ServiceRequestContext ctx, String name, String run, String body) {
    String project = Api.project(ctx);
    Names.RUN.check(run);
    Dataset dataset = store.get(project, name).orElseThrow(() -> new DatasetStore.Missing(
        "the project has no dataset " + name));
    List<RunReports.Reported> reported = RunReports.read(body);
    List<Judge> judges = this.judges.computeIfAbsent(project + "/" + name + "@" + dataset.createdAt(),
        k -> Definitions.judges(dataset.evaluators(), env));
    long now = System.currentTimeMillis() * 1000;
    List<RunItem> results = new ArrayList<>(reported.size());
    for (RunReports.Reported r : reported) {
      DatasetItem item = store.item(project, name, r.itemId()).orElseThrow(() -> new IllegalArgumentException(
          r.at() + "itemId: the dataset has no item " + r.itemId()));
      List<RunItem.Judgement> given = new ArrayList<>();
      if (r.error() == null) {
        Subject subject = new Subject(project, r.traceId(), null, "trace", name, null, item.input(), r.output(),
            item.expectedOutput(), item.metadata(), null, null);
        for (int i = 0; i < judges.size(); i++) {
          given.add(judge(dataset.evaluators().get(i).name(), judges.get(i), subject));
        }
      }
      results.add(new RunItem(run, r.itemId(), r.traceId(), r.output(), r.error(), given, now));
    }
    if (results.stream().anyMatch(r -> !r.scores().isEmpty())) {
      HttpResponse refused = scores.write(ctx, name, results);
      if (refused != null) {
        return refused;
      }
    }
    store.putRunItems(project, name, results);
    return Json.ok(g -> {
      g.writeStartObject();
      g.writeArrayFieldStart("items");
      for (RunItem r : results) {
        g.writeStartObject();
        StoredLines.writeRunItemFields(g, r);
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    });
  }

  private static RunItem.Judgement judge(String name, Judge judge, Subject subject) {
    try {
      Verdict v = judge.judge(subject);
      return new RunItem.Judgement(name, v.value(), v.label(), v.comment());
    } catch (EvaluationException e) {
      return new RunItem.Judgement(name, null, RunItem.Judgement.ERROR, e.getMessage());
    }
  }
}
