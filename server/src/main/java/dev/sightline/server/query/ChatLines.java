package dev.sightline.server.query;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sightline.core.model.Row;
import dev.sightline.core.model.Schema;
import dev.sightline.core.storage.TraceData;
import java.io.IOException;
import java.util.List;
import java.util.Objects;

/**
 * The {@code openai-chat} format: one line per generation span,
 * {@code {"messages": [...input..., {"role": "assistant", "content": output}]}} ({@link ChatMessages}).
 * A generation whose input is no conversation or that has no output is skipped and counted. With a
 * score condition, only generations whose trace, or which themselves, have a score of that name
 * (and a value within {@code minScore} and {@code maxScore}, if given) are written; the others are not counted as
 * skipped. With a model, only that model's generations.
 */
final class ChatLines extends ExportLines {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String model;
  private final String scoreName;
  private final Double minScore;
  private final Double maxScore;

  /**
   * @param model only generations of this model, or null for all
   * @param scoreName the score a generation or its trace must have, or null for none
   * @param minScore the least value of that score, or null for any (only with a score name, as
   *     {@code Filter} checks)
   * @param maxScore the greatest value of that score, or null for any (only with a score name)
   */
  ChatLines(String model, String scoreName, Double minScore, Double maxScore) {
    this.model = model;
    this.scoreName = scoreName;
    this.minScore = minScore;
    this.maxScore = maxScore;
  }

  @Override
  void write(JsonGenerator g, TraceData trace) throws IOException {
    for (Row span : trace.spans()) {
      if (!"generation".equals(span.string(Schema.TYPE)) || model != null && !model.equals(span.string(Schema.MODEL))
          || !scored(trace.scores(), span.string(Schema.SPAN_ID))) {
        continue;
      }
      List<ChatMessages.Message> messages = ChatMessages.input(tree(span.string(Schema.INPUT)));
      String answer = ChatMessages.output(tree(span.string(Schema.OUTPUT)));
      if (messages == null || answer == null) {
        skip();
        continue;
      }
      g.writeStartObject();
      g.writeArrayFieldStart("messages");
      for (ChatMessages.Message m : messages) {
        message(g, m.role(), m.content());
      }
      message(g, "assistant", answer);
      g.writeEndArray();
      g.writeEndObject();
      endLine(g);
    }
  }

  /** Whether the trace (a score on no span) or this span has the wanted score. */
  private boolean scored(List<Row> scores, String spanId) {
    if (scoreName == null) {
      return true;
    }
    for (Row s : scores) {
      String on = s.string(Schema.SPAN_ID);
      Double value = s.doubleValue(Schema.VALUE);
      if (scoreName.equals(s.string(Schema.NAME)) && (on == null || Objects.equals(on, spanId))
          && (minScore == null || value != null && value >= minScore)
          && (maxScore == null || value != null && value <= maxScore)) {
        return true;
      }
    }
    return false;
  }

  private static void message(JsonGenerator g, String role, String content) throws IOException {
    g.writeStartObject();
    g.writeStringField("role", role);
    g.writeStringField("content", content);
    g.writeEndObject();
  }

  private static JsonNode tree(String json) throws IOException {
    return json == null ? null : JSON.readTree(json);
  }
}
