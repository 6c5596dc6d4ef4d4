package dev.sightline.server;

import static dev.sightline.server.testing.Batch.obj;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sightline.server.auth.Role;
import dev.sightline.server.testing.ApiClient;
import dev.sightline.server.testing.ApiResponse;
import dev.sightline.server.testing.Batch;
import dev.sightline.server.testing.Otlp;
import dev.sightline.server.testing.TestServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tokens and cost of model calls that do not report them are inferred as they are stored, for
 * native and OTLP ingest, roll up to traces and users, and never replace what was sent; the price
 * table is listed and a project's own models win through {@code /api/models}.
 */
class UsageInferenceEndToEndTest {
  private static final String START = "2026-11-02T10:00:00Z";
  private static final double GPT_4O_IN = 2.50e-6;
  private static final double GPT_4O_OUT = 10.00e-6;
  @TempDir Path data;

  @Test
  void infersWhatIsMissingAndKeepsWhatWasSent() {
    try (TestServer server = TestServer.start(data)) {
      ApiClient api = server.newProject();
      String trace = Batch.traceId();
      String counted = Batch.spanId();
      String tokensSent = Batch.spanId();
      String costSent = Batch.spanId();
      api.ingestOk(Batch.of()
          .trace("traceId", trace, "name", "chat", "user", obj("id", "ada"), "startTime", START)
          .span("traceId", trace, "spanId", counted, "type", "generation", "model", "gpt-4o", "startTime", START,
              "input", List.of(obj("role", "user", "content", "hello world")), "output", "tiktoken is great!")
          .span("traceId", trace, "spanId", tokensSent, "type", "generation", "model", "openai/gpt-4o-2024-08-06",
              "startTime", START, "input", "hello", "inputTokens", 1000, "outputTokens", 100)
          .span("traceId", trace, "spanId", costSent, "type", "generation", "model", "gpt-4o", "startTime", START,
              "input", "hello", "output", "world", "cost", 0.5)
          .span("traceId", trace, "spanId", Batch.spanId(), "type", "retrieval", "input", "not a model call"));
      server.awaitApplied();
      JsonNode tree = api.getJson("/api/traces/" + trace);

      JsonNode a = span(tree, counted);
      assertThat(a.path("inputTokens").asLong()).isEqualTo(8); // 3 + 2 + 3 priming
      assertThat(a.path("outputTokens").asLong()).isEqualTo(6);
      assertThat(a.path("totalTokens").asLong()).isEqualTo(14);
      assertThat(a.path("usageInferred").asBoolean()).isTrue();
      assertThat(a.path("costInferred").asBoolean()).isTrue();
      double costA = 8 * GPT_4O_IN + 6 * GPT_4O_OUT;
      assertThat(a.path("cost").asDouble()).isCloseTo(costA, within(1e-12));
      assertThat(a.path("costDetails").path("input").asDouble()).isCloseTo(8 * GPT_4O_IN, within(1e-12));

      JsonNode b = span(tree, tokensSent);
      assertThat(b.path("inputTokens").asLong()).isEqualTo(1000);
      assertThat(b.has("usageInferred")).isFalse();
      double costB = 1000 * GPT_4O_IN + 100 * GPT_4O_OUT;
      assertThat(b.path("cost").asDouble()).isCloseTo(costB, within(1e-12));
      assertThat(b.path("costInferred").asBoolean()).isTrue();

      JsonNode c = span(tree, costSent);
      assertThat(c.path("cost").asDouble()).isEqualTo(0.5);
      assertThat(c.has("costInferred")).isFalse();
      assertThat(c.path("usageInferred").asBoolean()).isTrue();

      JsonNode t = tree.path("trace");
      assertThat(t.path("cost").asDouble()).isCloseTo(costA + costB + 0.5, within(1e-9));
      assertThat(t.path("inputTokens").asLong()).isEqualTo(8 + 1000 + c.path("inputTokens").asLong());
      assertThat(t.path("inferredSpans").asLong()).isEqualTo(3);
      JsonNode user = api.getJson("/api/users?from=2026-11-01T00:00:00Z").path("items").get(0);
      assertThat(user.path("cost").asDouble()).isCloseTo(costA + costB + 0.5, within(1e-9));
    }
  }

  @Test
  void sentValuesArrivingLaterReplaceInferredOnes() {
    try (TestServer server = TestServer.start(data)) {
      ApiClient api = server.newProject();
      String trace = Batch.traceId();
      String span = Batch.spanId();
      api.ingestOk(Batch.of().trace("traceId", trace, "startTime", START)
          .span("traceId", trace, "spanId", span, "type", "generation", "model", "claude-sonnet-4-5-20250929",
              "startTime", START, "input", "a question of some length"));
      server.awaitApplied();
      JsonNode started = span(api.getJson("/api/traces/" + trace), span);
      assertThat(started.path("usageInferred").asBoolean()).isTrue();
      assertThat(started.path("costInferred").asBoolean()).isTrue();

      api.ingestOk(Batch.of().span("traceId", trace, "spanId", span, "output", "an answer",
          "inputTokens", 2000, "outputTokens", 300, "cacheReadTokens", 1000));
      server.awaitApplied();
      JsonNode tree = api.getJson("/api/traces/" + trace);
      JsonNode ended = span(tree, span);
      assertThat(ended.path("inputTokens").asLong()).isEqualTo(2000);
      assertThat(ended.path("outputTokens").asLong()).isEqualTo(300);
      assertThat(ended.path("totalTokens").asLong()).isEqualTo(2300);
      assertThat(ended.has("usageInferred")).isFalse();
      // Sonnet 4.5: 1000 uncached at $3, 1000 cache reads at $0.30, 300 out at $15 per million.
      double cost = 1000 * 3e-6 + 1000 * 0.30e-6 + 300 * 15e-6;
      assertThat(ended.path("cost").asDouble()).isCloseTo(cost, within(1e-12));
      assertThat(tree.path("trace").path("totalTokens").asLong()).isEqualTo(2300);
      assertThat(tree.path("trace").path("cost").asDouble()).isCloseTo(cost, within(1e-12));

      api.ingestOk(Batch.of().span("traceId", trace, "spanId", span, "cost", 0.25));
      server.awaitApplied();
      tree = api.getJson("/api/traces/" + trace);
      assertThat(span(tree, span).path("cost").asDouble()).isEqualTo(0.25);
      assertThat(span(tree, span).has("costInferred")).isFalse();
      assertThat(span(tree, span).has("costDetails")).isFalse();
      assertThat(tree.path("trace").path("cost").asDouble()).isEqualTo(0.25);
      assertThat(tree.path("trace").has("inferredSpans")).isFalse();
    }
  }

  @Test
  void otlpGenerationsArePricedToo() {
    try (TestServer server = TestServer.start(data)) {
      ApiClient api = server.newProject();
      byte[] otlp = Otlp.json(Otlp.request(List.of("service.name", "bot"), Otlp.span(Otlp.ROOT, "chat gpt-4o-mini",
          "gen_ai.operation.name", "chat", "gen_ai.request.model", "gpt-4o-mini",
          "gen_ai.usage.input_tokens", 2000L, "gen_ai.usage.output_tokens", 500L)));
      assertThat(api.post("/v1/traces", otlp, "Content-Type", "application/json").status()).isEqualTo(200);
      server.awaitApplied();
      JsonNode tree = api.getJson("/api/traces/" + Otlp.TRACE);
      JsonNode span = tree.path("spans").get(0);
      assertThat(span.path("cost").asDouble()).isCloseTo(2000 * 0.15e-6 + 500 * 0.60e-6, within(1e-12));
      assertThat(span.path("costInferred").asBoolean()).isTrue();
      assertThat(tree.path("trace").path("cost").asDouble()).isCloseTo(span.path("cost").asDouble(), within(1e-15));
    }
  }

  @Test
  void modelsAreListedAndAProjectModelWins() throws IOException {
    try (TestServer server = TestServer.start(data)) {
      ApiClient api = server.newProject();
      JsonNode all = api.getJson("/api/models");
      assertThat(all.path("builtInAsOf").asText()).matches("\\d{4}-\\d{2}-\\d{2}");
      JsonNode gpt4o = api.getJson("/api/models?model=gpt-4o-2024-11-20").path("models").get(0);
      assertThat(gpt4o.path("id").asText()).isEqualTo("gpt-4o");
      assertThat(gpt4o.path("builtIn").asBoolean()).isTrue();
      JsonNode current = gpt4o.path("prices").get(gpt4o.path("prices").size() - 1);
      assertThat(current.path("input").asDouble()).isEqualTo(2.50);
      assertThat(current.path("output").asDouble()).isEqualTo(10.00);
      assertThat(all.path("models").size()).isGreaterThan(40);

      String model = "{\"id\":\"gpt-4o-negotiated\",\"match\":\"gpt-4o(-\\\\d{4}-\\\\d{2}-\\\\d{2})?\","
          + "\"prices\":[{\"from\":\"2025-01-01\",\"input\":1.0,\"output\":4.0}]}";
      ApiResponse added = api.post("/api/models", model.getBytes(), "Content-Type", "application/json");
      assertThat(added.status()).as(added.toString()).isEqualTo(201);
      assertThat(added.json().path("builtIn").asBoolean()).isFalse();
      assertThat(api.getJson("/api/models?model=gpt-4o").path("models").get(0).path("id").asText())
          .isEqualTo("gpt-4o-negotiated");
      assertThat(api.getJson("/api/models").path("models").get(0).path("id").asText()).isEqualTo("gpt-4o-negotiated");

      String trace = Batch.traceId();
      api.ingestOk(Batch.of().trace("traceId", trace, "startTime", START).span("traceId", trace,
          "spanId", Batch.spanId(), "type", "generation", "model", "gpt-4o", "startTime", START,
          "inputTokens", 1_000_000, "outputTokens", 1_000_000));
      server.awaitApplied();
      assertThat(api.getJson("/api/traces/" + trace).path("trace").path("cost").asDouble()).isEqualTo(5.0);

      assertThat(api.post("/api/models", "{\"id\":\"x\"}".getBytes(), "Content-Type", "application/json")
          .errorMessage()).isEqualTo("prices: must be an array of 1 to 100 prices");
      assertThat(api.post("/api/models", "{".getBytes(), "Content-Type", "application/json").status()).isEqualTo(400);
      assertThat(api.get("/api/models?name=x").errorMessage()).isEqualTo("name: unknown parameter; known: [model]");
      String project = server.server().keys().access(api.key()).orElseThrow().projectId();
      ApiClient reader = api.withKey(server.server().keys().createKey(project, "dashboard", Role.READ));
      assertThat(reader.post("/api/models", model.getBytes(), "Content-Type", "application/json").status())
          .isEqualTo(403);
      assertThat(reader.get("/api/models").status()).isEqualTo(200);

      assertThat(api.delete("/api/models/gpt-4o").errorMessage()).startsWith("model gpt-4o is built in");
      assertThat(api.delete("/api/models/gpt-4o-negotiated").status()).isEqualTo(204);
      assertThat(api.delete("/api/models/gpt-4o-negotiated").status()).isEqualTo(404);
      assertThat(api.getJson("/api/models?model=gpt-4o").path("models").get(0).path("id").asText()).isEqualTo("gpt-4o");
      ApiClient admin = api.withKey(server.server().keys().createKey(project, "ops", Role.ADMIN));
      assertThat(admin.getJson("/api/audit").toString()).contains("model.put").contains("model.delete");
    }
  }

  private static JsonNode span(JsonNode tree, String spanId) {
    for (JsonNode s : tree.path("spans")) {
      if (s.path("spanId").asText().equals(spanId)) {
        return s;
      }
    }
    throw new AssertionError("no span " + spanId + " in " + tree);
  }
}
