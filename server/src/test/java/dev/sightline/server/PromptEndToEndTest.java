package dev.sightline.server;

import static dev.sightline.server.testing.Batch.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sightline.server.auth.Role;
import dev.sightline.server.testing.ApiClient;
import dev.sightline.server.testing.ApiResponse;
import dev.sightline.server.testing.Batch;
import dev.sightline.server.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prompt management over HTTP: immutable numbered versions, labels that move, {@code production}
 * and {@code latest}, compiling text and chat prompts, metrics per version, and the refusals of
 * bad input.
 */
class PromptEndToEndTest {
  private static final long S = 1_000_000;
  @TempDir Path data;

  private static ApiResponse create(ApiClient api, String json) {
    return api.post("/api/prompts", json.getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json");
  }

  private static ApiResponse compile(ApiClient api, String name, String json) {
    return api.post("/api/prompts/" + name + "/compile", json.getBytes(StandardCharsets.UTF_8),
        "Content-Type", "application/json");
  }

  @Test
  void versionsStayImmutableLabelsMoveAndProductionOrLatestResolve() throws Exception {
    try (TestServer server = TestServer.builder(data).withoutOtlpGrpc().start()) {
      ApiClient api = server.newProject();
      ApiResponse v1 = create(api, "{\"name\": \"greet\", \"prompt\": \"Hi {{name}}\", \"config\": "
          + "{\"model\": \"gpt-4o\", \"temperature\": 0.2}, \"labels\": [\"production\"], \"commitMessage\": \"first\"}");
      assertThat(v1.status()).as(v1.text()).isEqualTo(201);
      assertThat(v1.json().path("version").asInt()).isEqualTo(1);
      assertThat(v1.json().path("type").asText()).isEqualTo("text");
      assertThat(v1.json().path("labels")).extracting(JsonNode::asText).containsExactly("production", "latest");
      assertThat(v1.json().path("variables")).extracting(JsonNode::asText).containsExactly("name");
      ApiResponse v2 = create(api, "{\"name\": \"greet\", \"type\": \"text\", \"prompt\": \"Hello {{ name }}!\"}");
      assertThat(v2.json().path("version").asInt()).isEqualTo(2);
      assertThat(v2.json().path("labels")).extracting(JsonNode::asText).containsExactly("latest");

      // The default is production (version 1), not the latest.
      JsonNode byDefault = api.getJson("/api/prompts/greet");
      assertThat(byDefault.path("version").asInt()).isEqualTo(1);
      assertThat(byDefault.path("prompt").asText()).isEqualTo("Hi {{name}}");
      assertThat(byDefault.path("config").path("temperature").asDouble()).isEqualTo(0.2);
      assertThat(api.getJson("/api/prompts/greet?label=latest").path("version").asInt()).isEqualTo(2);
      assertThat(api.getJson("/api/prompts/greet?version=2").path("prompt").asText()).isEqualTo("Hello {{ name }}!");

      // Move production to version 2: it leaves version 1, and version 1's template is unchanged.
      ApiResponse moved = api.patchJson("/api/prompts/greet/versions/2", "{\"labels\": [\"production\", \"beta\"]}");
      assertThat(moved.status()).as(moved.text()).isEqualTo(200);
      assertThat(moved.json().path("labels")).extracting(JsonNode::asText).containsExactly("beta", "production", "latest");
      assertThat(api.getJson("/api/prompts/greet").path("version").asInt()).isEqualTo(2);
      JsonNode old = api.getJson("/api/prompts/greet?version=1");
      assertThat(old.path("labels")).isEmpty();
      assertThat(old.path("prompt").asText()).isEqualTo("Hi {{name}}");
      assertThat(old.path("commitMessage").asText()).isEqualTo("first");

      JsonNode versions = api.getJson("/api/prompts/greet/versions");
      assertThat(versions.path("items")).extracting(v -> v.path("version").asInt()).containsExactly(2, 1);
      assertThat(versions.path("labels").path("beta").asInt()).isEqualTo(2);
      create(api, "{\"name\": \"answer\", \"prompt\": [{\"role\": \"system\", \"content\": \"Be {{tone}}\"}]}");
      JsonNode list = api.getJson("/api/prompts");
      assertThat(list.path("items")).extracting(p -> p.path("name").asText() + " " + p.path("type").asText() + " "
          + p.path("latestVersion").asInt() + " " + p.path("labels")).containsExactly(
              "answer chat 1 {}", "greet text 2 {\"beta\":2,\"production\":2}");
      assertThat(server.newProject().getJson("/api/prompts").path("items")).isEmpty();

      String audit = Files.readString(data.resolve("audit.jsonl"));
      assertThat(audit).contains("\"prompt.create\"", "\"greet@2\"", "\"prompt.labels\"");
    }
  }

  @Test
  void compileFillsTextAndChatPromptsLiterallyAndNamesWhatIsMissing() {
    try (TestServer server = TestServer.builder(data).withoutOtlpGrpc().start()) {
      ApiClient api = server.newProject();
      create(api, "{\"name\": \"greet\", \"prompt\": \"Dear {{name}}, {{ n }} items at {{price}}: {{meta}} {{#if}}\"}");
      JsonNode c = compile(api, "greet", "{\"variables\": {\"name\": \"$1 \\\\ {{n}} ${x}\", \"n\": 3, "
          + "\"price\": true, \"meta\": {\"a\": [1]}, \"extra\": \"x\", \"more\": 1}}").json();
      assertThat(c.path("compiled").asText()).isEqualTo("Dear $1 \\ {{n}} ${x}, 3 items at true: {\"a\":[1]} {{#if}}");
      assertThat(c.path("version").asInt()).isEqualTo(1);
      assertThat(c.path("unusedVariables")).extracting(JsonNode::asText).containsExactly("extra", "more");

      create(api, "{\"name\": \"chat\", \"type\": \"chat\", \"config\": {\"model\": \"m\"}, \"prompt\": ["
          + "{\"role\": \"system\", \"content\": \"You sell {{product}}.\"}, {\"role\": \"user\", \"content\": \"{{question}}\"}]}");
      create(api, "{\"name\": \"chat\", \"prompt\": [{\"role\": \"user\", \"content\": \"v2 {{question}}\"}], "
          + "\"labels\": [\"staging\"]}");
      JsonNode chat = compile(api, "chat", "{\"version\": 1, \"variables\": {\"product\": \"tea\", \"question\": \"Green?\"}}")
          .json();
      assertThat(chat.path("compiled").toString())
          .isEqualTo("[{\"role\":\"system\",\"content\":\"You sell tea.\"},{\"role\":\"user\",\"content\":\"Green?\"}]");
      assertThat(chat.path("config").path("model").asText()).isEqualTo("m");
      assertThat(compile(api, "chat", "{\"label\": \"staging\", \"variables\": {\"question\": \"q\"}}").json()
          .path("compiled").get(0).path("content").asText()).isEqualTo("v2 q");

      ApiResponse missing = compile(api, "greet", "{\"variables\": {\"name\": \"A\", \"n\": null, \"price\": 1}}");
      assertThat(missing.status()).isEqualTo(400);
      assertThat(missing.errorMessage()).startsWith("variables.meta: the template of greet version 1 uses it");
      assertThat(compile(api, "chat", "{\"variables\": {}}").errorMessage()).startsWith("variables.question:");
      assertThat(compile(api, "chat", "{\"variables\": []}").errorMessage()).startsWith("variables: must be a JSON object");
      assertThat(compile(api, "chat", "{\"version\": 1, \"label\": \"staging\"}").errorMessage())
          .startsWith("label: give version or label, not both");
      assertThat(compile(api, "chat", "{\"vars\": {}}").errorMessage()).startsWith("vars: unknown field");
      assertThat(compile(api, "chat", "{\"version\": 9}").status()).isEqualTo(404);
    }
  }

  @Test
  void badInputIsRefusedWithItsReason() throws Exception {
    try (TestServer server = TestServer.builder(data).withoutOtlpGrpc().start()) {
      ApiClient api = server.newProject();
      create(api, "{\"name\": \"greet\", \"prompt\": \"Hi\"}");
      ApiResponse unknown = api.get("/api/prompts/nope");
      assertThat(unknown.status()).isEqualTo(404);
      assertThat(unknown.errorMessage()).isEqualTo("no prompt named nope in this project");
      assertThat(api.get("/api/prompts/greet?version=7").errorMessage()).isEqualTo("prompt greet has no version 7");
      assertThat(api.get("/api/prompts/greet?label=gold").errorMessage())
          .isEqualTo("prompt greet has no version labelled gold");
      assertThat(api.get("/api/prompts/greet?version=x").errorMessage()).startsWith("version: must be a whole number");
      assertThat(api.get("/api/prompts/greet?versoin=1").errorMessage()).startsWith("versoin: unknown parameter");
      assertThat(api.patchJson("/api/prompts/greet/versions/5", "{\"labels\": []}").status()).isEqualTo(404);
      assertThat(api.patchJson("/api/prompts/greet/versions/1", "{\"labels\": [\"latest\"]}").errorMessage())
          .startsWith("labels[0]: 'latest' is set by the server");
      assertThat(api.patchJson("/api/prompts/greet/versions/1", "{\"labels\": [\"Prod uction\"]}")
          .errorMessage()).startsWith("labels[0]: must match");

      ApiResponse badName = create(api, "{\"name\": \"-greet/../x\", \"prompt\": \"Hi\"}");
      assertThat(badName.status()).isEqualTo(400);
      assertThat(badName.errorMessage()).startsWith("name: must match [A-Za-z0-9][A-Za-z0-9._-]{0,127}");
      assertThat(create(api, "{\"name\": \"" + "n".repeat(129) + "\", \"prompt\": \"Hi\"}").status()).isEqualTo(400);
      ApiResponse big = create(api, "{\"name\": \"big\", \"prompt\": \"" + "x".repeat(256 * 1024 + 1) + "\"}");
      assertThat(big.status()).isEqualTo(400);
      assertThat(big.errorMessage()).isEqualTo("prompt: 262145 characters, more than the limit of 262144 (256 KiB)");
      assertThat(create(api, "{\"name\": \"a\", \"prompt\": \"Hi\", \"colour\": 1}").errorMessage())
          .startsWith("colour: unknown field");
      assertThat(create(api, "{\"name\": \"a\", \"type\": \"chat\", \"prompt\": \"Hi\"}").errorMessage())
          .startsWith("prompt: a chat prompt must be an array of 1 to 100");
      assertThat(create(api, "{\"name\": \"a\", \"prompt\": [{\"role\": \"user\"}]}").errorMessage())
          .isEqualTo("prompt[0].content: must be a string");
      assertThat(create(api, "{\"name\": \"a\", \"prompt\": \"Hi\", \"commitMessage\": \"" + "m".repeat(1001) + "\"}")
          .errorMessage()).startsWith("commitMessage: must be a string of at most 1000");
      assertThat(create(api, "{\"name\": \"a\", \"prompt\": \"Hi\", \"config\": [1]}").errorMessage())
          .startsWith("config: must be a JSON object");
      assertThat(create(api, "{\"name\": ").errorMessage()).startsWith("malformed JSON");
      assertThat(api.getJson("/api/prompts").path("items")).hasSize(1);

      String project = server.server().keys().projectOf(api.key()).orElseThrow();
      ApiClient reader = api.withKey(server.server().keys().createKey(project, "dash", Role.READ));
      assertThat(create(reader, "{\"name\": \"r\", \"prompt\": \"Hi\"}").status()).isEqualTo(403);
      assertThat(reader.getJson("/api/prompts/greet").path("version").asInt()).isEqualTo(1);
      assertThat(api.delete("/api/prompts/greet").status()).isEqualTo(405);
    }
  }

  @Test
  void metricsCompareTheVersionsOfAPrompt() {
    try (TestServer server = TestServer.builder(data).withoutOtlpGrpc().start()) {
      ApiClient api = server.newProject();
      create(api, "{\"name\": \"greet\", \"prompt\": \"a\"}");
      create(api, "{\"name\": \"greet\", \"prompt\": \"b\", \"labels\": [\"production\"]}");
      long t0 = Batch.nowMicros() - 600 * S;
      String trace = Batch.traceId();
      String s1 = Batch.spanId();
      String s2 = Batch.spanId();
      String s3 = Batch.spanId();
      api.ingestOk(Batch.of()
          .trace("traceId", trace, "startTime", t0, "endTime", t0 + 10 * S)
          .span("traceId", trace, "spanId", s1, "type", "generation", "startTime", t0, "endTime", t0 + S,
              "inputTokens", 10, "outputTokens", 5, "cost", 0.01, "prompt", obj("slug", "greet", "version", 1))
          .span("traceId", trace, "spanId", s2, "type", "generation", "startTime", t0, "endTime", t0 + 3 * S,
              "inputTokens", 20, "outputTokens", 5, "cost", 0.02, "prompt", obj("slug", "greet", "version", "2"))
          .span("traceId", trace, "spanId", s3, "type", "generation", "startTime", t0, "endTime", t0 + 2 * S,
              "status", "failure", "prompt", obj("slug", "greet", "version", 2))
          .span("traceId", trace, "spanId", Batch.spanId(), "type", "generation", "startTime", t0,
              "endTime", t0 + S, "prompt", obj("slug", "greeting", "version", 1))
          .score("traceId", trace, "spanId", s2, "name", "helpfulness", "value", 4, "time", t0 + 5 * S)
          .score("traceId", trace, "spanId", s3, "name", "helpfulness", "value", 2, "time", t0 + 5 * S));
      JsonNode m = api.await("/api/prompts/greet/metrics", r -> r.path("items").size() == 2
          && r.path("items").get(0).path("scores").has("helpfulness"));
      JsonNode v2 = m.path("items").get(0);
      assertThat(v2.path("version").asInt()).isEqualTo(2);
      assertThat(v2.path("labels")).extracting(JsonNode::asText).containsExactly("production", "latest");
      assertThat(v2.path("count").asLong()).isEqualTo(2);
      assertThat(v2.path("errors").asLong()).isEqualTo(1);
      assertThat(v2.path("p50").asLong()).isEqualTo(2_500_000);
      assertThat(v2.path("inputTokens").asLong()).isEqualTo(20);
      assertThat(v2.path("cost").asDouble()).isEqualTo(0.02);
      assertThat(v2.path("scores").path("helpfulness").path("avg").asDouble()).isEqualTo(3.0);
      assertThat(v2.path("scores").path("helpfulness").path("count").asLong()).isEqualTo(2);
      JsonNode v1 = m.path("items").get(1);
      assertThat(v1.path("version").asInt()).isEqualTo(1);
      assertThat(v1.path("count").asLong()).isEqualTo(1);
      assertThat(v1.path("avg").asLong()).isEqualTo(1_000_000);
      assertThat(v1.path("scores").size()).isZero();
      assertThat(api.getJson("/api/prompts/greet/metrics?from=" + (t0 + S) + "&to=" + (t0 + 2 * S))
          .path("items")).isEmpty();
      assertThat(api.get("/api/prompts/greet/metrics?to=5&from=9").errorMessage()).startsWith("to: must be after from");
      assertThat(api.get("/api/prompts/nope/metrics").status()).isEqualTo(404);
    }
  }
}
