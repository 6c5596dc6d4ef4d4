package dev.sightline.server.evaluation;

import dev.sightline.core.model.Row;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Runs the queued remote evaluations on a few threads, off the ingest path: judges each job with
 * its evaluator version (the one in force, or one made from the job's own config if the evaluator
 * changed since), stores the score durably, then marks the job done. A job whose score cannot be
 * stored stays queued for the next start. Thread-safe.
 */
final class RemoteRunner implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(RemoteRunner.class.getName());
  private final JobQueue queue;
  private final EvaluatorStore store;
  private final ScoreSink sink;
  private final Function<String, String> env;
  /** Judges of versions no longer in force, for the jobs they queued. */
  private final Map<String, Judge> retired = new ConcurrentHashMap<>();
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean running = true;

  RemoteRunner(JobQueue queue, EvaluatorStore store, ScoreSink sink, Function<String, String> env, int threads) {
    this.queue = queue;
    this.store = store;
    this.sink = sink;
    this.env = env;
    for (int i = 0; i < threads; i++) {
      Thread t = new Thread(this::loop, "sightline-evaluation-" + i);
      t.setDaemon(true);
      this.threads.add(t);
    }
  }

  void start() {
    threads.forEach(Thread::start);
  }

  private void loop() {
    while (running) {
      try {
        Job job = queue.take(200, TimeUnit.MILLISECONDS);
        if (job != null) {
          run(job);
        }
      } catch (InterruptedException e) {
        return;
      } catch (IOException | RuntimeException e) {
        LOG.log(System.Logger.Level.ERROR, "evaluation queue failed; the job runs again at the next start", e);
      }
    }
  }

  private void run(Job job) throws InterruptedException, IOException {
    Subject s = job.subject();
    Row score;
    try {
      score = Judging.score(job.id(), judgeOf(job), s, job.evaluator(), job.version(), job.kind(), job.time());
    } catch (IllegalArgumentException badConfig) {
      score = ScoreRows.error(job.id(), s, job.evaluator(), job.version(), job.kind(), job.time(),
          badConfig.getMessage());
    }
    sink.store(s.projectId(), List.of(score));
    queue.done(job);
  }

  private Judge judgeOf(Job job) {
    Evaluator current = store.get(job.subject().projectId(), job.evaluator()).orElse(null);
    if (current != null && current.version() == job.version()) {
      return store.judge(job.subject().projectId(), current);
    }
    return retired.computeIfAbsent(job.subject().projectId() + '\n' + job.evaluator() + '\n' + job.version(),
        k -> Kinds.create(job.kind(), job.config(), env));
  }

  /** Stops taking jobs; the one running may be cut off and then runs again at the next start. */
  @Override
  public void close() {
    running = false;
    threads.forEach(Thread::interrupt);
    for (Thread t : threads) {
      try {
        t.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
