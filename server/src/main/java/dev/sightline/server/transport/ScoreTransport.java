package dev.sightline.server.transport;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.RequestHeaders;
import dev.sightline.core.codec.DecodedBatch;
import dev.sightline.core.codec.ItemError;
import dev.sightline.core.codec.JsonErrors;
import dev.sightline.core.codec.NativeDecoder;
import dev.sightline.core.model.Row;
import dev.sightline.core.model.Schema;
import dev.sightline.server.collector.Format;
import dev.sightline.server.http.Json;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * {@code POST /api/scores}: one score object ({@code {"traceId", "name", "value", ...}}) or
 * {@code {"scores": [...]}}, for annotations and API users. The scores are rewritten as a native
 * batch of score items, so they are decoded, held to the score configs and logged exactly as
 * through {@code /api/ingest}; but a request stores all of its scores or none. 201 with
 * {@code {"scores": [{"scoreId"}]}} in request order once they are durable; 400 naming the first
 * bad field when any score is invalid; otherwise the statuses of {@code /api/ingest}.
 */
final class ScoreTransport implements Transport {
  static final String PATH = "/api/scores";
  private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(NativeDecoder.MAX_DEPTH).build())
      .build());
  private static final Answers ANSWERS = new NativeTransport.JsonAnswers() {
    @Override
    public HttpResponse decoded(DecodedBatch batch) {
      if (!batch.errors().isEmpty()) {
        return refusal(batch);
      }
      return Json.of(HttpStatus.CREATED, g -> {
        g.writeStartObject();
        g.writeArrayFieldStart("scores");
        for (Row score : batch.rows()) {
          g.writeStartObject();
          g.writeStringField("scoreId", score.string(Schema.SCORE_ID));
          g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
      });
    }
  };

  @Override
  public Answers answers(RequestHeaders headers) {
    return ANSWERS;
  }

  @Override
  public boolean wholeOrNothing() {
    return true;
  }

  @Override
  public Framed unwrap(AggregatedHttpRequest req) {
    Framed refused = NativeTransport.notPlainJson(req);
    if (refused != null) {
      return refused;
    }
    JsonNode body;
    try {
      body = JSON.readTree(req.content().array());
    } catch (JsonProcessingException e) {
      return Framed.refused(HttpStatus.BAD_REQUEST, "malformed", JsonErrors.malformed(e, NativeDecoder.MAX_DEPTH)
          .getMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (body == null || !body.isObject()) {
      return Framed.refused(HttpStatus.BAD_REQUEST, "malformed",
          "body: must be a score object or {\"scores\": [...]}");
    }
    ArrayNode batch = JSON.createArrayNode();
    if (body.size() == 1 && body.has("scores")) {
      JsonNode scores = body.get("scores");
      if (!scores.isArray() || scores.isEmpty()) {
        return Framed.refused(HttpStatus.BAD_REQUEST, "malformed", "scores: must be an array of 1 or more scores");
      }
      scores.forEach(score -> batch.addObject().put("type", "score").set("body", score));
    } else {
      batch.addObject().put("type", "score").set("body", body);
    }
    ObjectNode request = JSON.createObjectNode();
    request.set("batch", batch);
    try {
      return new Framed(Format.NATIVE, JSON.writeValueAsBytes(request), false, null);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree read from JSON writes", e);
    }
  }

  /**
   * The 400 of a request with an invalid score: the decoder names a field {@code body.value}; here
   * it is {@code value}, or {@code scores[2].value} in a request of several scores.
   */
  private static HttpResponse refusal(DecodedBatch batch) {
    ItemError first = batch.errors().get(0);
    String field = first.message().startsWith("body.") ? first.message().substring(5) : first.message();
    return Json.error(HttpStatus.BAD_REQUEST, batch.items() == 1 ? field
        : "scores[" + first.index() + "]" + (field.startsWith("body") ? field.substring(4) : "." + field));
  }
}
