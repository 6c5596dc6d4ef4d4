package dev.sightline.server.retention;

import dev.sightline.core.model.Row;
import dev.sightline.core.model.Schema;
import dev.sightline.core.storage.Filter;
import dev.sightline.core.storage.Page;
import dev.sightline.core.storage.Sort;
import dev.sightline.core.storage.DiskReclaim;
import dev.sightline.core.storage.Storage;
import dev.sightline.core.storage.TraceQuery;
import dev.sightline.server.auth.AuditLog;
import dev.sightline.server.collector.IngestPipeline;
import dev.sightline.server.governance.SettingsStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Deletes the traces that left their project's retention window (started more than
 * {@code retentionDays} ago), in bounded steps: each step deletes at most {@value #CHUNK} traces
 * as one logged deletion, which the loader applies between ingest batches, so ingest and queries
 * never wait long behind it. A run deletes at most {@value #MAX_PER_RUN} traces per project; the
 * next run goes on. Queries hide expired traces before this job removes them.
 *
 * <p>Visible in {@code /metrics} ({@code sightline_retention_deleted_traces_total},
 * {@code sightline_retention_last_run_seconds}) and through {@link #status()}; each run that
 * deleted something is audited as {@code retention.run} by {@code server}. Not thread-safe: one
 * scheduler thread runs it.
 */
public final class RetentionJob {
  static final int CHUNK = 1000;
  static final int MAX_PER_RUN = 100_000;
  private static final long DAY_MICROS = 86_400_000_000L;
  private static final System.Logger LOG = System.getLogger(RetentionJob.class.getName());

  private final Storage storage;
  private final IngestPipeline pipeline;
  private final SettingsStore settings;
  private final AuditLog audit;
  private final Clock clock;
  private final Counter deleted;
  private final AtomicLong lastRunSeconds = new AtomicLong();
  private volatile Status status = new Status(null, 0, 0);

  /**
   * The last run: when it ended (epoch microseconds, null before the first), what it deleted, and
   * all it deleted since the server started.
   */
  public record Status(Long lastRunAt, long lastRunDeleted, long deletedSinceStart) {}

  /**
   * Also registers the gauges of the store's disk reclaiming ({@link Storage#diskReclaim}):
   * {@code sightline.storage.reclaimed.bytes} and {@code sightline.storage.reclaim.last.run.seconds}
   * (0 before the first run), since deleted data leaves the disk only when it runs; and of the
   * database rewrite: {@code sightline.storage.rewrite.last.run.seconds} (epoch seconds, 0 before the
   * first) and {@code sightline.storage.rewrite.pending.seconds} (how long deleted rows have waited
   * for it, 0 when none do).
   */
  public RetentionJob(Storage storage, IngestPipeline pipeline, SettingsStore settings, AuditLog audit,
      Clock clock, MeterRegistry registry) {
    this.storage = storage;
    this.pipeline = pipeline;
    this.settings = settings;
    this.audit = audit;
    this.clock = clock;
    this.deleted = Counter.builder("sightline.retention.deleted.traces")
        .description("Traces deleted for being older than their project's retention window").register(registry);
    registry.gauge("sightline.retention.last.run.seconds", lastRunSeconds);
    registry.gauge("sightline.storage.reclaimed.bytes", storage, s -> s.diskReclaim().reclaimedBytes());
    registry.gauge("sightline.storage.reclaim.last.run.seconds", storage, s -> seconds(s.diskReclaim().lastRunMicros()));
    registry.gauge("sightline.storage.rewrite.last.run.seconds", storage,
        s -> seconds(s.diskReclaim().lastRewriteMicros()));
    registry.gauge("sightline.storage.rewrite.pending.seconds", storage, s -> {
      Long since = s.diskReclaim().rewritePendingSinceMicros();
      return since == null ? 0 : Math.max(0, clock.millis() / 1e3 - since / 1e6);
    });
  }

  /** Epoch microseconds as epoch seconds; 0 for never. */
  private static double seconds(Long micros) {
    return micros == null ? 0 : micros / 1e6;
  }

  /** How far the store has given back the disk space of what was deleted. */
  public DiskReclaim diskReclaim() {
    return storage.diskReclaim();
  }

  public Status status() {
    return status;
  }

  /** One run over every project with a window; returns how many traces it deleted. */
  public long runOnce() {
    long total = 0;
    for (String project : settings.projectsWithRetention()) {
      OptionalInt days = settings.retentionDays(project);
      if (days.isEmpty()) {
        continue;
      }
      long horizon = clock.millis() * 1000 - days.getAsInt() * DAY_MICROS;
      long n = expire(project, horizon);
      if (n > 0) {
        audit.record(project, "server", "retention.run", "older than " + days.getAsInt() + " days",
            Map.of("traces", n));
        LOG.log(System.Logger.Level.INFO, "retention: deleted " + n + " traces of project " + project
            + " older than " + days.getAsInt() + " days");
      }
      total += n;
    }
    lastRunSeconds.set(clock.millis() / 1000);
    status = new Status(clock.millis() * 1000, total, status.deletedSinceStart() + total);
    return total;
  }

  /** Deletes the project's traces that started before the horizon, a chunk at a time. */
  private long expire(String project, long horizon) {
    long n = 0;
    Filter before = Filter.builder().to(horizon).build();
    while (n < MAX_PER_RUN) {
      Page<Row> page = storage.traces(new TraceQuery(project, before, Sort.START_TIME, true, CHUNK, null));
      if (page.items().isEmpty()) {
        break;
      }
      Set<String> ids = new LinkedHashSet<>();
      page.items().forEach(t -> ids.add(t.string(Schema.TRACE_ID)));
      await(pipeline.delete(project, ids));
      deleted.increment(ids.size());
      n += ids.size();
    }
    return n;
  }

  private static void await(CompletableFuture<Void> applied) {
    try {
      applied.get(5, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (Exception e) {
      throw new IllegalStateException("retention could not delete: " + e.getMessage(), e);
    }
  }
}
