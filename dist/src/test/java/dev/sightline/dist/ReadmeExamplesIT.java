package dev.sightline.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sightline.server.testing.ApiClient;
import dev.sightline.server.testing.Batch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shell examples of the README and of {@code docs/}, run as written by bash against a fresh
 * server (only the key and the port are filled in), so that what a newcomer types stays true: every
 * batch is taken whole, every read answers without an error, and what was sent reads back, recent
 * enough for the UI's default range.
 */
class ReadmeExamplesIT {
  private static final String KEY = "sl_readme_test_" + Batch.unique();
  private static final Path ROOT = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent();
  private static final Pattern SH_BLOCK = Pattern.compile("(?m)^( *)```sh\n(.*?)\n *```$", Pattern.DOTALL);
  private static final String MARK = "@@example ";

  @TempDir Path data;
  @TempDir Path logs;
  @TempDir Path work;

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void sendATraceAndReadItBack() throws Exception {
    String readme = Files.readString(ROOT.resolve("README.md"));
    String script = shBlocks(readme.substring(readme.indexOf("Send a trace and read it back"))).get(0);
    assertThat(script).contains("KEY=...", "127.0.0.1:7600");
    try (ServerProcess server = ServerProcess.start(data, KEY, logs.resolve("server.log"))) {
      String out = bash(filledIn(script, server), work);

      String ingest = out.substring(0, out.indexOf('}') + 1);
      assertThat(ingest).isEqualTo("{\"accepted\":2,\"rejected\":0,\"errors\":[]}");
      JsonNode tree = new ObjectMapper().readTree(out.substring(ingest.length()));
      assertThat(tree.path("trace").path("feature").asText()).as(out).isEqualTo("support-chat");
      assertThat(tree.path("spans")).hasSize(1);
      assertRecent(tree.path("trace"));
    }
  }

  /**
   * Every {@code sh} block of the API, privacy, costs, OTLP, analysis and export guides, in order, in one shell per guide after the
   * API guide's conventions block (which sets {@code SL}, {@code KEY}, a fresh trace id and the
   * time). A second between blocks stands for the reader, and the one-second visibility the guides
   * state. The CLI's {@code ./sightline} is the jar the launcher runs; {@code batch.json}, which the
   * compression example names as the reader's own file, is a small batch.
   */
  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void everyShellExampleOfTheGuidesRuns() throws Exception {
    Path dataDir = work.resolve("sightline-data"); // what the CLI examples name with --data
    Files.writeString(work.resolve("batch.json"), "{\"batch\":[{\"type\":\"trace\",\"body\":{\"traceId\":\""
        + Batch.traceId() + "\",\"name\":\"zipped\",\"startTime\":" + Batch.nowMicros() + "}}]}");
    try (ServerProcess server = ServerProcess.start(dataDir, KEY, logs.resolve("server.log"))) {
      List<String> api = shBlocks(Files.readString(ROOT.resolve("docs/api.md")));
      assertThat(api.get(0)).as("the conventions block comes first").contains("KEY=...", "TRACE=");
      List<String> otlp = shBlocks(Files.readString(ROOT.resolve("docs/otlp.md")));
      ApiClient client = server.client(KEY);

      String trace = runGuide(api, api.get(0), server, 14);
      JsonNode tree = client.getJson("/api/traces/" + trace);
      assertRecent(tree.path("trace"));
      assertThat(tree.path("trace").path("referenceId").asText()).isEqualTo("ticket-4711");
      JsonNode generation = tree.path("spans").get(0).path("children").get(0);
      assertThat(generation.path("model").asText()).isEqualTo("gpt-4o-mini");
      assertThat(generation.has("endTime")).as("ended by the partial update").isTrue();
      assertThat(client.getJson("/api/traces?name=zipped").path("items")).hasSize(1);
      assertThat(ServerProcess.cli("project", "list", "--data", dataDir.toString())).contains("shop");

      List<String> privacy = shBlocks(Files.readString(ROOT.resolve("docs/privacy.md")));
      runGuide(privacy, api.get(0), server, 2);
      assertThat(client.getJson("/api/settings").path("masking").path("rules").get(0).path("pattern").asText())
          .isEqualTo("ORD-\\d{6}");

      List<String> costs = shBlocks(Files.readString(ROOT.resolve("docs/costs.md")));
      JsonNode priced = client.getJson("/api/traces/" + runGuide(costs, api.get(0), server, 3)).path("spans").get(0);
      assertThat(priced.path("model").asText()).isEqualTo("acme/support-ft-v2");
      assertThat(priced.path("costInferred").asBoolean()).isTrue();
      assertThat(priced.path("cost").asDouble()).isCloseTo(priced.path("inputTokens").asLong() * 0.40e-6
          + priced.path("outputTokens").asLong() * 1.60e-6, within(1e-12));

      String otlpTrace = runGuide(otlp, api.get(0), server, 2);
      assertThat(otlpTrace).isNotEqualTo(trace);
      JsonNode span = client.getJson("/api/traces/" + otlpTrace).path("spans").get(0);
      assertThat(span.path("type").asText()).isEqualTo("generation");
      assertRecent(span);

      List<String> analysis = shBlocks(Files.readString(ROOT.resolve("docs/analysis.md")));
      runGuide(analysis, api.get(0), server, 4);
      assertThat(client.getJson("/api/settings").path("anomalyWebhookUrl").asText())
          .isEqualTo("https://hooks.example.com/sightline");
      JsonNode pattern = client.getJson("/api/errors/patterns?feature=support-chat").path("patterns").get(0);
      assertThat(pattern.path("pattern").asText()).isEqualTo("Timeout after <num> ms calling tool search (request <id>)");
      assertThat(pattern.path("count").asInt()).isEqualTo(2);

      List<String> export = shBlocks(Files.readString(ROOT.resolve("docs/export.md")));
      runGuide(export, api.get(0), server, 4);
      assertThat(Files.readAllLines(work.resolve("traces.jsonl"))).isNotEmpty();
    }
  }

  /**
   * Runs a guide's blocks in one shell after {@code setup}, checks each block's output, and
   * returns the trace id the shell ended with.
   */
  private String runGuide(List<String> blocks, String setup, ServerProcess server, int expected) throws Exception {
    assertThat(blocks).hasSize(expected);
    StringBuilder script = new StringBuilder(filledIn(setup, server)).append('\n');
    for (int i = 0; i < blocks.size(); i++) {
      if (blocks.get(i).equals(setup)) {
        continue;
      }
      script.append("echo '").append(MARK).append(i).append("'\n").append(filledIn(blocks.get(i), server))
          .append("\necho\nsleep 1\n");
    }
    script.append("echo \"").append(MARK).append("trace $TRACE\"\n");
    String out = bash(script.toString(), work);
    String[] parts = out.split(Pattern.quote(MARK));
    for (String part : parts) {
      assertThat(part).as("example %s", part.lines().findFirst().orElse(""))
          .doesNotContain("\"error\"", "curl: (").doesNotContainPattern("\"rejected\":[1-9]");
    }
    String last = parts[parts.length - 1];
    assertThat(last).startsWith("trace ");
    return last.substring("trace ".length()).strip();
  }

  /** The example with this test's key, server and jar in place of the documented ones. */
  private static String filledIn(String example, ServerProcess server) {
    return example.replace("KEY=...", "KEY=" + KEY)
        .replace("http://127.0.0.1:7600", server.uri().toString().replaceAll("/$", ""))
        .replace("./sightline ", "java -jar " + System.getProperty("sightline.jar") + " ");
  }

  private static String bash(String script, Path dir) throws IOException, InterruptedException {
    Process bash = new ProcessBuilder("bash", "-eo", "pipefail", "-c", script).directory(dir.toFile())
        .redirectErrorStream(true).start();
    String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(bash.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(bash.exitValue()).as(out).isZero();
    return out;
  }

  /** The text of every {@code sh} block, in order, without the indentation of a block in a list. */
  private static List<String> shBlocks(String markdown) {
    List<String> blocks = new ArrayList<>();
    Matcher m = SH_BLOCK.matcher(markdown);
    while (m.find()) {
      blocks.add(m.group(2).replaceAll("(?m)^" + m.group(1), ""));
    }
    return blocks;
  }

  private static void assertRecent(JsonNode row) {
    long ageMicros = System.currentTimeMillis() * 1000 - row.path("startTime").asLong();
    assertThat(ageMicros).as("within the UI's default last 24 hours").isBetween(-5_000_000L, 3_600_000_000L);
  }
}
