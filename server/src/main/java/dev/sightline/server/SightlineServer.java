package dev.sightline.server;

import com.linecorp.armeria.common.Flags;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.util.EventLoopGroups;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.cors.CorsService;
import com.linecorp.armeria.server.cors.CorsServiceBuilder;
import dev.sightline.core.storage.Storage;
import dev.sightline.core.storage.StorageProvider;
import dev.sightline.server.analysis.AnalysisRoutes;
import dev.sightline.server.analysis.AnomalyAlerts;
import dev.sightline.server.auth.AuditLog;
import dev.sightline.server.auth.KeyStore;
import dev.sightline.server.auth.RateLimits;
import dev.sightline.server.auth.ServerCount;
import dev.sightline.server.backup.Backup;
import dev.sightline.server.backup.BackupRoutes;
import dev.sightline.server.evaluation.EvaluationService;
import dev.sightline.server.collector.Collector;
import dev.sightline.server.datasets.DatasetRoutes;
import dev.sightline.server.datasets.DatasetStore;
import dev.sightline.server.datasets.FileDatasetStore;
import dev.sightline.server.datasets.PostgresDatasetStore;
import dev.sightline.server.collector.FormatDecoders;
import dev.sightline.server.collector.IngestBudget;
import dev.sightline.server.collector.IngestPipeline;
import dev.sightline.server.collector.MergeLocks;
import dev.sightline.server.collector.PostgresMergeLocks;
import dev.sightline.server.governance.AuditRoutes;
import dev.sightline.server.governance.KeyRoutes;
import dev.sightline.server.governance.SettingsRoutes;
import dev.sightline.server.governance.SettingsStore;
import dev.sightline.server.http.Authenticator;
import dev.sightline.server.http.ErrorLog;
import dev.sightline.server.http.Operations;
import dev.sightline.server.http.RejectCounter;
import dev.sightline.server.http.RouteMethods;
import dev.sightline.server.http.SecurityHeaders;
import dev.sightline.server.http.WebUi;
import dev.sightline.server.query.DeletionRoutes;
import dev.sightline.server.prompts.FilePromptStore;
import dev.sightline.server.prompts.PostgresPromptStore;
import dev.sightline.server.prompts.PromptStore;
import dev.sightline.server.prompts.PromptRoutes;
import dev.sightline.server.query.ExportRoutes;
import dev.sightline.server.query.QueryRoutes;
import dev.sightline.server.retention.RetentionJob;
import dev.sightline.server.retention.RetentionRoutes;
import dev.sightline.server.scoring.ScoreConfigRoutes;
import dev.sightline.server.scoring.ScoreConfigStore;
import dev.sightline.server.state.Postgres;
import dev.sightline.server.state.StateSettings;
import dev.sightline.server.state.StateStore;
import dev.sightline.server.transport.IngestRoutes;
import dev.sightline.server.usage.ModelRoutes;
import dev.sightline.server.usage.UsageInference;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A running Sightline server: HTTP API (with OTLP/HTTP), OTLP/gRPC on a port of its own, ingest
 * pipeline and storage, wired together. Closing it stops taking requests, stores everything
 * accepted, then closes storage.
 */
public final class SightlineServer implements AutoCloseable {
  /**
   * Request bytes that ingest requests in flight may hold in memory together: with the default
   * heap this leaves room for the rows waiting for storage and the search index's buffer.
   */
  private static final long INGEST_BUDGET_BYTES = 64L << 20;
  /** How often expired traces are deleted; the first run is a minute after the start. */
  static final Duration RETENTION_EVERY = Duration.ofMinutes(10);
  private static final System.Logger LOG = System.getLogger(SightlineServer.class.getName());
  private final Server server;
  /** Null when OTLP/gRPC is off. */
  private final Server grpc;
  private final IngestPipeline pipeline;
  private final EvaluationService evaluation;
  private final Storage storage;
  private final KeyStore keys;
  private final DataDirectoryLock lock;
  /** The event loops of both servers, ours to shut down without Netty's default two quiet seconds. */
  private final EventLoopGroup workers;
  /** Background jobs (retention, anomaly alerts, the servers' count). */
  private final ScheduledExecutorService jobs;
  /** The shared state's database; null when the state is in files. */
  private final Postgres shared;
  /** This server's entry among those sharing the rate limits. */
  private final ServerCount servers;

  private SightlineServer(Server server, Server grpc, IngestPipeline pipeline, EvaluationService evaluation,
      Storage storage, KeyStore keys, DataDirectoryLock lock, EventLoopGroup workers,
      ScheduledExecutorService jobs, Postgres shared, ServerCount servers) {
    this.server = server;
    this.grpc = grpc;
    this.pipeline = pipeline;
    this.evaluation = evaluation;
    this.storage = storage;
    this.keys = keys;
    this.lock = lock;
    this.workers = workers;
    this.jobs = jobs;
    this.shared = shared;
    this.servers = servers;
  }

  /**
   * Locks the data directory, connects to the shared state's database if there is one, opens
   * storage, replays the write-ahead log and starts listening.
   *
   * @throws IllegalArgumentException when another server uses the data directory
   * @throws IOException naming the url when the shared state's database does not answer
   */
  public static SightlineServer start(ServerSettings settings) throws IOException {
    DataDirectoryLock lock = DataDirectoryLock.acquire(settings.dataDir());
    Postgres shared = null;
    try {
      shared = settings.state().connect();
      return start(settings, lock, shared);
    } catch (IOException | RuntimeException e) {
      if (shared != null) {
        shared.close();
      }
      lock.close();
      throw e;
    }
  }

  private static SightlineServer start(ServerSettings settings, DataDirectoryLock lock, Postgres shared)
      throws IOException {
    StateStore state = shared != null ? shared : StateStore.files(settings.dataDir());
    KeyStore keys = KeyStore.open(state);
    SettingsStore projectSettings = SettingsStore.open(state);
    UsageInference usage = UsageInference.open(state);
    ScoreConfigStore scoreConfigs = ScoreConfigStore.open(state);
    Clock clock = Clock.systemUTC();
    EvaluationService evaluation = shared != null ? EvaluationService.open(shared, System::getenv, clock)
        : EvaluationService.open(settings.dataDir(), System::getenv, clock);
    DatasetStore datasets = shared != null ? new PostgresDatasetStore(shared) : FileDatasetStore.open(settings.dataDir());
    Storage storage = openStorage(settings);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    FormatDecoders decoders = new FormatDecoders();
    IngestPipeline pipeline;
    try {
      pipeline = IngestPipeline.open(storage, usage, evaluation.derivedRows(), mergeLocks(settings, storage),
          settings.dataDir().resolve("wal"), decoders::of, settings.pipeline(), registry);
    } catch (IOException | RuntimeException e) {
      storage.close();
      evaluation.close();
      throw e;
    }
    evaluation.start(pipeline, storage, registry);
    RejectCounter rejects = new RejectCounter(registry);
    ServerCount servers = shared != null ? ServerCount.shared(shared, clock) : ServerCount.alone();
    RateLimits limits = new RateLimits(servers::servers);
    Collector collector = new Collector(pipeline, decoders, new IngestBudget(INGEST_BUDGET_BYTES),
        settings.maxBodyBytes(), projectSettings, limits, scoreConfigs);
    IngestRoutes ingest = new IngestRoutes(collector, keys, limits, rejects, settings.maxBodyBytes());
    EventLoopGroup workers = EventLoopGroups.newEventLoopGroup(Flags.numCommonWorkers());
    ServerBuilder sb = listener(settings, settings.port(), workers)
        .meterRegistry(registry)
        .decoratorUnder("/api/", new Authenticator(keys, limits, rejects, Authenticator.JSON)
            .acceptingBasicUnder(IngestRoutes.LANGFUSE_PREFIX));
    RouteMethods methods = new RouteMethods();
    ingest.installHttp(sb, methods);
    QueryRoutes.install(sb, storage, projectSettings, clock, methods);
    ExportRoutes.install(sb, storage, projectSettings, clock, methods);
    AnalysisRoutes.install(sb, storage, projectSettings, clock, methods);
    AnomalyAlerts alerts = new AnomalyAlerts(storage, projectSettings, state, clock);
    AuditLog audit = shared != null ? AuditLog.postgres(shared) : AuditLog.file(settings.dataDir());
    SettingsRoutes.install(sb, projectSettings, audit, methods);
    KeyRoutes.install(sb, keys, audit, methods);
    AuditRoutes.install(sb, audit, methods);
    DeletionRoutes.install(sb, storage, pipeline, audit, methods);
    RetentionJob retention = new RetentionJob(storage, pipeline, projectSettings, audit, clock, registry);
    RetentionRoutes.install(sb, retention, projectSettings, clock, RETENTION_EVERY, methods);
    ModelRoutes.install(sb, usage, audit, methods);
    ScoreConfigRoutes.install(sb, scoreConfigs, audit, methods);
    evaluation.install(sb, audit, projectSettings, methods);
    DatasetRoutes.install(sb, datasets, storage, projectSettings, clock, collector, audit, System::getenv, methods);
    PromptStore prompts = shared != null ? new PostgresPromptStore(shared) : new FilePromptStore(settings.dataDir());
    PromptRoutes.install(sb, prompts, storage, projectSettings, clock, audit, methods);
    BackupRoutes.install(sb, new Backup(settings.dataDir(), storage, settings.storage(), shared == null ? null
        : "the shared state (keys, settings, evaluators, prompts, datasets, queued evaluations, audit log) is in"
            + " PostgreSQL " + shared + ", not in this backup: back it up with pg_dump"), audit, methods);
    sb.serviceUnder("/api/", methods.fallback());
    Operations.install(sb, () -> healthProblem(storage, pipeline), pipeline::pendingRows,
        () -> shared == null ? null : stateHealth(shared.unreachable()), registry);
    if (shared != null) {
      Gauge.builder("sightline.state.reachable", shared, pg -> pg.unreachable() == null ? 1 : 0)
          .description("1 while the shared state's PostgreSQL answers, 0 while it does not")
          .register(registry);
    }
    WebUi.install(sb);
    if (!settings.corsOrigins().isEmpty()) {
      sb.decorator(cors(settings.corsOrigins()));
    }
    sb.decorator(new SecurityHeaders());
    // Last, so outermost: it also sees what the authenticator refuses.
    sb.decorator(new ErrorLog());
    Server server = sb.build();
    Server grpc = settings.otlpGrpcPort() == ServerSettings.OFF ? null : grpcServer(settings, ingest, workers);
    try {
      server.start().join();
      if (grpc != null) {
        grpc.start().join();
      }
    } catch (RuntimeException e) {
      server.stop().join();
      workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      evaluation.stopRunning();
      pipeline.close();
      evaluation.close();
      storage.close();
      throw e;
    }
    // One thread per job (retention, alerts, the servers' count), so that a slow webhook never
    // delays retention, nor a long retention run the beat that keeps this server counted.
    ScheduledExecutorService jobs = Executors.newScheduledThreadPool(3, r -> {
      Thread t = new Thread(r, "sightline-jobs");
      t.setDaemon(true);
      return t;
    });
    // Over shared state, one server per period runs retention: the others would repeat its deletes.
    every(jobs, "retention", shared == null ? retention::runOnce
        : () -> shared.exclusively("retention", retention::runOnce), RETENTION_EVERY);
    every(jobs, "anomaly alerts", alerts::runOnce, AnomalyAlerts.EVERY);
    if (shared != null) {
      long beat = ServerCount.BEAT.toMillis();
      jobs.scheduleWithFixedDelay(servers::beat, beat, beat, TimeUnit.MILLISECONDS);
    }
    return new SightlineServer(server, grpc, pipeline, evaluation, storage, keys, lock, workers, jobs, shared,
        servers);
  }

  /** Runs a background job a minute after the start, then this long after each run ends; a failed run is logged. */
  private static void every(ScheduledExecutorService jobs, String name, Runnable job, Duration period) {
    jobs.scheduleWithFixedDelay(() -> {
      try {
        job.run();
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, name + " run failed; the next run tries again", e);
      }
    }, 1, period.toMinutes(), TimeUnit.MINUTES);
  }

  /** The port the server listens on for HTTP. */
  public int port() {
    return server.activeLocalPort();
  }

  /** The port of OTLP/gRPC, if it is on. */
  public OptionalInt otlpGrpcPort() {
    return grpc == null ? OptionalInt.empty() : OptionalInt.of(grpc.activeLocalPort());
  }

  public KeyStore keys() {
    return keys;
  }

  /** How many servers this one counted at its last beat, itself included (1 with state in files). */
  int servers() {
    return servers.servers();
  }

  @Override
  public void close() {
    jobs.shutdownNow();
    servers.leave();
    // Together: each waits about two seconds for its Netty boss group to wind down.
    CompletableFuture.allOf(server.stop(), grpc == null ? CompletableFuture.completedFuture(null) : grpc.stop())
        .join();
    workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    evaluation.stopRunning();
    pipeline.close();
    evaluation.close();
    storage.close();
    if (shared != null) {
      shared.close();
    }
    lock.close();
  }

  /** A listener on this port of the bound address, with the settings every listener shares. */
  private static ServerBuilder listener(ServerSettings settings, int port, EventLoopGroup workers) throws IOException {
    return Server.builder()
        .workerGroup(workers, false)
        .http(new InetSocketAddress(InetAddress.getByName(settings.bind()), port))
        .maxRequestLength(settings.maxBodyBytes())
        .requestTimeout(Duration.ofSeconds(60))
        .gracefulShutdownTimeout(Duration.ofMillis(500), Duration.ofSeconds(20))
        .unhandledExceptionsReportInterval(Duration.ZERO) // ErrorLog logs each one
        .disableServerHeader(); // no framework name and version for a scanner to match
  }

  /**
   * The OTLP/gRPC listener: a server of its own, so that it has its own port, sharing the HTTP
   * server's event loops and blocking executor (Armeria's common pools). Its Armeria meters stay
   * out of {@code /metrics}, which would otherwise get the shared executor's meters twice; what it
   * ingests is counted there by the pipeline and reject counters like any request.
   */
  private static Server grpcServer(ServerSettings settings, IngestRoutes ingest, EventLoopGroup workers)
      throws IOException {
    ServerBuilder sb = listener(settings, settings.otlpGrpcPort(), workers);
    ingest.installGrpc(sb);
    sb.decorator(new ErrorLog());
    return sb.build();
  }

  /**
   * Lets pages of these origins call the API and OTLP/HTTP with a key (preflights answered, the
   * headers those calls need allowed); any other origin's page gets no CORS header, so the browser
   * keeps it out.
   */
  private static Function<? super HttpService, CorsService> cors(List<String> origins) {
    CorsServiceBuilder b = origins.contains("*") ? CorsService.builderForAnyOrigin() : CorsService.builder(origins);
    return b.allowRequestMethods(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE)
        .allowRequestHeaders(HttpHeaderNames.AUTHORIZATION, HttpHeaderNames.CONTENT_TYPE,
            HttpHeaderNames.CONTENT_ENCODING)
        .exposeHeaders(HttpHeaderNames.RETRY_AFTER)
        .maxAge(600)
        .newDecorator();
  }

  /**
   * Over a store servers share, merges into one trace take turns through locks in the shared
   * state's PostgreSQL; without it this server must be the store's only one.
   */
  private static MergeLocks mergeLocks(ServerSettings settings, Storage storage) {
    if (!storage.sharedByServers()) {
      return MergeLocks.NONE;
    }
    StateSettings state = settings.state();
    if (!state.shared()) {
      LOG.log(System.Logger.Level.WARNING, "storage " + settings.storage() + " can be shared by servers, but the"
          + " state is in files: run only this one server over it, or give every server --state postgres"
          + " (docs/scale-out.md)");
      return MergeLocks.NONE;
    }
    return new PostgresMergeLocks(state.url(), state.user(), state.password());
  }

  /** What {@code /health} reports: a store out of reach first, then what keeps the loader from storing. */
  private static String stateHealth(String unreachable) {
    return unreachable == null ? "ok" : "unreachable: " + unreachable;
  }

  private static String healthProblem(Storage storage, IngestPipeline pipeline) {
    String unreachable = storage.unreachable();
    return unreachable != null ? "storage unreachable: " + unreachable : pipeline.problem();
  }

  private static Storage openStorage(ServerSettings settings) {
    List<String> names = new ArrayList<>();
    for (StorageProvider provider : ServiceLoader.load(StorageProvider.class)) {
      if (provider.name().equals(settings.storage())) {
        return provider.open(settings.dataDir(), settings.storageOptions());
      }
      names.add(provider.name());
    }
    throw new IllegalArgumentException("storage: no backend named '" + settings.storage()
        + "'; available: " + names);
  }
}
