package dev.sightline.server.retention;

import com.fasterxml.jackson.core.JsonGenerator;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.server.ServerBuilder;
import dev.sightline.core.storage.DiskReclaim;
import dev.sightline.server.governance.SettingsStore;
import dev.sightline.server.http.Api;
import dev.sightline.server.http.Json;
import dev.sightline.server.http.RouteMethods;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.OptionalInt;

/**
 * {@code GET /api/retention}: the project's window and the job's progress:
 * {@code {"retentionDays": 30, "horizon": …, "every": 600, "lastRunAt": …, "lastRunDeleted": 12,
 * "deletedSinceStart": 40, "diskReclaim": {"reclaimedBytes": …, "copiedBytes": …, "lastRunAt": …,
 * "rewrittenBytes": …, "lastRewriteAt": …, "rewritePendingSince": …}}} (times in epoch
 * microseconds, {@code every} in seconds; the window fields are null without a window,
 * {@code lastRunAt} before the first run, {@code lastRewriteAt} before the first rewrite,
 * {@code rewritePendingSince} when no deletion awaits one). {@code diskReclaim} is the store's
 * ({@link dev.sightline.core.storage.Storage#diskReclaim}): deleted texts leave the disk when its
 * compaction runs, deleted rows' other values when its database is rewritten.
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
        DiskReclaim reclaim = job.diskReclaim();
        g.writeObjectFieldStart("diskReclaim");
        g.writeNumberField("reclaimedBytes", reclaim.reclaimedBytes());
        g.writeNumberField("copiedBytes", reclaim.copiedBytes());
        writeMicros(g, "lastRunAt", reclaim.lastRunMicros());
        g.writeNumberField("rewrittenBytes", reclaim.rewrittenBytes());
        writeMicros(g, "lastRewriteAt", reclaim.lastRewriteMicros());
        writeMicros(g, "rewritePendingSince", reclaim.rewritePendingSinceMicros());
        g.writeEndObject();
        g.writeEndObject();
      });
    }));
    methods.add(HttpMethod.GET, "/api/retention");
  }

  private static void writeMicros(JsonGenerator g, String name, Long micros) throws IOException {
    if (micros == null) {
      g.writeNullField(name);
    } else {
      g.writeNumberField(name, micros);
    }
  }
}
