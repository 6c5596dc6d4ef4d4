package dev.sightline.server.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sightline.core.model.EvaluatorVerdict;
import dev.sightline.core.model.Row;
import dev.sightline.core.model.RowKey;
import dev.sightline.core.model.Schema;
import dev.sightline.core.model.Table;
import dev.sightline.core.storage.Filter;
import dev.sightline.core.storage.SpanVerdicts;
import dev.sightline.core.storage.memory.RowMatcher;
import dev.sightline.server.collector.DerivedRows;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Runs the evaluators as spans and traces end, as the loader stores them: the project's enabled
 * evaluators whose target, filter and sample take the row, and the ones the row itself requests by
 * name ({@code evaluators: [{"slug": ...}]}, sampled at its trace's
 * {@code evaluationConfig.sampleRate}, else always). A span or trace ends when the batch gives it an
 * {@code endTime} it did not have; a trace sent only as spans ends with its root span.
 *
 * <p>Deterministic kinds judge at once, and their scores are stored in the same batch: a span's
 * as {@link SpanVerdicts} (which a store may keep inside the span's row; building score rows that
 * it then took apart again was most of what evaluators cost ingest), a trace's as score rows.
 * Remote kinds are queued durably ({@link JobQueue}) for {@link RemoteRunner}. Nothing here throws:
 * a judge that fails gives an error score. Called on the loader thread only.
 */
public final class Evaluations implements DerivedRows {
  private static final System.Logger LOG = System.getLogger(Evaluations.class.getName());
  private static final ObjectMapper JSON = new ObjectMapper();
  private final EvaluatorStore store;
  private final JobQueue queue;
  private final Clock clock;

  Evaluations(EvaluatorStore store, JobQueue queue, Clock clock) {
    this.store = store;
    this.queue = queue;
    this.clock = clock;
  }

  @Override
  public Derived derive(List<Row> stored, Function<RowKey, Row> before) {
    try {
      return judge(stored, before);
    } catch (RuntimeException e) {
      // A bug here must not stop ingestion: the batch is stored without its evaluations.
      LOG.log(System.Logger.Level.ERROR, "evaluations of a batch of " + stored.size() + " rows failed", e);
      return Derived.NOTHING;
    }
  }

  private Derived judge(List<Row> stored, Function<RowKey, Row> before) {
    Map<String, List<Evaluator>> byProject = new HashMap<>();
    Map<TraceKey, Row> traces = new HashMap<>();
    Map<TraceKey, Row> roots = new HashMap<>();
    boolean any = false;
    for (Row row : stored) {
      String project = row.string(Schema.PROJECT_ID);
      List<Evaluator> evaluators = byProject.computeIfAbsent(project, store::of);
      any |= !evaluators.isEmpty() || row.table() != Table.SCORES && row.get(Schema.EVALUATORS) != null;
      if (row.table() == Table.TRACES) {
        traces.put(traceKey(row), row);
      } else if (row.table() == Table.SPANS && row.get(Schema.PARENT_SPAN_ID) == null) {
        roots.put(traceKey(row), row);
      }
    }
    if (!any) {
      return Derived.NOTHING;
    }
    Batch batch = new Batch(traces, clock.millis() * 1000);
    for (Row row : stored) {
      if (row.table() == Table.SCORES || !endsNow(row, before.apply(row.key()))) {
        continue;
      }
      List<Evaluator> evaluators = byProject.get(row.string(Schema.PROJECT_ID));
      Row trace = traces.get(traceKey(row));
      if (row.table() == Table.TRACES) {
        batch.judge(row, roots.get(traceKey(row)), evaluators, trace);
      } else {
        batch.judge(row, null, evaluators, trace);
        if (row.get(Schema.PARENT_SPAN_ID) == null && trace != null && trace.get(Schema.END_TIME) == null) {
          batch.judge(trace, row, evaluators, trace); // a trace sent only as spans ends with its root
        }
      }
    }
    if (!batch.jobs.isEmpty()) {
      try {
        queue.add(batch.jobs);
      } catch (IOException | RuntimeException e) {
        LOG.log(System.Logger.Level.ERROR, "could not queue " + batch.jobs.size() + " remote evaluations", e);
        for (Job job : batch.jobs) {
          batch.scores.put(job.id(), ScoreRows.error(job.id(), job.subject(), job.evaluator(), job.version(), job.kind(),
              job.time(), "could not queue the evaluation: " + e.getMessage()));
        }
      }
    }
    return new Derived(new ArrayList<>(batch.scores.values()), batch.verdicts);
  }

  private static boolean endsNow(Row after, Row before) {
    return after.get(Schema.END_TIME) != null && (before == null || before.get(Schema.END_TIME) == null);
  }

  private static TraceKey traceKey(Row row) {
    return new TraceKey(row.string(Schema.PROJECT_ID), row.string(Schema.TRACE_ID));
  }

  /**
   * A trace of a project (ids as stored). Not a record: a record's hash and equality, linked at
   * run time, took a tenth of what evaluators cost the loader (profiled, issue 14).
   */
  private static final class TraceKey {
    final String projectId;
    final String traceId;

    TraceKey(String projectId, String traceId) {
      this.projectId = projectId;
      this.traceId = traceId;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof TraceKey k && Objects.equals(traceId, k.traceId) && Objects.equals(projectId, k.projectId);
    }

    @Override
    public int hashCode() {
      return 31 * Objects.hashCode(projectId) + Objects.hashCode(traceId);
    }
  }

  /** The scores, verdicts and jobs of one batch; one per score id. */
  private final class Batch {
    final Map<TraceKey, Row> traces;
    final long now;
    /**
     * Per evaluator of the batch (by identity: a record's hash would walk its JSON), its filter as a
     * matcher; empty for no filter, which every row meets without its fields being looked at.
     */
    final Map<Evaluator, Optional<RowMatcher>> matchers = new IdentityHashMap<>();
    /** Per evaluator of the batch (by identity), its judge, or why it has none. */
    final Map<Evaluator, Object> judges = new IdentityHashMap<>();
    final Map<String, Row> scores = new LinkedHashMap<>();
    final List<SpanVerdicts> verdicts = new ArrayList<>();
    final List<Job> jobs = new ArrayList<>();

    Batch(Map<TraceKey, Row> traces, long now) {
      this.traces = traces;
      this.now = now;
    }

    /** Judges a span or trace row that ended, with the evaluators that take it. */
    void judge(Row row, Row root, List<Evaluator> evaluators, Row trace) {
      boolean isTrace = row.table() == Table.TRACES;
      String target = isTrace ? Evaluator.TRACE : row.string(Schema.TYPE);
      String traceId = row.string(Schema.TRACE_ID);
      boolean optedOut = !isTrace && Boolean.FALSE.equals(row.get(Schema.RUN_EVALUATION));
      Judged judged = new Judged(row, root);
      for (Evaluator e : evaluators) {
        if (e.enabled() && !optedOut && e.target().equals(target) && Evaluator.samples(e.sampleRate(), traceId)
            && matches(e, row)) {
          judged.run(e);
        }
      }
      List<String> requested = requested(row);
      if (!requested.isEmpty() && Evaluator.samples(requestedRate(trace), traceId)) {
        for (String name : requested) {
          Optional<Evaluator> e = evaluators.stream().filter(ev -> ev.name().equals(name)).findFirst();
          if (e.isPresent() && e.get().enabled()) {
            judged.run(e.get());
          } else if (e.isEmpty()) {
            Row error = ScoreRows.error(judged.subject(), name, 0, null, judged.time,
                "the project has no evaluator " + name);
            scores.putIfAbsent(error.string(Schema.SCORE_ID), error);
          }
        }
      }
      if (!judged.verdicts.isEmpty()) {
        verdicts.add(new SpanVerdicts(row, judged.verdicts));
      }
    }

    private boolean matches(Evaluator e, Row row) {
      Optional<RowMatcher> m = matchers.computeIfAbsent(e, ev -> Filter.NONE.equals(ev.filter()) ? Optional.empty()
          : Optional.of(RowMatcher.of(ev.filter(), span -> traces.get(traceKey(span)))));
      return m.isEmpty() || (row.table() == Table.TRACES ? m.get().matchesTrace(row) : m.get().matchesSpan(row));
    }

    /** The evaluator's judge, or the exception that says why it has none. */
    private Object judgeOf(String project, Evaluator e) {
      return judges.computeIfAbsent(e, ev -> {
        try {
          return store.judge(project, ev);
        } catch (RuntimeException bad) {
          return bad;
        }
      });
    }

    /**
     * One span or trace being judged. A span's local verdicts are kept as {@link SpanVerdicts},
     * which a store may pack into the span's row; a trace's become score rows.
     */
    private final class Judged {
      final Row row;
      final Row root;
      final long time;
      final List<EvaluatorVerdict> verdicts = new ArrayList<>(4);
      Subject subject;

      Judged(Row row, Row root) {
        this.row = row;
        this.root = root;
        this.time = Subjects.time(row, now);
      }

      Subject subject() {
        if (subject == null) {
          subject = Subjects.of(row, root);
        }
        return subject;
      }

      void run(Evaluator e) {
        Subject s = subject();
        boolean span = s.spanId() != null;
        String id = span ? null : ScoreRows.id(e.name(), e.version(), s.traceId(), null);
        if (span ? judged(e) : scores.containsKey(id)) {
          return;
        }
        Object judge = judgeOf(s.projectId(), e);
        if (judge instanceof RuntimeException bad) {
          add(id, ScoreRows.failure(e.name(), e.version(), e.kind(), bad.getMessage()));
        } else if (((Judge) judge).remote()) {
          String jobId = span ? ScoreRows.id(e.name(), e.version(), s.traceId(), s.spanId()) : id;
          if (jobs.stream().noneMatch(j -> j.id().equals(jobId))) {
            jobs.add(new Job(jobId, e.name(), e.version(), e.kind(), e.config(), s, time));
          }
        } else {
          add(id, Judging.verdict((Judge) judge, s, e.name(), e.version(), e.kind()));
        }
      }

      /** Whether the span has this evaluator version's verdict already (requested by name, say). */
      private boolean judged(Evaluator e) {
        for (EvaluatorVerdict v : verdicts) {
          if (v.version() == e.version() && v.evaluator().equals(e.name())) {
            return true;
          }
        }
        return false;
      }

      /** @param id the score id of a trace's verdict; null for a span's */
      private void add(String id, EvaluatorVerdict v) {
        if (id == null) {
          verdicts.add(v);
        } else {
          scores.put(id, ScoreRows.row(id, subject, time, v));
        }
      }
    }
  }

  /** The evaluator names a row requests. */
  private static List<String> requested(Row row) {
    String json = row.string(Schema.EVALUATORS);
    if (json == null) {
      return List.of();
    }
    List<String> names = new ArrayList<>();
    try {
      for (JsonNode item : JSON.readTree(json)) {
        String name = item.isTextual() ? item.asText() : item.path("slug").asText(item.path("name").asText(""));
        if (!name.isEmpty() && !names.contains(name)) {
          names.add(name);
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.log(System.Logger.Level.DEBUG, "unreadable evaluators field: " + e.getMessage());
    }
    return names;
  }

  /** The trace's {@code evaluationConfig.sampleRate}, or 1. */
  private static double requestedRate(Row trace) {
    String json = trace == null ? null : trace.string(Schema.EVALUATION_CONFIG);
    if (json == null) {
      return 1;
    }
    try {
      JsonNode rate = JSON.readTree(json).path("sampleRate");
      return rate.isNumber() ? rate.asDouble() : 1;
    } catch (IOException e) {
      return 1;
    }
  }
}
