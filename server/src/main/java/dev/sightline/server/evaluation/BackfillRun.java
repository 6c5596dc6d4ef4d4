package dev.sightline.server.evaluation;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One backfill of an evaluator over stored data, and its progress. Its counters are updated by the
 * backfill's thread and read by any; thread-safe.
 */
final class BackfillRun {
  enum Status { RUNNING, DONE, FAILED }

  final String id;
  final String evaluator;
  final int version;
  final Long from;
  final Long to;
  final long startedAt;
  final AtomicLong scanned = new AtomicLong();
  final AtomicLong judged = new AtomicLong();
  final AtomicLong errors = new AtomicLong();
  private volatile Status status = Status.RUNNING;
  private volatile String error;
  private volatile Long finishedAt;
  /** When its progress was last published to other servers, epoch milliseconds. */
  volatile long publishedAt;

  BackfillRun(String id, Evaluator e, Long from, Long to, long startedAt) {
    this.id = id;
    this.evaluator = e.name();
    this.version = e.version();
    this.from = from;
    this.to = to;
    this.startedAt = startedAt;
  }

  void finish(String failure, long at) {
    error = failure;
    finishedAt = at;
    status = failure == null ? Status.DONE : Status.FAILED;
  }

  boolean running() {
    return status == Status.RUNNING;
  }

  /** The run as it stands now, which a server shows and publishes to the others. */
  Snapshot snapshot(long nowMillis) {
    return new Snapshot(id, evaluator, version, from, to, status.name().toLowerCase(Locale.ROOT), scanned.get(),
        judged.get(), errors.get(), error, startedAt, finishedAt, nowMillis);
  }

  /**
   * A run's progress at one moment, as the API answers it. Immutable.
   *
   * @param from epoch microseconds, or null
   * @param to epoch microseconds, or null
   * @param status {@code running}, {@code done} or {@code failed}
   * @param error why it failed, or null
   * @param startedAt epoch microseconds
   * @param finishedAt epoch microseconds, or null while it runs
   * @param takenAt when the snapshot was taken, epoch milliseconds (not answered)
   */
  record Snapshot(String runId, String evaluator, int version, Long from, Long to, String status, long scanned,
      long judged, long errors, String error, long startedAt, Long finishedAt, long takenAt) {

    /**
     * This run as seen by another server at {@code nowMillis}: failed if it ran but its server has
     * published nothing for {@code silenceMillis} (stopped or lost).
     */
    Snapshot seenAt(long nowMillis, long silenceMillis) {
      if (!"running".equals(status) || nowMillis - takenAt < silenceMillis) {
        return this;
      }
      return new Snapshot(runId, evaluator, version, from, to, "failed", scanned, judged, errors,
          "the server running it stopped (no progress for " + silenceMillis / 1000 + " s)", startedAt, null,
          takenAt);
    }

    void write(JsonGenerator g) throws IOException {
      g.writeStartObject();
      g.writeStringField("runId", runId);
      g.writeStringField("evaluator", evaluator);
      g.writeNumberField("version", version);
      writeTime(g, "from", from);
      writeTime(g, "to", to);
      g.writeStringField("status", status);
      g.writeNumberField("scanned", scanned);
      g.writeNumberField("judged", judged);
      g.writeNumberField("errors", errors);
      g.writeStringField("error", error);
      g.writeNumberField("startedAt", startedAt);
      writeTime(g, "finishedAt", finishedAt);
      g.writeEndObject();
    }
  }

  private static void writeTime(JsonGenerator g, String field, Long micros) throws IOException {
    if (micros == null) {
      g.writeNullField(field);
    } else {
      g.writeNumberField(field, micros);
    }
  }
}
