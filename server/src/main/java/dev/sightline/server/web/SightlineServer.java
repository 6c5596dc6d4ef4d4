package dev.sightline.server.web;

import com.linecorp.armeria.common.ContentTooLargeException;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import dev.sightline.server.auth.KeyStore;
import dev.sightline.server.ingest.BatchDecoder;
import dev.sightline.server.pipeline.IngestPipeline;
import dev.sightline.server.storage.GroupQuery;
import dev.sightline.server.storage.Storage;
import dev.sightline.server.storage.StorageProvider;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * A running Sightline server: HTTP API, ingest pipeline and storage, wired together. Closing it
 * stops taking requests, stores everything accepted, then closes storage.
 */
public final class SightlineServer implements AutoCloseable {
  /**
   * Request bytes that ingest requests in flight may hold in memory together: with the default
   * 512 MB heap this leaves room for the rows waiting for storage and the search index's buffer.
   */
  private static final long INGEST_BUDGET_BYTES = 64L << 20;
  private final Server server;
  private final IngestPipeline pipeline;
  private final Storage storage;
  private final KeyStore keys;

  private SightlineServer(Server server, IngestPipeline pipeline, Storage storage, KeyStore keys) {
    this.server = server;
    this.pipeline = pipeline;
    this.storage = storage;
    this.keys = keys;
  }

  /** Opens storage, replays the write-ahead log and starts listening. */
  public static SightlineServer start(ServerSettings settings) throws IOException {
    KeyStore keys = KeyStore.open(settings.dataDir());
    Storage storage = openStorage(settings);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    BatchDecoder decoder = new BatchDecoder();
    IngestPipeline pipeline;
    try {
      pipeline = IngestPipeline.open(storage, settings.dataDir().resolve("wal"), format -> decoder,
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
        .errorHandler((ctx, cause) -> isTooLarge(cause)
            ? tooLarge(rejects, settings.maxBodyBytes()) : null)
        .decoratorUnder("/api/", new Authenticator(keys, rejects));
    IngestBudget budget = new IngestBudget(INGEST_BUDGET_BYTES, settings.maxBodyBytes(), rejects);
    sb.route().post("/api/ingest").decorator(budget)
        .build(new IngestService(decoder, pipeline, rejects, budget, settings.maxBodyBytes()));
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
    server.start().join();
    return new SightlineServer(server, pipeline, storage, keys);
  }

  /** The port the server listens on. */
  public int port() {
    return server.activeLocalPort();
  }

  public KeyStore keys() {
    return keys;
  }

  @Override
  public void close() {
    server.stop().join();
    pipeline.close();
    storage.close();
  }

  private static void get(ServerBuilder sb, String path, HttpService service) {
    sb.route().get(path).build(service);
  }

  private static HttpResponse health(IngestPipeline pipeline) {
    boolean ok = pipeline.healthy();
    return Json.of(ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE, g -> {
      g.writeStartObject();
      g.writeStringField("status", ok ? "ok" : "degraded");
      g.writeNumberField("pendingRows", pipeline.pendingRows());
      g.writeEndObject();
    });
  }

  /**
   * Whether a request failed for its size: a body that grew too large while streaming fails with
   * {@link ContentTooLargeException}; one whose Content-Length is already too large is rejected
   * early with an {@code HttpStatusException} that wraps it.
   */
  private static boolean isTooLarge(Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof ContentTooLargeException) {
        return true;
      }
    }
    return false;
  }

  private static HttpResponse tooLarge(RejectCounter rejects, int limit) {
    rejects.count("too_large", 1);
    return Json.error(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "body: larger than " + limit + " bytes");
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
