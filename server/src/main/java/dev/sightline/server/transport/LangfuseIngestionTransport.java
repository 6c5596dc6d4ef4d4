package dev.sightline.server.transport;

import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.RequestHeaders;
import dev.sightline.core.codec.DecodedBatch;
import dev.sightline.core.codec.IngestException;
import dev.sightline.server.collector.Format;
import dev.sightline.server.http.Json;
import dev.sightline.server.langfuse.IngestionBatch;
import java.util.List;

/**
 * Langfuse's batch ingestion API, {@code POST /api/public/ingestion}, for its v2/v3 SDKs and the
 * integrations built on them. The events are translated into a native batch
 * ({@link IngestionBatch}), which is decoded, checked and logged as {@code /api/ingest}'s are, so
 * the write-ahead log holds native requests and replays them with the native decoder. Answers 207
 * in Langfuse's shape once the valid events are durable: {@code {"successes": [{"id", "status":
 * 201}], "errors": [{"id", "status": 400, "message", "error"}]}}, by event id in request order;
 * a body that is no such request, and the refusals every transport has (413, 415, 429, 503), are
 * Sightline's JSON errors, and nothing of the request is stored.
 */
final class LangfuseIngestionTransport implements Transport {
  static final String PATH = "/api/public/ingestion";
  private static final Answers ANSWERS = new NativeTransport.JsonAnswers() {
    @Override
    public HttpResponse decoded(DecodedBatch batch) {
      throw new IllegalStateException("a decoded Langfuse batch is answered by its own Answers");
    }
  };

  @Override
  public Answers answers(RequestHeaders headers) {
    return ANSWERS;
  }

  @Override
  public Framed unwrap(AggregatedHttpRequest req) {
    Framed refused = NativeTransport.notPlainJson(req);
    if (refused != null) {
      return refused;
    }
    IngestionBatch events;
    try {
      events = IngestionBatch.translate(req.content().array());
    } catch (IngestException e) {
      return Framed.refused(HttpStatus.valueOf(e.status()), e.status() == 413 ? "too_large" : "malformed",
          e.getMessage());
    }
    return new Framed(Format.NATIVE, events.nativeRequest(), false, null, new NativeTransport.JsonAnswers() {
      @Override
      public HttpResponse decoded(DecodedBatch batch) {
        return multiStatus(events, batch);
      }
    });
  }

  private static HttpResponse multiStatus(IngestionBatch events, DecodedBatch batch) {
    List<IngestionBatch.Result> results = events.results(batch.errors());
    return Json.of(HttpStatus.MULTI_STATUS, g -> {
      g.writeStartObject();
      g.writeArrayFieldStart("successes");
      for (IngestionBatch.Result r : results) {
        if (r.error() == null) {
          g.writeStartObject();
          g.writeStringField("id", r.eventId());
          g.writeNumberField("status", 201);
          g.writeEndObject();
        }
      }
      g.writeEndArray();
      g.writeArrayFieldStart("errors");
      for (IngestionBatch.Result r : results) {
        if (r.error() != null) {
          g.writeStartObject();
          g.writeStringField("id", r.eventId());
          g.writeNumberField("status", 400);
          g.writeStringField("message", r.error());
          g.writeStringField("error", "Invalid request data");
          g.writeEndObject();
        }
      }
      g.writeEndArray();
      g.writeEndObject();
    });
  }
}
