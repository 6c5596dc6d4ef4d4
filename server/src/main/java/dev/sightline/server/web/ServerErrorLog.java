package dev.sightline.server.web;

import com.linecorp.armeria.common.HttpHeaders;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.logging.RequestLog;
import com.linecorp.armeria.common.logging.RequestLogProperty;
import com.linecorp.armeria.server.DecoratingHttpServiceFunction;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.netty.util.AttributeKey;
import java.util.Set;

/**
 * Logs every server error the server answers, once, at ERROR with its cause and stack trace:
 * HTTP 5xx on any route, and the gRPC codes that mean the same ({@code UNKNOWN}, {@code INTERNAL},
 * {@code UNAVAILABLE}, {@code DATA_LOSS}), which gRPC sends with HTTP 200. The cause is the
 * exception that failed the service, or one that a service that answered 5xx itself attached with
 * {@link #cause}. Client errors (4xx, and the other gRPC codes) are not logged here: they are the
 * client's to read and are counted in {@code /metrics}. Installed on every route of both servers
 * (Armeria's own sampled report of unhandled exceptions is switched off, so nothing is logged
 * twice). Thread-safe.
 */
final class ServerErrorLog implements DecoratingHttpServiceFunction {
  private static final System.Logger LOG = System.getLogger(ServerErrorLog.class.getName());
  private static final AttributeKey<Throwable> CAUSE = AttributeKey.valueOf(ServerErrorLog.class, "cause");
  private static final Set<String> GRPC_SERVER_ERRORS = Set.of("2", "13", "14", "15");

  @Override
  public HttpResponse serve(HttpService delegate, ServiceRequestContext ctx, HttpRequest req) throws Exception {
    ctx.log().whenComplete().thenAccept(log -> {
      String status = serverError(log);
      if (status != null) {
        Throwable cause = log.responseCause() != null ? log.responseCause() : ctx.attr(CAUSE);
        LOG.log(System.Logger.Level.ERROR, req.method() + " " + ctx.path() + " answered " + status
            + (cause == null ? " (no exception)" : ""), cause);
      }
    });
    return delegate.serve(ctx, req);
  }

  /**
   * Attaches the cause of a server error that a service answers itself (rather than by failing),
   * so that the answer is logged with it.
   *
   * @param ctx the request's context, or null (nothing is attached then)
   */
  static void cause(ServiceRequestContext ctx, Throwable cause) {
    if (ctx != null) {
      ctx.setAttr(CAUSE, cause);
    }
  }

  /** The answer's status if it is a server error ({@code 503}, {@code grpc-status 14}), else null. */
  private static String serverError(RequestLog log) {
    if (!log.isAvailable(RequestLogProperty.RESPONSE_HEADERS)) {
      return null;
    }
    int http = log.responseHeaders().status().code();
    if (http >= 500) {
      return Integer.toString(http);
    }
    String grpc = grpcStatus(log.responseHeaders());
    if (grpc == null && log.isAvailable(RequestLogProperty.RESPONSE_TRAILERS)) {
      grpc = grpcStatus(log.responseTrailers());
    }
    return grpc != null && GRPC_SERVER_ERRORS.contains(grpc) ? "grpc-status " + grpc : null;
  }

  private static String grpcStatus(HttpHeaders headers) {
    return headers.get("grpc-status");
  }
}
