package dev.sightline.server.http;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.server.ServiceRequestContext;
import dev.sightline.core.storage.QueryTimeoutException;
import dev.sightline.server.auth.KeyStore;
import dev.sightline.server.auth.Role;
import io.netty.util.AttributeKey;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/** What every API endpoint shares: the caller's project and running blocking work off the event loop. */
public final class Api {
  /** The project of the request's API key, set by {@link Authenticator}. */
  public static final AttributeKey<String> PROJECT = AttributeKey.valueOf(Api.class, "project");
  /** What the request's API key grants (project, role, limits), set by {@link Authenticator}. */
  public static final AttributeKey<KeyStore.Access> ACCESS = AttributeKey.valueOf(Api.class, "access");

  /**
   * Refuses a request whose key lacks a role: answer with the returned 403, or go on if null.
   */
  public static HttpResponse requireRole(ServiceRequestContext ctx, Role needed) {
    KeyStore.Access access = ctx.attr(ACCESS);
    if (access != null && access.role().compareTo(needed) >= 0) {
      return null;
    }
    String message = "this needs " + (needed == Role.ADMIN ? "an admin" : "a " + needed.wireName()) + " key";
    ErrorLog.rejected(ctx, message);
    return Json.error(HttpStatus.FORBIDDEN, message);
  }

  /** The id of the request's API key ({@code KeyStore.idOf}). */
  public static String keyId(ServiceRequestContext ctx) {
    KeyStore.Access access = ctx.attr(ACCESS);
    if (access == null) {
      throw new IllegalStateException("route is not behind the authenticator");
    }
    return access.keyId();
  }

  public static String project(ServiceRequestContext ctx) {
    String project = ctx.attr(PROJECT);
    if (project == null) {
      throw new IllegalStateException("route is not behind the authenticator");
    }
    return project;
  }

  /**
   * Runs a storage call on the blocking executor; a bad parameter ({@link IllegalArgumentException})
   * becomes a 400 naming it.
   */
  public static HttpResponse blocking(ServiceRequestContext ctx, Supplier<HttpResponse> work) {
    return HttpResponse.of(CompletableFuture.supplyAsync(() -> {
      try {
        return work.get();
      } catch (IllegalArgumentException e) {
        ErrorLog.rejected(ctx, e.getMessage());
        return Json.error(HttpStatus.BAD_REQUEST, e.getMessage());
      } catch (QueryTimeoutException e) {
        // The same query would run as long again: a timeout for the caller to narrow, not a 500.
        ErrorLog.rejected(ctx, e.getMessage());
        return Json.error(HttpStatus.GATEWAY_TIMEOUT, e.getMessage());
      }
    }, ctx.blockingTaskExecutor()));
  }

  private Api() {}
}
