package dev.sightline.server.evaluation;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
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

  void write(JsonGenerator g) throws IOException {
    g.writeStartObject();
    g.writeStringField("runId", id);
    g.writeStringField("evaluator", evaluator);
    g.writeNumberField("version", version);
    writeTime(g, "from", from);
    writeTime(g, "to", to);
    g.writeStringField("status", status.name().toLowerCase(java.util.Locale.ROOT));
    g.writeNumberField("scanned", scanned.get());
    g.writeNumberField("judged", judged.get());
    g.writeNumberField("errors", errors.get());
    g.writeStringField("error", error);
    g.writeNumberField("startedAt", startedAt);
    writeTime(g, "finishedAt", finishedAt);
    g.writeEndObject();
  }

  private static void writeTime(JsonGenerator g, String field, Long micros) throws IOException {
    if (micros == null) {
      g.writeNullField(field);
    } else {
      g.writeNumberField(field, micros);
    }
  }
}
