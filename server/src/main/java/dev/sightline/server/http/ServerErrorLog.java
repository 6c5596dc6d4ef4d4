package dev.sightline.server.http;

import com.linecorp.armeria.common.HttpHeaders;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.logging.RequestLog;
import com.linecorp.armeria.common.logging.RequestLogProperty;
import com.linecorp.armeria.server.DecoratingHttpServiceFunction;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.netty.util.AttributeKey;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Logs every server error the server answers, once, at ERROR with its cause and stack trace:
 * HTTP 5xx on any route, and the gRPC codes that mean the same ({@code UNKNOWN}, {@code INTERNAL},
 * {@code UNAVAILABLE}, {@code DATA_LOSS}), which gRPC sends with HTTP 200. The cause is the
 * exception that failed the service, or one that a service that answered 5xx itself attached with
 * {@link #cause}. Client errors (4xx, and the other gRPC codes) are not logged here: they are the
 * client's to read and are counted in {@code /metrics}. Installed on every route of both servers
 * (Armeria's own sampled report of unhandled exceptions is switched off, so nothing is logged
 * twice). {@code /health} answering 503 is not an error of its own: the pipeline logs why it is
 * degraded.
 *
 * <p>An error that repeats (every request during a full disk, say) is logged in full the first time
 * in {@value #REPEAT_WINDOW_SECONDS} s for its route, status and cause; the repeats in between are
 * counted and the count is logged with the next one, so each is accounted for without flooding the
 * log. Thread-safe.
 */
public final class ServerErrorLog implements DecoratingHttpServiceFunction {
  private static final System.Logger LOG = System.getLogger(ServerErrorLog.class.getName());
  private static final AttributeKey<Throwable> CAUSE = AttributeKey.valueOf(ServerErrorLog.class, "cause");
  private static final Set<String> GRPC_SERVER_ERRORS = Set.of("2", "13", "14", "15");
  static final int REPEAT_WINDOW_SECONDS = 10;

  /** Per route, status and cause: when it was last logged in full, and the repeats since. */
  private final Map<String, long[]> repeats = new ConcurrentHashMap<>();

  @Override
  public HttpResponse serve(HttpService delegate, ServiceRequestContext ctx, HttpRequest req) throws Exception {
    if (ctx.path().equals("/health")) {
      return delegate.serve(ctx, req);
    }
    ctx.log().whenComplete().thenAccept(log -> {
      String status = serverError(log);
      if (status != null) {
        Throwable cause = log.responseCause() != null ? log.responseCause() : ctx.attr(CAUSE);
        String what = req.method() + " " + ctx.path() + " answered " + status;
        String key = what + (cause == null ? "" : " " + cause.getClass().getName() + ": " + cause.getMessage());
        long repeated = repeatsBefore(key);
        if (repeated >= 0) {
          LOG.log(System.Logger.Level.ERROR, what + (cause == null ? " (no exception)" : "")
              + (repeated > 0 ? " (and " + repeated + " more like it in the last "
                  + REPEAT_WINDOW_SECONDS + " s)" : ""), cause);
        }
      }
    });
    return delegate.serve(ctx, req);
  }

  /** The repeats to report if this error is to be logged now, or -1 if it is only counted. */
  private long repeatsBefore(String key) {
    long now = System.nanoTime();
    if (repeats.size() > 1000) {
      repeats.clear(); // causes whose messages vary would otherwise grow it without bound
    }
    long[] state = repeats.computeIfAbsent(key, k -> new long[] {now - Long.MAX_VALUE / 2, 0});
    synchronized (state) {
      if (now - state[0] < REPEAT_WINDOW_SECONDS * 1_000_000_000L) {
        state[1]++;
        return -1;
      }
      long repeated = state[1];
      state[0] = now;
      state[1] = 0;
      return repeated;
    }
  }

  /**
   * Attaches the cause of a server error that a service answers itself (rather than by failing),
   * so that the answer is logged with it.
   *
   * @param ctx the request's context, or null (nothing is attached then)
   */
  public static void cause(ServiceRequestContext ctx, Throwable cause) {
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
