package dev.sightline.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sightline.storage.tests.Fixtures;
import dev.sightline.storage.tests.TestRows;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Native request bodies made of the shared fixture traces ({@link Fixtures}: the RAG answer of 4
 * spans and the agent run of 5), copied until the batch has its spans, each copy a trace of its own
 * (its score's id is the trace's id, so copies never overwrite each other), moved to the run's start.
 * Hand-written traces of real shape, rather than {@link SyntheticBatch}'s generated ones.
 */
final class FixtureBodies {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int RAG_SPANS = 4;
  private static final int AGENT_SPANS = 5;

  private FixtureBodies() {}

  /** A template of {@code spans} spans starting at {@code startMicros}. */
  static BodyTemplate encode(int spans, long startMicros) {
    int agents = agentCopies(spans);
    int rags = (spans - agents * AGENT_SPANS) / RAG_SPANS;
    List<String> items = new ArrayList<>();
    List<String> traceIds = new ArrayList<>();
    int copies = agents + rags;
    for (int i = 0; i < copies; i++) {
      // Spread the agent runs evenly among the RAG answers.
      boolean agent = (long) (i + 1) * agents / copies > (long) i * agents / copies;
      String name = agent ? Fixtures.AGENT_TOOLS : Fixtures.RAG_CHAT;
      traceIds.add(agent ? Fixtures.AGENT_TOOLS_TRACE : Fixtures.RAG_CHAT_TRACE);
      items.add(copy(name, startMicros - TestRows.T0));
    }
    StringBuilder json = new StringBuilder("{\"batch\":[");
    List<Integer> offsets = new ArrayList<>();
    List<Integer> traceIndexes = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      String text = items.get(i);
      String id = traceIds.get(i);
      for (int at = text.indexOf(id); at >= 0; at = text.indexOf(id, at + 1)) {
        offsets.add(json.length() + at);
        traceIndexes.add(i);
      }
      json.append(text).append(i + 1 < items.size() ? "," : "");
    }
    byte[] bytes = json.append("]}").toString().getBytes(StandardCharsets.US_ASCII);
    return new BodyTemplate(bytes, BodyTemplate.IdEncoding.HEX,
        offsets.stream().mapToInt(Integer::intValue).toArray(),
        traceIndexes.stream().mapToInt(Integer::intValue).toArray());
  }

  /** How many agent runs (5 spans), the rest RAG answers (4 spans), make exactly {@code spans}. */
  private static int agentCopies(int spans) {
    int best = -1;
    for (int k = 0; k * AGENT_SPANS <= spans; k++) {
      if ((spans - k * AGENT_SPANS) % RAG_SPANS == 0
          && (best < 0 || Math.abs(k - spans / 9) < Math.abs(best - spans / 9))) {
        best = k;
      }
    }
    if (best < 0) {
      throw new IllegalArgumentException("spans: " + spans + " is no sum of fixtures of 4 and 5 spans");
    }
    return best;
  }

  /** The fixture's items, comma-separated, its times moved and its score keyed by its trace id. */
  private static String copy(String name, long shiftMicros) {
    try {
      JsonNode request = JSON.readTree(Fixtures.body(name, shiftMicros));
      StringBuilder items = new StringBuilder();
      for (JsonNode item : request.get("batch")) {
        ObjectNode body = (ObjectNode) item.get("body");
        if (body.has("scoreId")) {
          body.put("scoreId", body.get("traceId").asText());
        }
        items.append(items.length() == 0 ? "" : ",").append(JSON.writeValueAsString(item));
      }
      return items.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
