package dev.sightline.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sightline.Sightline;
import dev.sightline.testing.RealServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Each example, run against the real server on loopback, read back through the query API. */
@Timeout(60)
class ExamplesEndToEndTest {
  private static RealServer server;
  private static Sightline sightline;

  @BeforeAll
  static void start() throws Exception {
    server = RealServer.start();
    sightline = Sightline.builder().endpoint(server.endpoint()).apiKey(server.apiKey())
        .flushInterval(Duration.ofMillis(50)).shutdownHook(false).build();
  }

  @AfterAll
  static void stop() {
    sightline.shutdown(Duration.ofSeconds(5));
    server.close();
  }

  /** The tree as "name(type)[children]" lines, children in name order, to compare shapes. */
  private static List<String> shape(JsonNode spans, String indent) {
    List<JsonNode> sorted = new ArrayList<>();
    spans.forEach(sorted::add);
    sorted.sort((a, b) -> a.get("name").asText().compareTo(b.get("name").asText()));
    List<String> out = new ArrayList<>();
    for (JsonNode s : sorted) {
      out.add(indent + s.get("name").asText() + " (" + s.get("type").asText() + ", " + s.get("status").asText() + ")");
      out.addAll(shape(s.get("children"), indent + "  "));
    }
    return out;
  }

  private static JsonNode find(JsonNode spans, String name) {
    for (JsonNode s : spans) {
      if (s.get("name").asText().equals(name)) {
        return s;
      }
      JsonNode inChild = find(s.get("children"), name);
      if (inChild != null) {
        return inChild;
      }
    }
    return null;
  }

  private static JsonNode tree(String traceId, int spans) throws Exception {
    assertThat(sightline.flush(Duration.ofSeconds(10))).isTrue();
    return server.await("/api/traces/" + traceId, t -> t.get("trace").has("endTime")
        && RealServer.countSpans(t.get("spans")) == spans && t.get("scores").size() > 0);
  }

  @Test
  void contentWorkflowProducesTheExpectedTree() throws Exception {
    try (ContentWorkflow workflow = new ContentWorkflow(sightline)) {
      ContentWorkflow.Result result = workflow.process("Tracing helps. Spans nest.", false);
      JsonNode tree = tree(result.traceId(), 8);
      assertThat(shape(tree.get("spans"), "")).containsExactly(
          "content-analysis (span, success)",
          "  topic-extraction (generation, success)",
          "content-summarization (generation, success)",
          "parallel-processing (span, success)",
          "  content-enhancement (span, success)",
          "    enhance-text (generation, success)",
          "  content-translation (span, success)",
          "    translate-text (generation, success)");
      JsonNode trace = tree.get("trace");
      assertThat(trace.get("status").asText()).isEqualTo("success");
      assertThat(trace.get("name").asText()).isEqualTo("Content Processing Workflow");
      assertThat(trace.get("referenceId").asText()).isEqualTo(result.referenceId());
      assertThat(trace.get("user").get("email").asText()).isEqualTo("ada@example.com");
      assertThat(trace.get("organization").get("id").asText()).isEqualTo("org-456");
      assertThat(trace.get("metadata").get("processingSteps").asInt()).isEqualTo(3);
      assertThat(trace.get("metadata").get("contentType").asText()).isEqualTo("article");
      assertThat(trace.get("evaluationConfig").get("sampleRate").asDouble()).isEqualTo(0.5);
      assertThat(tree.get("scores").get(0).get("name").asText()).isEqualTo("THUMBS_UP");
      JsonNode summary = find(tree.get("spans"), "content-summarization");
      assertThat(summary.get("inputTokens").asLong()).isPositive();
      assertThat(summary.get("cost").asDouble()).isPositive();
      assertThat(summary.get("prompt").get("slug").asText()).isEqualTo("summarizer");
      assertThat(find(tree.get("spans"), "topic-extraction").get("prompt").get("tag").asText()).isEqualTo("production");
      assertThat(tree.get("totals").get("cost").asDouble()).isEqualTo(summary.get("cost").asDouble());
      JsonNode listed = server.await("/api/traces?feature=" + ContentWorkflow.FEATURE, l -> StreamSupport
          .stream(l.get("items").spliterator(), false).anyMatch(t -> t.get("traceId").asText().equals(result.traceId())));
      assertThat(listed.get("items").size()).isPositive();
    }
  }

  @Test
  void contentWorkflowErrorPathIsRecorded() throws Exception {
    try (ContentWorkflow workflow = new ContentWorkflow(sightline)) {
      assertThatThrownBy(() -> workflow.process("Broken input.", true))
          .isInstanceOf(IllegalStateException.class).hasMessage("translation service unavailable");
      assertThat(sightline.flush(Duration.ofSeconds(10))).isTrue();
      JsonNode list = server.await("/api/traces?feature=" + ContentWorkflow.FEATURE + "&status=failure",
          l -> l.get("items").size() > 0);
      String traceId = list.get("items").get(0).get("traceId").asText();
      JsonNode tree = server.await("/api/traces/" + traceId, t -> RealServer.countSpans(t.get("spans")) == 7);
      JsonNode trace = tree.get("trace");
      assertThat(trace.get("status").asText()).isEqualTo("failure");
      assertThat(trace.get("statusMessage").asText()).contains("translation service unavailable");
      assertThat(trace.get("output").asText()).startsWith("Error:");
      JsonNode translate = find(tree.get("spans"), "translate-text");
      assertThat(translate.get("status").asText()).isEqualTo("failure");
      assertThat(translate.get("error").get("type").asText()).isEqualTo("java.lang.IllegalStateException");
      assertThat(find(tree.get("spans"), "content-translation").get("status").asText()).isEqualTo("failure");
      assertThat(find(tree.get("spans"), "parallel-processing").get("status").asText()).isEqualTo("failure");
      assertThat(find(tree.get("spans"), "content-enhancement").get("status").asText()).isEqualTo("success");
    }
  }

  @Test
  void ragPipelineProducesTheExpectedTree() throws Exception {
    String traceId = new RagPipeline(sightline).answer("session-1", "What is a span?");
    JsonNode tree = tree(traceId, 4);
    assertThat(shape(tree.get("spans"), "")).containsExactly(
        "rag-pipeline (span, success)",
        "  generate-answer (generation, success)",
        "  generate-query-embedding (embedding, success)",
        "  vector-search (retrieval, success)");
    JsonNode trace = tree.get("trace");
    assertThat(trace.get("sessionId").asText()).isEqualTo("session-1");
    assertThat(trace.get("tags").toString()).isEqualTo("[\"rag\",\"qa\"]");
    JsonNode answer = find(tree.get("spans"), "generate-answer");
    assertThat(answer.get("input").get(1).get("role").asText()).isEqualTo("user");
    assertThat(answer.get("runEvaluation").asBoolean()).isTrue();
    assertThat(find(tree.get("spans"), "vector-search").get("attributes").get("documentsFound").asInt()).isEqualTo(2);
    server.await("/api/traces?feature=" + RagPipeline.FEATURE, l -> l.get("items").size() == 1);
  }
}
