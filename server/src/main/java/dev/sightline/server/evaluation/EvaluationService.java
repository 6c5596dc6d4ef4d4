package dev.sightline.server.evaluation;

import com.linecorp.armeria.server.ServerBuilder;
import dev.sightline.core.storage.StorageReader;
import dev.sightline.server.auth.AuditLog;
import dev.sightline.server.collector.DerivedRows;
import dev.sightline.server.collector.IngestPipeline;
import dev.sightline.server.governance.SettingsStore;
import dev.sightline.server.http.RouteMethods;
import dev.sightline.server.query.RetentionWindow;
import dev.sightline.server.state.Postgres;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;

/**
 * Evaluation as the server runs it: the evaluators ({@link EvaluatorStore}), their judging as rows
 * are stored ({@link Evaluations}, handed to the ingest pipeline), the queue of remote evaluations
 * and its runner, and backfills. Open it before the pipeline, {@link #start} it once the pipeline
 * is open; at shutdown {@link #stopRunning} it before closing the pipeline, and {@link #close} it
 * after (the pipeline's last batches may still queue evaluations). Thread-safe.
 */
public final class EvaluationService implements AutoCloseable {
  private static final int REMOTE_THREADS = 8;
  /**
   * How long a server holds a job of the shared queue before another may take it: well over a
   * remote call's time, with its retries and waits for a rate limit.
   */
  static final Duration LEASE = Duration.ofMinutes(5);
  private final EvaluatorStore store;
  private final JobQueue queue;
  private final Evaluations evaluations;
  private final Function<String, String> env;
  private final Clock clock;
  /** Where backfill runs are published to other servers; null for one server. */
  private final BackfillBoard board;
  private RemoteRunner runner;
  private Backfills backfills;

  private EvaluationService(EvaluatorStore store, JobQueue queue, BackfillBoard board, Function<String, String> env,
      Clock clock) {
    this.store = store;
    this.queue = queue;
    this.board = board;
    this.evaluations = new Evaluations(store, queue, clock);
    this.env = env;
    this.clock = clock;
  }

  /**
   * Opens the evaluators ({@code evaluators.json}) and the queue ({@code evaluations/}) under
   * {@code dataDir}.
   *
   * @param env reads environment variables, for the judges' {@code apiKeyEnv}
   */
  public static EvaluationService open(Path dataDir, Function<String, String> env, Clock clock) throws IOException {
    return new EvaluationService(EvaluatorStore.open(dataDir, env), JobQueue.open(dataDir.resolve("evaluations")),
        null, env, clock);
  }

  /**
   * Opens the evaluators and the queue in the shared database: the queue is every server's, a
   * taken job held for {@link #LEASE}; backfill runs are published there too.
   */
  public static EvaluationService open(Postgres shared, Function<String, String> env, Clock clock)
      throws IOException {
    return new EvaluationService(EvaluatorStore.open(shared, env), JobQueue.postgres(shared, LEASE),
        new BackfillBoard(shared), env, clock);
  }

  /** What the pipeline calls as it stores rows. */
  public DerivedRows derivedRows() {
    return evaluations;
  }

  /**
   * Starts running the queued evaluations, and backfills, storing their scores through the
   * pipeline; the queue's length is the gauge {@code sightline.evaluations.queued}.
   */
  public synchronized void start(IngestPipeline pipeline, StorageReader storage, MeterRegistry registry) {
    registry.gauge("sightline.evaluations.queued", queue, JobQueue::outstanding);
    ScoreSink sink = new ScoreSink(pipeline, clock);
    runner = new RemoteRunner(queue, store, sink, env, REMOTE_THREADS);
    backfills = new Backfills(storage, store, sink, clock, board);
    runner.start();
  }

  /**
   * Installs {@code /api/evaluators}, behind the {@code /api/} authenticator; after {@link #start}.
   *
   * @param settings the projects' settings: backfills stay within their retention windows
   */
  public void install(ServerBuilder sb, AuditLog audit, SettingsStore settings, RouteMethods methods) {
    EvaluatorRoutes.install(sb, store, backfills, audit, clock, env, new RetentionWindow(settings, clock), methods);
  }

  /** Stops the runner and backfills: a job cut off runs again at the next start, a backfill does not. */
  public synchronized void stopRunning() {
    if (runner != null) {
      runner.close();
      backfills.close();
    }
  }

  /** Closes the queue; call after the pipeline is closed. */
  @Override
  public synchronized void close() {
    stopRunning();
    try {
      queue.close();
    } catch (IOException e) {
      System.getLogger(EvaluationService.class.getName()).log(System.Logger.Level.WARNING, "closing the queue", e);
    }
  }
}
