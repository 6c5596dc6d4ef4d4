package dev.sightline.server.web;

import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.server.DecoratingHttpServiceFunction;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import dev.sightline.server.auth.KeyStore;
import java.util.Optional;

/**
 * Admits requests that carry {@code Authorization: Bearer <key>} with a known key and binds them to
 * the key's project; answers the others 401 with a JSON error.
 */
final class Authenticator implements DecoratingHttpServiceFunction {
  private final KeyStore keys;
  private final RejectCounter rejects;

  Authenticator(KeyStore keys, RejectCounter rejects) {
    this.keys = keys;
    this.rejects = rejects;
  }

  @Override
  public HttpResponse serve(HttpService delegate, ServiceRequestContext ctx, HttpRequest req)
      throws Exception {
    String header = req.headers().get(HttpHeaderNames.AUTHORIZATION);
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return refuse("missing API key: send 'Authorization: Bearer <key>'");
    }
    Optional<String> project = keys.projectOf(header.substring(7).trim());
    if (project.isEmpty()) {
      return refuse("unknown API key");
    }
    ctx.setAttr(Api.PROJECT, project.get());
    return delegate.serve(ctx, req);
  }

  private HttpResponse refuse(String message) {
    rejects.count("unauthorized", 1);
    return Json.error(HttpStatus.UNAUTHORIZED, message);
  }
}
