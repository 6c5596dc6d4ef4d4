package dev.sightline.server.http;

import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.server.DecoratingHttpServiceFunction;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import dev.sightline.server.auth.KeyStore;
import dev.sightline.server.http.RejectCounter;
import java.util.Optional;

/**
 * Admits requests that carry {@code Authorization: Bearer <key>} with a known key and binds them to
 * the key's project; answers the others as the guarded protocol says "unauthenticated".
 */
public final class Authenticator implements DecoratingHttpServiceFunction {
  /**
   * Writes the refusal of a request without a valid key, in the guarded routes' protocol: as
   * unauthenticated, or as malformed when its credentials are ambiguous (two {@code Authorization}
   * headers, which proxies and servers disagree on).
   */
  public interface Refusal {
    HttpResponse refuse(RequestHeaders request, boolean malformed, String message);
  }

  /** The native API's: 401 (or 400) with a JSON error. */
  public static final Refusal JSON = (request, malformed, message) ->
      Json.error(malformed ? HttpStatus.BAD_REQUEST : HttpStatus.UNAUTHORIZED, message);

  private final KeyStore keys;
  private final RejectCounter rejects;
  private final Refusal refusal;

  public Authenticator(KeyStore keys, RejectCounter rejects, Refusal refusal) {
    this.keys = keys;
    this.rejects = rejects;
    this.refusal = refusal;
  }

  @Override
  public HttpResponse serve(HttpService delegate, ServiceRequestContext ctx, HttpRequest req)
      throws Exception {
    if (req.headers().getAll(HttpHeaderNames.AUTHORIZATION).size() > 1) {
      return refuse(ctx, req, true, "two Authorization headers: send one, 'Authorization: Bearer <key>'");
    }
    String header = req.headers().get(HttpHeaderNames.AUTHORIZATION);
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return refuse(ctx, req, false, "missing API key: send 'Authorization: Bearer <key>'");
    }
    Optional<String> project = keys.projectOf(header.substring(7).trim());
    if (project.isEmpty()) {
      return refuse(ctx, req, false, "unknown API key");
    }
    ctx.setAttr(Api.PROJECT, project.get());
    return delegate.serve(ctx, req);
  }

  private HttpResponse refuse(ServiceRequestContext ctx, HttpRequest req, boolean malformed, String message) {
    rejects.count("unauthorized", 1);
    ErrorLog.rejected(ctx, message);
    return refusal.refuse(req.headers(), malformed, message);
  }
}
