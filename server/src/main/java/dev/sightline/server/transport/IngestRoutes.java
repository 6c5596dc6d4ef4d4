package dev.sightline.server.transport;

import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServiceErrorHandler;
import dev.sightline.server.auth.KeyStore;
import dev.sightline.server.auth.RateLimits;
import dev.sightline.server.collector.Collector;
import dev.sightline.server.http.Authenticator;
import dev.sightline.server.http.Json;
import dev.sightline.server.http.RejectCounter;
import dev.sightline.server.http.RouteMethods;

/**
 * Installs the ingestion transports, each composed with the one {@link Collector}: the native
 * batch API and OTLP/HTTP on the main server, OTLP/gRPC on a listener of its own.
 */
public final class IngestRoutes {
  /** Where Langfuse's OpenTelemetry SDKs (JS v4+, Python v3+) send OTLP/HTTP: {@code /v1/traces} as is. */
  static final String LANGFUSE_OTLP_PATH = "/api/public/otel/v1/traces";
  /** The prefix of Langfuse's routes, under which HTTP Basic credentials are taken. */
  public static final String LANGFUSE_PREFIX = "/api/public/";

  private final Collector collector;
  private final KeyStore keys;
  private final RateLimits limits;
  private final RejectCounter rejects;
  private final int maxBodyBytes;

  /** @param maxBodyBytes the servers' largest request, named in the answer to a larger one */
  public IngestRoutes(Collector collector, KeyStore keys, RateLimits limits, RejectCounter rejects, int maxBodyBytes) {
    this.collector = collector;
    this.keys = keys;
    this.limits = limits;
    this.rejects = rejects;
    this.maxBodyBytes = maxBodyBytes;
  }

  /**
   * {@code POST /api/ingest}, {@code POST /api/scores} and Langfuse's {@code POST /api/public/ingestion}
   * and {@code POST /api/public/otel/v1/traces} (behind the {@code /api/} authenticator the caller
   * installs, which takes Langfuse's Basic credentials under {@code /api/public/}),
   * {@code POST /v1/traces}, and a clear refusal of OTLP's other signals; a body over the limit
   * gets a 413 in the route's protocol.
   */
  public void installHttp(ServerBuilder sb, RouteMethods methods) {
    ServiceErrorHandler tooLarge = TransportService.tooLarge(rejects, c -> Json.error(
        HttpStatus.REQUEST_ENTITY_TOO_LARGE, "body: larger than " + maxBodyBytes + " bytes"));
    sb.errorHandler(tooLarge::onServiceException);
    sb.route().post("/api/ingest").build(service(new NativeTransport()));
    methods.add(HttpMethod.POST, "/api/ingest");
    sb.route().post(ScoreTransport.PATH).build(service(new ScoreTransport()));
    methods.add(HttpMethod.POST, ScoreTransport.PATH);
    sb.route().post(OtlpHttpTransport.PATH)
        .decorator(new Authenticator(keys, limits, rejects, OtlpHttpTransport.REFUSAL))
        .errorHandler(OtlpHttpTransport.tooLarge(rejects, maxBodyBytes))
        .build(service(new OtlpHttpTransport()));
    sb.route().post(LangfuseIngestionTransport.PATH).build(service(new LangfuseIngestionTransport()));
    methods.add(HttpMethod.POST, LangfuseIngestionTransport.PATH);
    sb.route().post(LANGFUSE_OTLP_PATH)
        .errorHandler(OtlpHttpTransport.tooLarge(rejects, maxBodyBytes))
        .build(service(new OtlpHttpTransport()));
    methods.add(HttpMethod.POST, LANGFUSE_OTLP_PATH);
    OtlpHttpTransport.OTHER_SIGNALS.forEach(path -> sb.route().post(path).build(OtlpHttpTransport.NOT_TAKEN));
  }

  /** OTLP/gRPC's export method, and {@code UNIMPLEMENTED} for any other path of its listener. */
  public void installGrpc(ServerBuilder sb) {
    sb.route().post(OtlpGrpcTransport.PATH)
        .decorator(new Authenticator(keys, limits, rejects, OtlpGrpcTransport.REFUSAL))
        .errorHandler(OtlpGrpcTransport.tooLarge(rejects, maxBodyBytes))
        .build(service(new OtlpGrpcTransport()));
    sb.serviceUnder("/", OtlpGrpcTransport.UNIMPLEMENTED);
  }

  private TransportService service(Transport transport) {
    return new TransportService(transport, collector, rejects);
  }
}
