package dev.sightline.dist;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sightline.server.testing.ApiClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Langfuse's own JS SDKs from npm, pointed at the shaded jar by base URL and keys alone, as a team
 * switching from Langfuse would: v5 ({@code @langfuse/tracing} + {@code @langfuse/otel}, OTLP to
 * {@code /api/public/otel/v1/traces}) and the deprecated v3 client ({@code langfuse}, batches to
 * {@code /api/public/ingestion}). Each records an agent with a generation (with usage) and a tool,
 * which reads back with user, session, model and tokens. The scripts and their pinned packages
 * live in {@code dist/langfuse-js}; {@code npm ci} installs them there.
 */
class LangfuseJsIT {
  private static final String KEY = "sl_langfuse_js_test_key_0123";
  private static final Path SCRIPTS = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().resolve("langfuse-js");
  private static final Path TARGET = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().resolve("target");

  @TempDir
  Path tmp;

  @BeforeAll
  static void installPackages() throws IOException, InterruptedException {
    String out = node(List.of("npm", "ci", "--no-audit", "--no-fund"), Map.of(), "npm-ci", 10);
    assertThat(Files.isDirectory(SCRIPTS.resolve("node_modules/@langfuse/otel"))).as(out).isTrue();
  }

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void bothSdksRecordAnAgentRunThatReadsBack() throws IOException, InterruptedException {
    try (ServerProcess server = ServerProcess.start(tmp.resolve("data"), KEY, tmp.resolve("server.log"))) {
      ApiClient api = server.client(KEY);
      Map<String, String> env = Map.of("LANGFUSE_BASE_URL", server.uri().toString(),
          "LANGFUSE_PUBLIC_KEY", "pk-lf-anything", "LANGFUSE_SECRET_KEY", KEY);

      String v5 = traceId(node(List.of("node", "v5.mjs"), env, "langfuse-v5", 2));
      JsonNode otel = api.awaitTrace(v5, 3);
      assertAgentRun(otel, "user-v5", "session-v5");

      String v3 = traceId(node(List.of("node", "v3.mjs"), env, "langfuse-v3", 2));
      String hex = v3.replace("-", "");
      JsonNode ingested = api.awaitTrace(hex, t -> t.path("totals").path("spanCount").asInt() == 3
          && t.path("scores").size() == 1 && t.path("trace").has("output"));
      assertAgentRun(ingested, "user-v3", "session-v3");
      assertThat(ingested.path("trace").path("name").asText()).isEqualTo("support-chat");
      assertThat(ingested.path("trace").path("referenceId").asText()).isEqualTo(v3);
      assertThat(ingested.path("scores").get(0).path("name").asText()).isEqualTo("user-feedback");

      ApiClient wrong = server.client(null);
      assertThat(wrong.post("/api/public/ingestion", "{\"batch\": []}".getBytes(StandardCharsets.UTF_8),
          "Authorization", "Basic cGstbGY6c2stbGYtd3Jvbmc=").status()).isEqualTo(401);
    }
  }

  /** agent → (generation with model and usage, tool), on a trace of the user and session. */
  private static void assertAgentRun(JsonNode tree, String user, String session) {
    JsonNode trace = tree.path("trace");
    assertThat(trace.path("user").path("id").asText()).isEqualTo(user);
    assertThat(trace.path("sessionId").asText()).isEqualTo(session);
    assertThat(trace.path("models").get(0).asText()).isEqualTo("gpt-4o-mini");
    assertThat(tree.path("totals").path("inputTokens").asLong()).isEqualTo(420);
    assertThat(tree.path("totals").path("outputTokens").asLong()).isEqualTo(85);
    assertThat(tree.path("spans")).hasSize(1);
    JsonNode agent = tree.path("spans").get(0);
    assertThat(agent.path("type").asText()).isEqualTo("agent");
    assertThat(agent.path("name").asText()).isEqualTo("support-agent");
    assertThat(agent.path("children")).hasSize(2);
    // Children are in start order; the v3 client's millisecond times may tie, so find them by name.
    JsonNode generation = child(agent, "draft-answer");
    assertThat(generation.path("type").asText()).isEqualTo("generation");
    assertThat(generation.path("model").asText()).isEqualTo("gpt-4o-mini");
    assertThat(generation.path("modelParameters").path("temperature").asDouble()).isEqualTo(0.2);
    assertThat(generation.path("inputTokens").asLong()).isEqualTo(420);
    assertThat(generation.path("outputTokens").asLong()).isEqualTo(85);
    assertThat(generation.path("output").path("content").asText()).isEqualTo("Let me look it up.");
    JsonNode tool = child(agent, "lookup-parcel");
    assertThat(tool.path("type").asText()).isEqualTo("tool");
    assertThat(tool.path("output").path("status").asText()).isEqualTo("shipped");
  }

  private static JsonNode child(JsonNode span, String name) {
    for (JsonNode child : span.path("children")) {
      if (child.path("name").asText().equals(name)) {
        return child;
      }
    }
    throw new AssertionError("no child span " + name + " in " + span);
  }

  private static String traceId(String output) throws IOException {
    String last = output.strip().lines().reduce((a, b) -> b).orElse("");
    return new ObjectMapper().readTree(last).path("traceId").asText();
  }

  /**
   * Runs a command in {@code dist/langfuse-js}, its output kept in {@code target/<name>.log};
   * fails unless it exits 0, and returns the output.
   */
  private static String node(List<String> command, Map<String, String> env, String name, int minutes)
      throws IOException, InterruptedException {
    Path log = TARGET.resolve(name + ".log");
    Files.createDirectories(TARGET);
    ProcessBuilder pb = new ProcessBuilder(command).directory(SCRIPTS.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    pb.environment().putAll(env);
    Process p = pb.start();
    p.getOutputStream().close();
    boolean done = p.waitFor(minutes, TimeUnit.MINUTES);
    if (!done) {
      p.destroyForcibly();
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(done && p.exitValue() == 0).as(command + " exited 0 within " + minutes + " min:\n" + output).isTrue();
    return output;
  }
}
