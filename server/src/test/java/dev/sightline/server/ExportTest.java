package dev.sightline.server;

import static dev.sightline.server.testing.Batch.arr;
import static dev.sightline.server.testing.Batch.message;
import static dev.sightline.server.testing.Batch.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sightline.server.testing.ApiClient;
import dev.sightline.server.testing.Batch;
import dev.sightline.server.testing.Exports;
import dev.sightline.server.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The export endpoints over real HTTP: whole traces as JSON lines and as OTLP that our own
 * {@code /v1/traces} takes back, generations as chat fine-tuning lines that validate, filters and
 * the retention window applied, counts in trailers, bad parameters refused before streaming.
 */
class ExportTest {
  private static final long DAY = 86_400_000_000L;
  @TempDir static Path data;
  private static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.builder(data).withoutOtlpGrpc().start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void tracesAreExportedWholeOldestFirstWithinTheFiltersAndTheWindow() {
    ApiClient api = server.newProject();
    long now = Batch.nowMicros();
    String old = Batch.traceId();
    String first = Batch.traceId();
    String second = Batch.traceId();
    String other = Batch.traceId();
    String span = Batch.spanId();
    api.ingestOk(Batch.of()
        .trace("traceId", old, "feature", "chat", "startTime", now - 40 * DAY)
        .trace("traceId", second, "feature", "chat", "startTime", now - 2000, "tags", arr("b"))
        .trace("traceId", first, "feature", "chat", "startTime", now - 3000, "input", "hello")
        .span("traceId", first, "spanId", span, "type", "generation", "model", "gpt-4o", "startTime", now - 2900,
            "endTime", now - 2500, "inputTokens", 12, "outputTokens", 3, "cost", 0.5)
        .score("traceId", first, "name", "quality", "value", 0.9)
        .trace("traceId", other, "feature", "search", "startTime", now - 1000));
    server.awaitApplied();
    api.putJson("/api/settings", "{\"retentionDays\": 30}");

    Exports.Answer all = Exports.get(api, "/api/export/traces?from=0");
    assertThat(all.status()).isEqualTo(200);
    assertThat(all.lines()).extracting(l -> ApiClient.parse(l).path("trace").path("traceId").asText())
        .as("oldest first, the expired one left out").containsExactly(first, second, other);
    assertThat(all.exported()).isEqualTo("3");
    assertThat(all.skipped()).isEqualTo("0");
    JsonNode line = ApiClient.parse(all.lines().get(0));
    assertThat(line.path("trace").path("spanCount").asInt()).isEqualTo(1);
    assertThat(line.path("spans").get(0).path("model").asText()).isEqualTo("gpt-4o");
    assertThat(line.path("scores").get(0).path("value").asDouble()).isEqualTo(0.9);
    assertThat(line.path("trace").toString())
        .isEqualTo(api.getJson("/api/traces?feature=chat&limit=1&order=asc").path("items").get(0)
            .<com.fasterxml.jackson.databind.node.ObjectNode>deepCopy().without("scores").toString());

    assertThat(Exports.get(api, "/api/export/traces?feature=chat").lines()).hasSize(2);
    assertThat(Exports.get(api, "/api/export/traces?model=gpt-4o").lines()).hasSize(1);
    assertThat(Exports.get(api, "/api/export/traces?feature=nothing").text()).isEmpty();
  }

  @Test
  void otlpJsonGoesBackThroughOurOwnOtlpEndpointKeepingModelTokensCostAndContent() {
    ApiClient source = server.newProject();
    String trace = Batch.traceId();
    String root = Batch.spanId();
    String generation = Batch.spanId();
    long t = Batch.nowMicros() - 10_000_000;
    source.ingestOk(Batch.of()
        .trace("traceId", trace, "feature", "support", "name", "answer", "release", "1.2", "environment", "prod",
            "user", obj("id", "u-1"), "sessionId", "s-1", "startTime", t, "endTime", t + 5000)
        .span("traceId", trace, "spanId", root, "type", "agent", "name", "agent", "startTime", t, "endTime", t + 5000,
            "input", obj("question", "where?"), "output", "here")
        .span("traceId", trace, "spanId", generation, "parentSpanId", root, "type", "generation", "name", "llm",
            "provider", "openai", "model", "gpt-4o-mini", "startTime", t + 100, "endTime", t + 4000,
            "input", arr(message("system", "Be brief."), message("user", "where?")),
            "output", obj("role", "assistant", "content", "here"), "modelParameters", obj("temperature", 0.2),
            "inputTokens", 42, "outputTokens", 7, "totalTokens", 49, "cost", 0.0012, "status", "failure",
            "statusMessage", "timeout"));
    server.awaitApplied();
    Exports.Answer otlp = Exports.get(source, "/api/export/traces?format=otlp-json");
    assertThat(otlp.lines()).hasSize(1);

    ApiClient target = server.newProject();
    assertThat(target.post("/v1/traces", otlp.lines().get(0).getBytes(StandardCharsets.UTF_8),
        "Content-Type", "application/json").status()).isEqualTo(200);
    JsonNode back = target.awaitTrace(trace, 2);
    JsonNode before = source.getJson("/api/traces/" + trace);
    JsonNode gen = span(back, generation);
    JsonNode was = span(before, generation);
    for (String field : List.of("type", "provider", "model", "input", "output", "modelParameters", "inputTokens",
        "outputTokens", "totalTokens", "cost", "status", "statusMessage", "startTime", "endTime", "parentSpanId")) {
      assertThat(gen.path(field)).as(field).isEqualTo(was.path(field));
    }
    JsonNode agent = span(back, root);
    assertThat(agent.path("type").asText()).isEqualTo("agent");
    assertThat(agent.path("input")).isEqualTo(span(before, root).path("input"));
    assertThat(agent.path("output").asText()).isEqualTo("here");
    JsonNode traceRow = target.getJson("/api/traces?from=0").path("items").get(0);
    assertThat(traceRow.path("feature").asText()).isEqualTo("support");
    assertThat(traceRow.path("name").asText()).isEqualTo("answer");
    assertThat(traceRow.path("release").asText()).isEqualTo("1.2");
    assertThat(traceRow.path("environment").asText()).isEqualTo("prod");
    assertThat(traceRow.path("user").path("id").asText()).isEqualTo("u-1");
    assertThat(traceRow.path("sessionId").asText()).isEqualTo("s-1");
  }

  private static JsonNode span(JsonNode tree, String spanId) {
    List<JsonNode> all = new ArrayList<>();
    collect(tree.path("spans"), all);
    return all.stream().filter(s -> s.path("spanId").asText().equals(spanId)).findFirst().orElseThrow(
        () -> new AssertionError("no span " + spanId + " in " + tree));
  }

  private static void collect(JsonNode spans, List<JsonNode> into) {
    for (JsonNode s : spans) {
      into.add(s);
      collect(s.path("children"), into);
    }
  }

  @Test
  void generationsBecomeValidChatFineTuningLinesAndTheUnusableAreCounted() {
    ApiClient api = server.newProject();
    String good = Batch.traceId();
    String poor = Batch.traceId();
    long t = Batch.nowMicros() - 60_000_000;
    api.ingestOk(Batch.of()
        .trace("traceId", good, "startTime", t)
        .span("traceId", good, "spanId", Batch.spanId(), "type", "generation", "startTime", t + 1,
            "input", arr(message("system", "Be kind."), message("user", "Hi")), "output", "Hello!")
        .span("traceId", good, "spanId", Batch.spanId(), "type", "generation", "startTime", t + 2,
            "input", "plain question", "output", obj("role", "assistant", "content", "plain answer"))
        .span("traceId", good, "spanId", Batch.spanId(), "type", "generation", "startTime", t + 3,
            "input", arr(obj("role", "user", "parts", arr(obj("type", "text", "content", "parts in")))),
            "output", arr(obj("role", "assistant", "parts", arr(obj("type", "text", "content", "parts out")))))
        .span("traceId", good, "spanId", Batch.spanId(), "type", "tool", "startTime", t + 4, "input", "x", "output", "y")
        .score("traceId", good, "name", "quality", "value", 0.9)
        .trace("traceId", poor, "startTime", t + 10)
        .span("traceId", poor, "spanId", Batch.spanId(), "type", "generation", "startTime", t + 11,
            "input", arr(message("user", "no answer")))
        .span("traceId", poor, "spanId", Batch.spanId(), "type", "generation", "startTime", t + 12,
            "input", arr(obj("role", "user", "content", arr(obj("type", "image_url", "image_url", "x")))),
            "output", "a picture")
        .span("traceId", poor, "spanId", Batch.spanId(), "type", "generation", "startTime", t + 13,
            "input", arr(message("user", "ok?")), "output", "ok")
        .score("traceId", poor, "name", "quality", "value", 0.2));
    server.awaitApplied();

    Exports.Answer all = Exports.get(api, "/api/export/generations");
    assertThat(all.status()).isEqualTo(200);
    all.lines().forEach(ExportTest::validateChatLine);
    assertThat(all.lines()).hasSize(4);
    assertThat(all.exported()).isEqualTo("4");
    assertThat(all.skipped()).as("no output; no text in the input").isEqualTo("2");
    assertThat(ApiClient.parse(all.lines().get(0)).toString()).isEqualTo("{\"messages\":["
        + "{\"role\":\"system\",\"content\":\"Be kind.\"},{\"role\":\"user\",\"content\":\"Hi\"},"
        + "{\"role\":\"assistant\",\"content\":\"Hello!\"}]}");
    assertThat(all.lines().get(1)).contains("{\"role\":\"user\",\"content\":\"plain question\"}")
        .contains("plain answer");
    assertThat(all.lines().get(2)).contains("parts in").contains("parts out");

    Exports.Answer best = Exports.get(api, "/api/export/generations?format=openai-chat&scoreName=quality&minScore=0.5");
    assertThat(best.lines()).hasSize(3).noneMatch(l -> l.contains("ok?"));
    assertThat(Exports.get(api, "/api/export/generations?scoreName=quality").lines()).hasSize(4);
    assertThat(Exports.get(api, "/api/export/generations?scoreName=quality&maxScore=0.5").lines())
        .singleElement().satisfies(l -> assertThat(l).contains("ok?"));
    assertThat(Exports.get(api, "/api/export/generations?scoreName=helpful").lines()).isEmpty();
  }

  /** The chat fine-tuning format: messages of {role, content}, roles known, the last the assistant's. */
  static void validateChatLine(String line) {
    JsonNode json = ApiClient.parse(line);
    assertThat(json.isObject() && json.size() == 1 && json.path("messages").isArray()).as(line).isTrue();
    JsonNode messages = json.get("messages");
    assertThat(messages.size()).as(line).isGreaterThanOrEqualTo(2);
    for (JsonNode m : messages) {
      List<String> fields = new ArrayList<>();
      for (Iterator<String> names = m.fieldNames(); names.hasNext(); ) {
        fields.add(names.next());
      }
      assertThat(fields).as(line).containsExactly("role", "content");
      assertThat(m.get("role").asText()).as(line).isIn(Set.of("system", "user", "assistant", "tool"));
      assertThat(m.get("content").isTextual()).as(line).isTrue();
    }
    assertThat(messages.get(messages.size() - 1).get("role").asText()).as(line).isEqualTo("assistant");
  }

  @Test
  void badParametersAreRefusedBeforeAnythingIsStreamed() {
    ApiClient api = server.newProject();
    assertThat(api.get("/api/export/traces?format=csv").errorMessage())
        .isEqualTo("format: must be jsonl or otlp-json (openai-chat is /api/export/generations)");
    assertThat(api.get("/api/export/generations?format=jsonl").errorMessage()).isEqualTo("format: must be openai-chat");
    assertThat(api.get("/api/export/generations?minScore=0.5").errorMessage())
        .isEqualTo("minScore: needs scoreName");
    assertThat(api.get("/api/export/generations?scoreName=q&minScore=high").errorMessage())
        .isEqualTo("minScore: must be a number");
    assertThat(api.get("/api/export/traces?from=yesterday").status()).isEqualTo(400);
    assertThat(api.get("/api/export/traces?feture=x").errorMessage()).startsWith("feture: unknown parameter");
    assertThat(server.anonymous().get("/api/export/traces").status()).isEqualTo(401);
  }
}
