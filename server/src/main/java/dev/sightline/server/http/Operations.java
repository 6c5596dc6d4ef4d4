package dev.sightline.server.http;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.ServerBuilder;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/** The operator's endpoints, unauthenticated: {@code /health} and Prometheus' {@code /metrics}. */
public final class Operations {
  private Operations() {}

  /**
   * @param problem what keeps the server from storing data now, or null when it is healthy
   * @param pendingRows rows acknowledged but not yet visible to queries
   * @param state the shared state's reachability ({@code ok} or why not), or null when the state is
   *     the server's own files; reported, not a reason for {@code 503}: ingest and queries go on
   *     without it
   */
  public static void install(ServerBuilder sb, Supplier<String> problem, LongSupplier pendingRows,
      Supplier<String> state, PrometheusMeterRegistry registry) {
    sb.route().get("/health").build((ctx, req) -> health(problem.get(), pendingRows.getAsLong(), state.get()));
    sb.route().get("/metrics").build((ctx, req) -> HttpResponse.of(HttpStatus.OK,
        MediaType.parse("text/plain; version=0.0.4; charset=utf-8"), registry.scrape()));
  }

  private static HttpResponse health(String problem, long pendingRows, String state) {
    return Json.of(problem == null ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE, g -> {
      g.writeStartObject();
      g.writeStringField("status", problem == null ? "ok" : "degraded");
      if (problem != null) {
        g.writeStringField("problem", problem);
      }
      g.writeNumberField("pendingRows", pendingRows);
      if (state != null) {
        g.writeStringField("state", state);
      }
      g.writeEndObject();
    });
  }
}
