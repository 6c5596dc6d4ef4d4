package dev.sightline.server.http;

import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.server.DecoratingHttpServiceFunction;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import dev.sightline.server.auth.KeyStore;
import dev.sightline.server.auth.RateLimits;
import dev.sightline.server.auth.Role;
import dev.sightline.server.http.RejectCounter;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Admits requests that carry {@code Authorization: Bearer <key>} with a known key and binds them to
 * the key's project and role; answers the others as the guarded protocol says "unauthenticated".
 * Under a path prefix given to {@link #acceptingBasicUnder} (Langfuse's {@code /api/public/}), HTTP
 * Basic {@code publicKey:secretKey} is taken too: the secret is the key, the public key is ignored.
 * A {@link Role#READ} key may only read: any method but {@code GET} and {@code HEAD} is forbidden
 * to it, whatever the route.
 */
public final class Authenticator implements DecoratingHttpServiceFunction {
  /** Why a request is refused. */
  public enum Denial {
    /** No key, or an unknown one: HTTP 401. */
    UNAUTHENTICATED(HttpStatus.UNAUTHORIZED),
    /** Ambiguous credentials (two {@code Authorization} headers, which proxies disagree on): 400. */
    MALFORMED(HttpStatus.BAD_REQUEST),
    /** A known key whose role does not allow the request: 403. */
    FORBIDDEN(HttpStatus.FORBIDDEN),
    /** A known key over its requests per second: 429 with {@code Retry-After}. */
    THROTTLED(HttpStatus.TOO_MANY_REQUESTS);

    private final HttpStatus status;

    Denial(HttpStatus status) {
      this.status = status;
    }

    public HttpStatus status() {
      return status;
    }
  }

  /** Writes the refusal of a request, in the guarded routes' protocol. */
  public interface Refusal {
    HttpResponse refuse(RequestHeaders request, Denial denial, String message);
  }

  /** The native API's: the denial's status with a JSON error. */
  public static final Refusal JSON = (request, denial, message) -> Json.error(denial.status(), message);

  private final KeyStore keys;
  private final RateLimits limits;
  private final RejectCounter rejects;
  private final Refusal refusal;
  private final String basicUnder;

  public Authenticator(KeyStore keys, RateLimits limits, RejectCounter rejects, Refusal refusal) {
    this(keys, limits, rejects, refusal, null);
  }

  private Authenticator(KeyStore keys, RateLimits limits, RejectCounter rejects, Refusal refusal,
      String basicUnder) {
    this.keys = keys;
    this.limits = limits;
    this.rejects = rejects;
    this.refusal = refusal;
    this.basicUnder = basicUnder;
  }

  /**
   * This authenticator, also taking HTTP Basic credentials on paths that start with {@code prefix},
   * as Langfuse's SDKs send them.
   */
  public Authenticator acceptingBasicUnder(String prefix) {
    return new Authenticator(keys, limits, rejects, refusal, prefix);
  }

  @Override
  public HttpResponse serve(HttpService delegate, ServiceRequestContext ctx, HttpRequest req)
      throws Exception {
    if (req.headers().getAll(HttpHeaderNames.AUTHORIZATION).size() > 1) {
      return refuse(ctx, req, Denial.MALFORMED, "two Authorization headers: send one, 'Authorization: Bearer <key>'");
    }
    String header = req.headers().get(HttpHeaderNames.AUTHORIZATION);
    boolean basic = basicUnder != null && ctx.path().startsWith(basicUnder);
    String key = header == null ? null
        : header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim()
        : basic && header.regionMatches(true, 0, "Basic ", 0, 6) ? basicSecret(header.substring(6).trim())
        : null;
    if (key == null) {
      return refuse(ctx, req, Denial.UNAUTHENTICATED, basic
          ? "missing API key: send 'Authorization: Basic base64(publicKey:secretKey)' with a Sightline API key as"
              + " the secret key, or 'Authorization: Bearer <key>'"
          : "missing API key: send 'Authorization: Bearer <key>'");
    }
    Optional<KeyStore.Access> access = keys.access(key);
    if (access.isEmpty()) {
      return refuse(ctx, req, Denial.UNAUTHENTICATED, "unknown API key");
    }
    HttpMethod method = req.method();
    if (access.get().role() == Role.READ && method != HttpMethod.GET && method != HttpMethod.HEAD) {
      return refuse(ctx, req, Denial.FORBIDDEN,
          "read-only key: it can query, but not ingest, change settings or delete (key " + access.get().keyId() + ")");
    }
    Integer perSecond = access.get().limits().requestsPerSecond();
    long wait = perSecond == null ? 0
        : limits.acquire(access.get().keyId(), RateLimits.Measure.REQUESTS, 1, perSecond);
    if (wait > 0) {
      return refuse(ctx, req, Denial.THROTTLED, "key " + access.get().keyId() + " is over its " + perSecond
          + " requests per second" + limits.share(perSecond) + "; retry after " + wait + " s").mapHeaders(h -> h.toBuilder()
          .set(HttpHeaderNames.RETRY_AFTER, Long.toString(wait)).build());
    }
    ctx.setAttr(Api.PROJECT, access.get().projectId());
    ctx.setAttr(Api.ACCESS, access.get());
    return delegate.serve(ctx, req);
  }

  /** The password of Basic credentials ({@code base64(user:password)}), or null if they are not that. */
  private static String basicSecret(String credentials) {
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(credentials), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
    int colon = decoded.indexOf(':');
    return colon < 0 ? null : decoded.substring(colon + 1);
  }

  private HttpResponse refuse(ServiceRequestContext ctx, HttpRequest req, Denial denial, String message) {
    rejects.count(denial == Denial.FORBIDDEN ? "forbidden" : denial == Denial.THROTTLED ? "rate_limited"
        : "unauthorized", 1);
    ErrorLog.rejected(ctx, message);
    return refusal.refuse(req.headers(), denial, message);
  }
}
