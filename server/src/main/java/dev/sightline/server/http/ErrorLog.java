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
 * Logs every answer that is not a success, in one place for both servers and every route.
 *
 * <ul>
 *   <li>A server error (HTTP 5xx, or the gRPC codes that mean the same: {@code UNKNOWN},
 *       {@code INTERNAL}, {@code UNAVAILABLE}, {@code DATA_LOSS}, which gRPC sends with HTTP 200) at
 *       ERROR, with its cause and stack trace. The cause is the exception that failed the service,
 *       or one that a service that answered 5xx itself attached with {@link #cause}.
 *   <li>A rejected request (HTTP 4xx other than 404, and the other gRPC error codes) at INFO, in
 *       one line: method, path, client address, status and, when the service gave one with
 *       {@link #rejected}, the message the client got. Never a stack trace: the fault is the
 *       client's, and the line is for the operator wondering why a client's data is missing.
 * </ul>
 *
 * <p>Armeria's own sampled report of unhandled exceptions is switched off, so nothing is logged
 * twice. {@code /health} answering 503 is not an error of its own: the pipeline logs why it is
 * degraded. An answer that repeats (every request during a full disk, a misconfigured client
 * sending every second) is logged the first time in {@value #REPEAT_WINDOW_SECONDS} s for its
 * route and status (and cause, for server errors); the repeats in between are counted and the
 * count is logged with the next one, so each is accounted for without flooding the log.
 * Thread-safe.
 */
public final class ErrorLog implements DecoratingHttpServiceFunction {
  private static final System.Logger LOG = System.getLogger(ErrorLog.class.getName());
  private static final AttributeKey<Throwable> CAUSE = AttributeKey.valueOf(ErrorLog.class, "cause");
  private static final AttributeKey<String> REJECTED = AttributeKey.valueOf(ErrorLog.class, "rejected");
  private static final Set<String> GRPC_SERVER_ERRORS = Set.of("2", "13", "14", "15");
  static final int REPEAT_WINDOW_SECONDS = 10;

  /** Per route, status and cause: when it was last logged, and the repeats since. */
  private final Map<String, long[]> repeats = new ConcurrentHashMap<>();

  @Override
  public HttpResponse serve(HttpService delegate, ServiceRequestContext ctx, HttpRequest req) throws Exception {
    if (ctx.path().equals("/health")) {
      return delegate.serve(ctx, req);
    }
    ctx.log().whenComplete().thenAccept(log -> {
      String status = status(log);
      if (status == null) {
        return;
      }
      String what = req.method() + " " + ctx.path();
      if (serverError(status)) {
        Throwable cause = log.responseCause() != null ? log.responseCause() : ctx.attr(CAUSE);
        String key = what + " " + status + (cause == null ? "" : " " + cause.getClass().getName() + ": " + cause.getMessage());
        long repeated = repeatsBefore(key);
        if (repeated >= 0) {
          LOG.log(System.Logger.Level.ERROR, what + " answered " + status + (cause == null ? " (no exception)" : "")
              + repeats(repeated), cause);
        }
      } else {
        long repeated = repeatsBefore(what + " " + status);
        if (repeated >= 0) {
          String message = ctx.attr(REJECTED);
          LOG.log(System.Logger.Level.INFO, "rejected " + what + " from " + ctx.clientAddress().getHostAddress()
              + ": " + status + (message == null ? "" : " " + message) + repeats(repeated));
        }
      }
    });
    return delegate.serve(ctx, req);
  }

  private static String repeats(long repeated) {
    return repeated > 0 ? " (and " + repeated + " more like it in the last " + REPEAT_WINDOW_SECONDS + " s)" : "";
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

  /**
   * Attaches the message a rejected request was answered with, so that its log line says why.
   *
   * @param ctx the request's context, or null (nothing is attached then)
   */
  public static void rejected(ServiceRequestContext ctx, String message) {
    if (ctx != null) {
      ctx.setAttr(REJECTED, message);
    }
  }

  /**
   * The answer's status if it is to be logged ({@code 413}, {@code 503}, {@code grpc-status 3}),
   * else null: successes, and 404, which answers a lookup rather than rejecting anything.
   */
  private static String status(RequestLog log) {
    if (!log.isAvailable(RequestLogProperty.RESPONSE_HEADERS)) {
      return null;
    }
    int http = log.responseHeaders().status().code();
    if (http >= 400) {
      return http == 404 ? null : Integer.toString(http);
    }
    String grpc = grpcStatus(log.responseHeaders());
    if (grpc == null && log.isAvailable(RequestLogProperty.RESPONSE_TRAILERS)) {
      grpc = grpcStatus(log.responseTrailers());
    }
    return grpc != null && !grpc.equals("0") ? "grpc-status " + grpc : null;
  }

  private static boolean serverError(String status) {
    return status.startsWith("5") || GRPC_SERVER_ERRORS.contains(status.substring(status.indexOf(' ') + 1));
  }

  private static String grpcStatus(HttpHeaders headers) {
    return headers.get("grpc-status");
  }
}
