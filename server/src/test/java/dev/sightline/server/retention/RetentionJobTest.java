package dev.sightline.server.retention;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sightline.core.codec.NativeDecoder;
import dev.sightline.core.model.Row;
import dev.sightline.core.storage.memory.InMemoryStorage;
import dev.sightline.server.auth.AuditLog;
import dev.sightline.server.collector.DerivedRows;
import dev.sightline.server.collector.Format;
import dev.sightline.server.collector.IngestPipeline;
import dev.sightline.server.collector.PipelineSettings;
import dev.sightline.server.governance.SettingsStore;
import dev.sightline.server.testing.Batch;
import dev.sightline.server.usage.UsageInference;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The retention job on a clock the test moves: what leaves the window is deleted, nothing else. */
class RetentionJobTest {
  private static final long DAY = 86_400_000_000L;
  private static final long NOW = 1_800_000_000_000_000L;

  @TempDir Path dir;
  private final NativeDecoder decoder = new NativeDecoder();
  private final InMemoryStorage storage = new InMemoryStorage();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  /** A clock the test sets. */
  private static final class TestClock extends Clock {
    long micros = NOW;

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochSecond(0, micros * 1000);
    }
  }

  @Test
  void tracesLeaveAsTheWindowPassesThemInBoundedStepsAndAreAudited() throws Exception {
    Files.writeString(dir.resolve("settings.json"),
        "{\"projects\": {\"short\": {\"retentionDays\": 30}, \"other\": {\"masking\": null}}}");
    SettingsStore settings = SettingsStore.open(dir);
    AuditLog audit = AuditLog.file(dir);
    TestClock clock = new TestClock();
    try (IngestPipeline pipeline = IngestPipeline.open(storage, UsageInference.open(dir), DerivedRows.NONE, dir.resolve("wal"), f -> decoder,
        new PipelineSettings(10_000, 1000, Duration.ZERO, 1 << 20), registry)) {
      String old = Batch.traceId();
      String middle = Batch.traceId();
      String recent = Batch.traceId();
      send(pipeline, "short", trace(old, NOW - 40 * DAY), trace(middle, NOW - 20 * DAY), trace(recent, NOW - DAY));
      String otherOld = Batch.traceId();
      send(pipeline, "other", trace(otherOld, NOW - 400 * DAY));
      for (int i = 0; i < RetentionJob.CHUNK + 5; i++) { // more than one step
        send(pipeline, "short", trace(Batch.traceId(), NOW - 50 * DAY - i));
      }
      pipeline.delete("short", Set.of()).join(); // everything sent is applied
      RetentionJob job = new RetentionJob(storage, pipeline, settings, audit, clock, registry);

      assertThat(job.runOnce()).isEqualTo(RetentionJob.CHUNK + 6);
      assertThat(storage.trace("short", old)).isEmpty();
      assertThat(storage.trace("short", middle)).isPresent();
      assertThat(storage.trace("short", recent)).isPresent();
      assertThat(storage.trace("other", otherOld)).as("a project without a window").isPresent();
      assertThat(job.status().lastRunDeleted()).isEqualTo(RetentionJob.CHUNK + 6);
      assertThat(job.status().lastRunAt()).isEqualTo(NOW);
      assertThat(registry.get("sightline.retention.deleted.traces").counter().count())
          .isEqualTo(RetentionJob.CHUNK + 6);

      assertThat(job.runOnce()).as("nothing more has expired").isZero();
      clock.micros = NOW + 15 * DAY;
      assertThat(job.runOnce()).isEqualTo(1);
      assertThat(storage.trace("short", middle)).isEmpty();
      assertThat(storage.trace("short", recent)).isPresent();
      assertThat(job.status().deletedSinceStart()).isEqualTo(RetentionJob.CHUNK + 7);
      assertThat(registry.get("sightline.retention.last.run.seconds").gauge().value())
          .isEqualTo((NOW + 15 * DAY) / 1_000_000.0);

      List<AuditLog.Entry> entries = audit.entries("short", 10);
      assertThat(entries).extracting(AuditLog.Entry::action).containsExactly("retention.run", "retention.run");
      assertThat(entries.get(0).keyId()).isEqualTo("server");
      assertThat(entries.get(0).details()).containsEntry("traces", 1);
    }
  }

  private static String trace(String id, long start) {
    return "{\"type\":\"trace\",\"body\":{\"traceId\":\"" + id + "\",\"name\":\"t\",\"startTime\":" + start + "}}";
  }

  private void send(IngestPipeline pipeline, String project, String... items) {
    byte[] body = ("{\"batch\":[" + String.join(",", items) + "]}").getBytes(StandardCharsets.UTF_8);
    List<Row> rows = decoder.decode(body, project, NOW).rows();
    pipeline.submit(project, NOW, Format.NATIVE, body, false, rows).join();
  }
}
