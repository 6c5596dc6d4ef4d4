package dev.sightline.dist;

import static dev.sightline.server.testing.Batch.arr;
import static dev.sightline.server.testing.Batch.message;
import static dev.sightline.server.testing.Batch.obj;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sightline.server.testing.ApiClient;
import dev.sightline.server.testing.Batch;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The traces the process tests send: each a trace with a root span, a retrieval and a generation
 * under it, and a score; and the check that what was sent is stored, field by field, once.
 */
final class Workload {
  private Workload() {}

  /** One sent trace and what the server must have for it. */
  record Sent(String traceId, String root, String retrieval, String generation, String scoreId,
      int client, int seq, long start, long inputTokens, long outputTokens, double cost) {

    /** The same items every time, so that sending it again is a retry. */
    Batch batch() {
      return Batch.of()
          .span("traceId", traceId, "spanId", retrieval, "parentSpanId", root, "type", "retrieval",
              "name", "search", "startTime", start + 1_000, "endTime", start + 2_000,
              "output", arr(obj("doc", "d" + seq)))
          .span("traceId", traceId, "spanId", generation, "parentSpanId", root, "type", "generation",
              "name", "answer", "model", "gpt-4o-mini", "startTime", start + 3_000,
              "endTime", start + 9_000, "input", arr(message("user", "question " + seq)),
              "output", message("assistant", "answer " + seq), "inputTokens", inputTokens,
              "outputTokens", outputTokens, "cost", cost)
          .span("traceId", traceId, "spanId", root, "type", "agent", "name", "run",
              "startTime", start, "endTime", start + 10_000)
          .trace("traceId", traceId, "feature", "load", "name", "client-" + client + "-" + seq,
              "user", obj("id", "user-" + client), "sessionId", "session-" + client,
              "startTime", start, "endTime", start + 10_000,
              "input", obj("messages", arr(message("user", "question " + seq))),
              "metadata", obj("client", client, "seq", seq), "tags", arr("load"))
          .score("traceId", traceId, "scoreId", scoreId, "name", "quality", "value", seq % 5);
    }
  }

  static Sent next(int client, int seq) {
    String trace = Batch.traceId();
    return new Sent(trace, Batch.spanId(), Batch.spanId(), Batch.spanId(), "score-" + trace,
        client, seq, Batch.nowMicros() - 10_000_000, 10 + seq % 7, 1 + seq % 3, 0.001 * (1 + seq % 3));
  }

  /** Fails unless every sent trace is stored with its fields, its three spans and its score, once. */
  static void assertStored(ApiClient api, Collection<Sent> sent) {
    Map<String, JsonNode> traces = all(api, "/api/traces?limit=1000", "traceId");
    Map<String, JsonNode> spans = all(api, "/api/spans?limit=1000", "spanId");
    Map<String, JsonNode> scores = all(api, "/api/scores?limit=1000", "scoreId");
    List<String> missing = new ArrayList<>();
    for (Sent s : sent) {
      JsonNode t = traces.get(s.traceId());
      if (t == null) {
        missing.add(s.traceId());
        continue;
      }
      String what = "trace " + s.traceId() + " (client " + s.client() + ", seq " + s.seq() + ")";
      assertThat(t.path("name").asText()).as(what).isEqualTo("client-" + s.client() + "-" + s.seq());
      assertThat(t.path("user").path("id").asText()).as(what).isEqualTo("user-" + s.client());
      assertThat(t.path("metadata").path("seq").asInt()).as(what).isEqualTo(s.seq());
      assertThat(t.path("input").path("messages").get(0).path("content").asText()).as(what)
          .isEqualTo("question " + s.seq());
      assertThat(t.path("spanCount").asInt()).as(what + " spanCount").isEqualTo(3);
      assertThat(t.path("inputTokens").asLong()).as(what + " inputTokens").isEqualTo(s.inputTokens());
      assertThat(t.path("totalTokens").asLong()).as(what + " totalTokens")
          .isEqualTo(s.inputTokens() + s.outputTokens());
      assertThat(t.path("cost").asDouble()).as(what + " cost").isCloseTo(s.cost(), within(1e-12));
      assertThat(t.path("scores")).as(what + " scores").hasSize(1);
      JsonNode gen = spans.get(s.generation());
      assertThat(gen).as(what + " generation").isNotNull();
      assertThat(gen.path("parentSpanId").asText()).isEqualTo(s.root());
      assertThat(gen.path("model").asText()).isEqualTo("gpt-4o-mini");
      assertThat(gen.path("output").path("content").asText()).isEqualTo("answer " + s.seq());
      assertThat(spans.get(s.retrieval())).as(what + " retrieval").isNotNull();
      assertThat(spans.get(s.root())).as(what + " root").isNotNull();
      JsonNode score = scores.get(s.scoreId());
      assertThat(score).as(what + " score").isNotNull();
      assertThat(score.path("value").asDouble()).isEqualTo(s.seq() % 5);
    }
    assertThat(missing).as("acknowledged traces missing after restart (of " + sent.size() + ")").isEmpty();
  }

  /** Every item of a listing, through all its pages, by id; fails on a duplicate id. */
  static Map<String, JsonNode> all(ApiClient api, String firstPage, String idField) {
    Map<String, JsonNode> byId = new HashMap<>();
    String page = firstPage;
    while (page != null) {
      JsonNode json = api.getJson(page);
      for (JsonNode item : json.path("items")) {
        String id = item.path(idField).asText(); // random span ids: unique across traces here
        JsonNode previous = byId.put(id, item);
        assertThat(previous).as("listed twice: " + idField + " " + id).isNull();
      }
      String next = json.path("nextCursor").asText(null);
      page = next == null ? null : firstPage + "&cursor=" + next;
    }
    return byId;
  }
}
