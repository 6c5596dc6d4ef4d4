package dev.sightline.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sightline.server.testing.ApiClient;
import dev.sightline.server.testing.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Vercel's AI SDK from npm ({@code ai} 7 with {@code @ai-sdk/openai} and {@code @ai-sdk/otel}),
 * telemetry on, in a Node.js process ({@code interop/node/ai-sdk.mjs}): one {@code generateText}
 * call with a tool against a fake OpenAI-compatible endpoint on loopback, exported over OTLP/HTTP
 * to a Sightline server in this JVM and read back. The npm packages are installed by {@code npm ci}
 * from {@code interop/node/package-lock.json}; Node.js and npm must be on the PATH.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class VercelAiSdkTest {
  static final Path NODE = Path.of("node").toAbsolutePath();
  static final String ANSWER = "It is 18 degrees and sunny in Lyon.";

  @BeforeAll
  static void installPackages() throws Exception {
    run(List.of("npm", "ci", "--no-audit", "--no-fund"));
  }

  /** {@code LegacyOpenTelemetry}: the {@code ai.*} attributes of AI SDK versions up to 6. */
  @Test
  void legacyIntegrationMapsUserSessionTagsFunctionIdModelTokensAndTools(@TempDir Path dataDir) throws Exception {
    try (TestServer server = TestServer.start(dataDir)) {
      ApiClient client = server.newProject();
      JsonNode tree = client.awaitTrace(generate(client, "legacy"), 4);

      JsonNode trace = tree.path("trace");
      assertThat(trace.path("name").asText()).isEqualTo("weather-assistant");
      assertThat(trace.path("feature").asText()).isEqualTo("interop-ai-sdk");
      assertThat(trace.at("/user/id").asText()).isEqualTo("user-ai-sdk");
      assertThat(trace.path("sessionId").asText()).isEqualTo("session-ai-sdk");
      assertThat(trace.path("tags")).extracting(JsonNode::asText).containsExactly("weather", "node");
      assertThat(trace.at("/metadata/tenant").asText()).isEqualTo("acme");
      assertThat(tree.at("/totals/inputTokens").asInt()).as("the two model calls, counted once").isEqualTo(41 + 42);
      assertThat(tree.at("/totals/outputTokens").asInt()).isEqualTo(11 + 12);

      JsonNode root = tree.at("/spans/0");
      assertThat(root.path("type").asText()).isEqualTo("chain");
      assertThat(root.at("/output/text").asText()).isEqualTo(ANSWER);
      List<JsonNode> calls = list(root.path("children"));
      assertThat(calls).extracting(c -> c.path("type").asText()).containsExactly("generation", "generation");
      JsonNode first = calls.get(0);
      assertThat(first.path("provider").asText()).isEqualTo("openai");
      assertThat(first.path("model").asText()).isEqualTo("gpt-4o-mini-2024-07-18");
      assertThat(first.path("inputTokens").asInt()).isEqualTo(41);
      assertThat(first.at("/modelParameters/temperature").asDouble()).isEqualTo(0.3);
      assertThat(first.at("/input/1/content/0/text").asText()).isEqualTo("What is the weather in Lyon?");
      assertThat(first.at("/output/toolCalls/0/toolName").asText()).isEqualTo("weather");
      // The SDK starts the tool call inside the model call that asked for it.
      JsonNode tool = first.at("/children/0");
      assertThat(tool.path("type").asText()).isEqualTo("tool");
      assertThat(tool.at("/input/city").asText()).isEqualTo("Lyon");
      assertThat(tool.at("/output/celsius").asInt()).isEqualTo(18);
      assertThat(calls.get(1).path("output").asText()).isEqualTo(ANSWER);
    }
  }

  /**
   * {@code OpenTelemetry}, version 7's default integration, writes the GenAI conventions; it sends
   * no runtime context, so there is no user or session to map.
   */
  @Test
  void modernIntegrationMapsAgentModelCallsAndToolsOnce(@TempDir Path dataDir) throws Exception {
    try (TestServer server = TestServer.start(dataDir)) {
      ApiClient client = server.newProject();
      JsonNode tree = client.awaitTrace(generate(client, "modern"), 6);

      assertThat(tree.at("/trace/name").asText()).isEqualTo("weather-assistant");
      assertThat(tree.at("/totals/inputTokens").asInt()).as("the agent's sum is not counted again").isEqualTo(41 + 42);
      JsonNode agent = tree.at("/spans/0");
      assertThat(agent.path("type").asText()).isEqualTo("agent");
      List<JsonNode> steps = list(agent.path("children"));
      assertThat(steps).hasSize(2);
      List<JsonNode> first = list(steps.get(0).path("children"));
      assertThat(first).extracting(c -> c.path("type").asText()).containsExactly("generation", "tool");
      assertThat(first.get(0).path("model").asText()).isEqualTo("gpt-4o-mini-2024-07-18");
      assertThat(first.get(0).at("/input/0/role").asText()).isEqualTo("system");
      assertThat(first.get(1).path("name").asText()).isEqualTo("execute_tool weather");
      assertThat(first.get(1).at("/output/sky").asText()).isEqualTo("sunny");
      assertThat(steps.get(1).at("/children/0/output/0/parts/0/content").asText()).isEqualTo(ANSWER);
    }
  }

  /** Runs the script against the server; returns the trace id it reports. */
  private static String generate(ApiClient client, String integration) throws Exception {
    List<String> out = run(List.of("node", "ai-sdk.mjs", integration, client.base().toString(), client.key()));
    JsonNode result = ApiClient.parse(out.get(out.size() - 1));
    assertThat(result.path("text").asText()).isEqualTo(ANSWER);
    return result.path("traceId").asText();
  }

  private static List<String> run(List<String> command) throws IOException, InterruptedException {
    Path log = Files.createTempFile("interop-node", ".log");
    try {
      Process p = new ProcessBuilder(command).directory(NODE.toFile()).redirectErrorStream(true)
          .redirectOutput(log.toFile()).start();
      if (!p.waitFor(180, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      assertThat(p.exitValue()).as("%s:%n%s", command, String.join("\n", lines)).isZero();
      return lines;
    } finally {
      Files.deleteIfExists(log);
    }
  }

  private static List<JsonNode> list(JsonNode array) {
    return new ArrayList<>(StreamSupport.stream(array.spliterator(), false).toList());
  }
}
