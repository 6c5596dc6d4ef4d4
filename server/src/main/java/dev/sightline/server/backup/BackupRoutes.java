package dev.sightline.server.backup;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpResponseWriter;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServiceRequestContext;
import dev.sightline.server.auth.AuditLog;
import dev.sightline.server.auth.KeyStore;
import dev.sightline.server.auth.Role;
import dev.sightline.server.http.Api;
import dev.sightline.server.http.ErrorLog;
import dev.sightline.server.http.Json;
import dev.sightline.server.http.RouteMethods;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code POST /api/backup?dir=/absolute/path}: a consistent backup of the whole server (every
 * project) into a directory on the server's machine, for the operator: an admin key of the
 * {@code default} project only. The answer streams plain-text lines as it goes,
 * first, when the state is not in the backup (kept in PostgreSQL), {@code note MESSAGE} saying how to
 * back it up, then {@code progress COPIED TOTAL} (bytes, the total an estimate), then
 * {@code done BYTES DIR} or {@code failed MESSAGE}; what can be refused first (the key, the
 * directory) is a JSON error.
 */
public final class BackupRoutes {
  private static final long REPORT_EVERY = 8L << 20;

  private BackupRoutes() {}

  public static void install(ServerBuilder sb, Backup backup, AuditLog audit, RouteMethods methods) {
    sb.route().post("/api/backup").build((ctx, req) -> {
      HttpResponse forbidden = Api.requireRole(ctx, Role.ADMIN);
      if (forbidden != null) {
        return forbidden;
      }
      if (!KeyStore.DEFAULT_PROJECT.equals(Api.project(ctx))) {
        return refuse(ctx, HttpStatus.FORBIDDEN, "a backup copies every project: it needs an admin key of the"
            + " default project");
      }
      if (backup.sharedStore()) {
        return refuse(ctx, HttpStatus.CONFLICT, "this server's store is shared by servers (" + backup.storageName()
            + "): back it up with its own tools, and the shared state with pg_dump (docs/scale-out.md#backup)");
      }
      String dir = ctx.queryParams().get("dir");
      if (dir == null || !Path.of(dir).isAbsolute()) {
        return refuse(ctx, HttpStatus.BAD_REQUEST, "dir: required, an absolute path on the server's machine");
      }
      try {
        Backup.requireEmpty(Path.of(dir));
      } catch (IllegalArgumentException | IOException e) {
        return refuse(ctx, HttpStatus.BAD_REQUEST, e.getMessage());
      }
      HttpResponseWriter out = HttpResponse.streaming();
      out.write(ResponseHeaders.of(HttpStatus.OK, "content-type", MediaType.PLAIN_TEXT_UTF_8));
      ctx.blockingTaskExecutor().execute(() -> run(ctx, backup, audit, Path.of(dir), out));
      return out;
    });
    methods.add(HttpMethod.POST, "/api/backup");
  }

  private static void run(ServiceRequestContext ctx, Backup backup, AuditLog audit, Path dir, HttpResponseWriter out) {
    try {
      if (backup.stateElsewhere() != null) {
        out.write(HttpData.ofUtf8("note " + backup.stateElsewhere() + "\n"));
      }
      long total = backup.estimate();
      AtomicLong copied = new AtomicLong();
      AtomicLong reported = new AtomicLong();
      out.write(HttpData.ofUtf8("progress 0 " + total + "\n"));
      long bytes = backup.run(dir, n -> {
        long now = copied.addAndGet(n);
        if (now - reported.get() >= REPORT_EVERY) {
          reported.set(now);
          out.tryWrite(HttpData.ofUtf8("progress " + now + " " + Math.max(total, now) + "\n"));
        }
      });
      audit.record(Api.project(ctx), Api.keyId(ctx), "backup", dir.toString(), Map.of("bytes", bytes));
      out.write(HttpData.ofUtf8("progress " + bytes + " " + bytes + "\ndone " + bytes + " " + dir + "\n"));
    } catch (IOException | RuntimeException e) {
      ErrorLog.cause(ctx, e);
      out.tryWrite(HttpData.ofUtf8("failed " + e.getMessage() + "\n"));
    } finally {
      out.close();
    }
  }

  private static HttpResponse refuse(ServiceRequestContext ctx, HttpStatus status, String message) {
    ErrorLog.rejected(ctx, message);
    return Json.error(status, message);
  }
}
