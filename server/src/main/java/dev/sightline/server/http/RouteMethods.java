package dev.sightline.server.http;

import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.server.HttpService;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The methods each API path takes, so that a request with another method is told 405 with an
 * {@code Allow} header rather than 404. Routes are added while the server is built; thread-safe to
 * read once it is.
 */
public final class RouteMethods {
  private record Route(Pattern path, HttpMethod method) {}

  private final List<Route> routes = new ArrayList<>();

  /** @param pathPattern an Armeria path pattern such as {@code /api/traces/{traceId}} */
  public void add(HttpMethod method, String pathPattern) {
    String regex = Pattern.quote(pathPattern).replaceAll("\\{[^}/]+}", "\\\\E[^/]+\\\\Q");
    routes.add(new Route(Pattern.compile(regex), method));
  }

  /**
   * What answers a request no route took: 405 with the allowed methods if its path is known, else
   * 404 naming the method and path.
   */
  public HttpService fallback() {
    return (ctx, req) -> {
      Set<String> allowed = new TreeSet<>();
      for (Route r : routes) {
        if (r.path().matcher(ctx.path()).matches()) {
          allowed.add(r.method().name());
        }
      }
      if (allowed.isEmpty()) {
        return Json.error(HttpStatus.NOT_FOUND, "no such endpoint: " + req.method() + " " + ctx.path());
      }
      String allow = String.join(", ", allowed);
      return Json.error(HttpStatus.METHOD_NOT_ALLOWED, ctx.path() + " takes " + allow + ", not " + req.method())
          .mapHeaders(h -> h.toBuilder().set(HttpHeaderNames.ALLOW, allow).build());
    };
  }
}
