package dev.sightline.server.datasets;

import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.server.ServiceRequestContext;
import dev.sightline.server.collector.Collector;
import dev.sightline.server.collector.Format;
import dev.sightline.server.collector.IngestBudget;
import dev.sightline.server.collector.Outcome;
import dev.sightline.server.http.Api;
import dev.sightline.server.http.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Stores the scores of a run's results as score items of a native batch through the
 * {@link Collector}: the same decoding, score configs, write-ahead log and durability as
 * {@code POST /api/scores}, all of a request's scores or none. Each score has source
 * {@code evaluator}, the evaluator's name, and an id derived from the dataset, run, item and
 * evaluator, so a result reported again replaces its scores rather than adding to them.
 * Thread-safe.
 */
final class ScoreWriter {
  private final Collector collector;

  ScoreWriter(Collector collector) {
    this.collector = collector;
  }

  /**
   * Stores the scores of these results and waits until they are durable.
   *
   * @return null once they are; otherwise the answer to give (nothing was stored)
   */
  HttpResponse write(ServiceRequestContext ctx, String dataset, List<RunItem> results) {
    byte[] body = Json.bytes(g -> {
      g.writeStartObject();
      g.writeArrayFieldStart("batch");
      for (RunItem r : results) {
        for (RunItem.Judgement j : r.scores()) {
          g.writeStartObject();
          g.writeStringField("type", "score");
          g.writeObjectFieldStart("body");
          g.writeStringField("scoreId", scoreId(dataset, r, j.name()));
          g.writeStringField("traceId", r.traceId());
          g.writeStringField("name", j.name());
          if (j.value() != null) {
            g.writeNumberField("value", j.value());
          }
          if (j.label() != null) {
            g.writeStringField("label", j.label());
          }
          if (j.comment() != null) {
            g.writeStringField("comment", j.comment());
          }
          g.writeStringField("source", "evaluator");
          g.writeObjectFieldStart("metadata");
          g.writeStringField("dataset", dataset);
          g.writeStringField("datasetRun", r.run());
          g.writeStringField("datasetItemId", r.itemId());
          g.writeEndObject();
          g.writeEndObject();
          g.writeEndObject();
        }
      }
      g.writeEndArray();
      g.writeEndObject();
    });
    IngestBudget.Charge charge = collector.admit(body.length);
    Outcome outcome;
    if (charge == null) {
      outcome = collector.overBudget();
    } else {
      try {
        long now = System.currentTimeMillis() * 1000;
        outcome = collector.collectWhole(new Collector.Body(Api.project(ctx), ctx.attr(Api.ACCESS), now, Format.NATIVE,
            body, false), charge).join();
      } finally {
        charge.release();
      }
    }
    return answer(outcome);
  }

  private static HttpResponse answer(Outcome outcome) {
    if (outcome instanceof Outcome.Accepted a) {
      return a.batch().errors().isEmpty() ? null : Json.error(HttpStatus.BAD_REQUEST,
          "a score could not be stored: " + a.batch().errors().get(0).message());
    }
    if (outcome instanceof Outcome.Refused r) {
      return Json.error(HttpStatus.valueOf(r.status()), r.message());
    }
    if (outcome instanceof Outcome.Busy b) {
      return Json.retryLater(b.message(), b.retryAfterSeconds());
    }
    Outcome.Unavailable u = (Outcome.Unavailable) outcome;
    return Json.error(HttpStatus.SERVICE_UNAVAILABLE, u.message()).mapHeaders(h -> h.toBuilder()
        .set(HttpHeaderNames.RETRY_AFTER, Integer.toString(Collector.UNAVAILABLE_RETRY_SECONDS)).build());
  }

  private static String scoreId(String dataset, RunItem r, String evaluator) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] hash = sha.digest(String.join("\n", "dataset-run", dataset, r.run(), r.itemId(), r.traceId(), evaluator)
          .getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
