package dev.sightline.dist;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sightline.server.testing.Batch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "send a trace and read it back" example, run as written by bash against a fresh
 * server (only the key and the port are filled in), so that the first thing a newcomer types stays
 * true: the batch is taken, and the trace reads back, recent enough for the UI's default range.
 */
class ReadmeExamplesIT {
  private static final String KEY = "sl_readme_test_" + Batch.unique();
  private static final Path README = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent()
      .resolve("README.md");

  @TempDir Path data;
  @TempDir Path logs;

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void sendATraceAndReadItBack() throws Exception {
    String script = shellBlockAfter("Send a trace and read it back");
    assertThat(script).contains("KEY=...", "127.0.0.1:7600");
    try (ServerProcess server = ServerProcess.start(data, KEY, logs.resolve("server.log"))) {
      String run = script.replace("KEY=...", "KEY=" + KEY)
          .replace("http://127.0.0.1:7600", server.uri().toString().replaceAll("/$", ""));
      Process bash = new ProcessBuilder("bash", "-euo", "pipefail", "-c", run).redirectErrorStream(true).start();
      String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(bash.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(bash.exitValue()).as(out).isZero();

      String ingest = out.substring(0, out.indexOf('}') + 1);
      assertThat(ingest).isEqualTo("{\"accepted\":2,\"rejected\":0,\"errors\":[]}");
      JsonNode tree = new ObjectMapper().readTree(out.substring(ingest.length()));
      assertThat(tree.path("trace").path("feature").asText()).as(out).isEqualTo("support-chat");
      assertThat(tree.path("spans")).hasSize(1);
      long ageMicros = System.currentTimeMillis() * 1000 - tree.path("trace").path("startTime").asLong();
      assertThat(ageMicros).as("within the UI's default last 24 hours").isBetween(0L, 3_600_000_000L);
    }
  }

  private static String shellBlockAfter(String heading) throws IOException {
    String readme = Files.readString(README);
    int at = readme.indexOf(heading);
    assertThat(at).as("'%s' in the README", heading).isNotNegative();
    int start = readme.indexOf("```sh\n", at) + "```sh\n".length();
    return readme.substring(start, readme.indexOf("\n```", start));
  }
}
