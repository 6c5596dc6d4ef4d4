package dev.sightline.server.retention;

import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.server.ServerBuilder;
import dev.sightline.server.governance.SettingsStore;
import dev.sightline.server.http.Api;
import dev.sightline.server.http.Json;
import dev.sightline.server.http.RouteMethods;
import java.time.Clock;
import java.time.Duration;
import java.util.OptionalInt;

/**
 * {@code GET /api/retention}: the project's window and the job's progress:
 * {@code {"retentionDays": 30, "horizon": …, "every": 600, "lastRunAt": …, "lastRunDeleted": 12,
 * "deletedSinceStart": 40}} (times in epoch microseconds, {@code every} in seconds; the window
 * fields are null without a window, {@code lastRunAt} before the first run).
 */
public final class RetentionRoutes {
  private RetentionRoutes() {}

  public static void install(ServerBuilder sb, RetentionJob job, SettingsStore settings, Clock clock,
      Duration every, RouteMethods methods) {
    sb.route().get("/api/retention").build((ctx, req) -> Api.blocking(ctx, () -> {
      OptionalInt days = settings.retentionDays(Api.project(ctx));
      RetentionJob.Status status = job.status();
      return Json.ok(g -> {
        g.writeStartObject();
        if (days.isPresent()) {
          g.writeNumberField("retentionDays", days.getAsInt());
          g.writeNumberField("horizon", clock.millis() * 1000 - days.getAsInt() * 86_400_000_000L);
        } else {
          g.writeNullField("retentionDays");
          g.writeNullField("horizon");
        }
        g.writeNumberField("every", every.toSeconds());
        if (status.lastRunAt() == null) {
          g.writeNullField("lastRunAt");
        } else {
          g.writeNumberField("lastRunAt", status.lastRunAt());
        }
        g.writeNumberField("lastRunDeleted", status.lastRunDeleted());
        g.writeNumberField("deletedSinceStart", status.deletedSinceStart());
        g.writeEndObject();
      });
    }));
    methods.add(HttpMethod.GET, "/api/retention");
  }
}
