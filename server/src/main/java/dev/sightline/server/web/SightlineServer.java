package dev.sightline.server.web;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import dev.sightline.server.auth.KeyStore;
import dev.sightline.server.pipeline.IngestPipeline;
import dev.sightline.core.storage.GroupQuery;
import dev.sightline.core.storage.Storage;
import dev.sightline.core.storage.StorageProvider;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.ServiceLoader;

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
  private final Server server;
  /** Null when OTLP/gRPC is off. */
  private final Server grpc;
  private final IngestPipeline pipeline;
  private final Storage storage;
  private final KeyStore keys;

  private SightlineServer(Server server, Server grpc, IngestPipeline pipeline, Storage storage, KeyStore keys) {
    this.server = server;
    this.grpc = grpc;
    this.pipeline = pipeline;
    this.storage = storage;
    this.keys = keys;
  }

  /** Opens storage, replays the write-ahead log and starts listening. */
  public static SightlineServer start(ServerSettings settings) throws IOException {
    KeyStore keys = KeyStore.open(settings.dataDir());
    Storage storage = openStorage(settings);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Decoders decoders = new Decoders();
    IngestPipeline pipeline;
    try {
      pipeline = IngestPipeline.open(storage, settings.dataDir().resolve("wal"), decoders::of,
          settings.pipeline(), registry);
    } catch (IOException | RuntimeException e) {
      storage.close();
      throw e;
    }
    RejectCounter rejects = new RejectCounter(registry);
    TraceApi traces = new TraceApi(storage);
    AnalyticsApi analytics = new AnalyticsApi(storage);
    ServerBuilder sb = Server.builder()
        .http(new InetSocketAddress(InetAddress.getByName(settings.bind()), settings.port()))
        .maxRequestLength(settings.maxBodyBytes())
        .requestTimeout(Duration.ofSeconds(60))
        .meterRegistry(registry)
        .gracefulShutdownTimeout(Duration.ofMillis(500), Duration.ofSeconds(20))
        .unhandledExceptionsReportInterval(Duration.ZERO) // ServerErrorLog logs each one
        .decorator(new ServerErrorLog())
        .errorHandler((ctx, cause) -> IngestEndpoint.tooLarge(ctx, cause, rejects, c -> Json.error(
            HttpStatus.REQUEST_ENTITY_TOO_LARGE, "body: larger than " + settings.maxBodyBytes() + " bytes")))
        .decoratorUnder("/api/", new Authenticator(keys, rejects, Authenticator.JSON));
    IngestEndpoint.Shared ingest = new IngestEndpoint.Shared(pipeline, rejects,
        new IngestBudget(INGEST_BUDGET_BYTES), settings.maxBodyBytes());
    sb.route().post("/api/ingest").build(new IngestService(decoders.nativeBatches(), ingest));
    sb.route().post(OtlpHttpService.PATH)
        .decorator(new Authenticator(keys, rejects, OtlpHttpService.REFUSAL))
        .errorHandler(OtlpHttpService.tooLarge(rejects, settings.maxBodyBytes()))
        .build(new OtlpHttpService(decoders, ingest));
    OtlpHttpService.OTHER_SIGNALS.forEach(path -> sb.route().post(path).build(OtlpHttpService.NOT_TAKEN));
    get(sb, "/api/traces", (ctx, req) -> Api.blocking(ctx, () -> traces.list(ctx)));
    get(sb, "/api/traces/{traceId}", (ctx, req) -> Api.blocking(ctx, () -> traces.get(ctx, ctx.pathParam("traceId"))));
    get(sb, "/api/traces/{traceId}/spans/{spanId}",
        (ctx, req) -> Api.blocking(ctx, () -> traces.span(ctx, ctx.pathParam("traceId"), ctx.pathParam("spanId"))));
    get(sb, "/api/references/{referenceId}",
        (ctx, req) -> Api.blocking(ctx, () -> traces.byReference(ctx, ctx.pathParam("referenceId"))));
    get(sb, "/api/spans", (ctx, req) -> Api.blocking(ctx, () -> traces.spans(ctx)));
    get(sb, "/api/sessions", (ctx, req) -> Api.blocking(ctx, () -> analytics.groups(ctx, GroupQuery.GroupBy.SESSION)));
    get(sb, "/api/sessions/{sessionId}",
        (ctx, req) -> Api.blocking(ctx, () -> analytics.session(ctx, ctx.pathParam("sessionId"))));
    get(sb, "/api/users", (ctx, req) -> Api.blocking(ctx, () -> analytics.groups(ctx, GroupQuery.GroupBy.USER)));
    get(sb, "/api/scores", (ctx, req) -> Api.blocking(ctx, () -> analytics.scores(ctx)));
    get(sb, "/api/metrics", (ctx, req) -> Api.blocking(ctx, () -> analytics.metrics(ctx)));
    sb.serviceUnder("/api/", (ctx, req) -> Json.error(HttpStatus.NOT_FOUND, "no such endpoint: "
        + req.method() + " " + ctx.path()));
    get(sb, "/health", (ctx, req) -> health(pipeline));
    get(sb, "/metrics", (ctx, req) -> HttpResponse.of(HttpStatus.OK,
        MediaType.parse("text/plain; version=0.0.4; charset=utf-8"), registry.scrape()));
    WebUi.install(sb);
    Server server = sb.build();
    Server grpc = settings.otlpGrpcPort() == ServerSettings.OFF ? null
        : grpcServer(settings, keys, rejects, new OtlpGrpcService(decoders, ingest));
    try {
      server.start().join();
      if (grpc != null) {
        grpc.start().join();
      }
    } catch (RuntimeException e) {
      server.stop().join();
      pipeline.close();
      storage.close();
      throw e;
    }
    return new SightlineServer(server, grpc, pipeline, storage, keys);
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

  @Override
  public void close() {
    if (grpc != null) {
      grpc.stop().join();
    }
    server.stop().join();
    pipeline.close();
    storage.close();
  }

  private static void get(ServerBuilder sb, String path, HttpService service) {
    sb.route().get(path).build(service);
  }

  private static HttpResponse health(IngestPipeline pipeline) {
    String problem = pipeline.problem();
    return Json.of(problem == null ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE, g -> {
      g.writeStartObject();
      g.writeStringField("status", problem == null ? "ok" : "degraded");
      if (problem != null) {
        g.writeStringField("problem", problem);
      }
      g.writeNumberField("pendingRows", pipeline.pendingRows());
      g.writeEndObject();
    });
  }

  /**
   * The OTLP/gRPC listener: a server of its own, so that it has its own port, sharing the HTTP
   * server's event loops and blocking executor (Armeria's common pools). Its Armeria meters stay
   * out of {@code /metrics}, which would otherwise get the shared executor's meters twice; what it
   * ingests is counted there by the pipeline and reject counters like any request.
   */
  private static Server grpcServer(ServerSettings settings, KeyStore keys, RejectCounter rejects,
      OtlpGrpcService service) throws IOException {
    ServerBuilder sb = Server.builder()
        .http(new InetSocketAddress(InetAddress.getByName(settings.bind()), settings.otlpGrpcPort()))
        .maxRequestLength(settings.maxBodyBytes())
        .requestTimeout(Duration.ofSeconds(60))
        .gracefulShutdownTimeout(Duration.ofMillis(500), Duration.ofSeconds(20))
        .unhandledExceptionsReportInterval(Duration.ZERO)
        .decorator(new ServerErrorLog());
    sb.route().post(OtlpGrpcService.PATH)
        .decorator(new Authenticator(keys, rejects, OtlpGrpcService.REFUSAL))
        .errorHandler(OtlpGrpcService.tooLarge(rejects, settings.maxBodyBytes()))
        .build(service);
    sb.serviceUnder("/", OtlpGrpcService.UNIMPLEMENTED);
    return sb.build();
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
