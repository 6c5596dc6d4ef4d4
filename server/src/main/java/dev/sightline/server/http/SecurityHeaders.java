package dev.sightline.server.http;

import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.ResponseHeadersBuilder;
import com.linecorp.armeria.server.DecoratingHttpServiceFunction;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;

/**
 * The headers every answer of the HTTP listener carries, so that a browser treats the UI and the
 * API as strictly as they deserve: the UI keeps API keys in local storage, so no script but its own
 * may run, and no other site may frame it.
 *
 * <ul>
 *   <li>{@code Content-Security-Policy}: scripts, connections, fonts and images from the server
 *       itself only (images also as {@code data:}); styles from it and inline (charts set them);
 *       no plugins, no {@code <base>}, forms only to itself, no framing;
 *   <li>{@code X-Frame-Options: DENY} for browsers that predate {@code frame-ancestors};
 *   <li>{@code X-Content-Type-Options: nosniff}; {@code Referrer-Policy: no-referrer};
 *   <li>{@code Cache-Control: no-store} on {@code /api/} answers, which carry trace data and keys'
 *       projects' settings: no shared or disk cache keeps them.
 * </ul>
 *
 * <p>Thread-safe (stateless).
 */
public final class SecurityHeaders implements DecoratingHttpServiceFunction {
  static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
      + "img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
      + "form-action 'self'; frame-ancestors 'none'";

  @Override
  public HttpResponse serve(HttpService delegate, ServiceRequestContext ctx, HttpRequest req) throws Exception {
    boolean api = ctx.path().startsWith("/api/");
    return delegate.serve(ctx, req).mapHeaders(headers -> {
      ResponseHeadersBuilder b = headers.toBuilder()
          .set(HttpHeaderNames.CONTENT_SECURITY_POLICY, POLICY)
          .set(HttpHeaderNames.X_FRAME_OPTIONS, "DENY")
          .set(HttpHeaderNames.X_CONTENT_TYPE_OPTIONS, "nosniff")
          .set(HttpHeaderNames.of("referrer-policy"), "no-referrer");
      if (api) {
        b.set(HttpHeaderNames.CACHE_CONTROL, "no-store");
      }
      return b.build();
    });
  }
}
