package dev.sightline.dist;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sightline.server.testing.ApiClient;
import dev.sightline.server.testing.ApiResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web UI served by the shaded jar, exercised in Debian's headless Chromium: the Node script
 * {@code ui/e2e/browser-test.mjs} (playwright-core) runs against the server on loopback after
 * {@link UiFixture} has ingested its data through the API. Screenshots of every main page go to
 * {@code target/screenshots/}, the 10,000-span timings to {@code target/ui-bench.json}, the
 * script's output to {@code target/browser-test.log}.
 */
class WebUiIT {
  private static final String KEY = "sl_ui_test_key_0123456789";
  private static final Path UI = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent().resolve("ui");
  private static final Path TARGET = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().resolve("target");

  @TempDir
  Path tmp;

  @Test
  @Timeout(value = 15, unit = TimeUnit.MINUTES)
  void theWebUiWorksInChromium() throws IOException, InterruptedException {
    try (ServerProcess server = ServerProcess.start(tmp.resolve("data"), KEY, tmp.resolve("server.log"))) {
      ApiClient api = server.client(KEY);
      servesTheAppBesideTheApi(api);
      UiFixture fixture = UiFixture.ingest(api);
      Path chromiumLog = TARGET.resolve("ensure-chromium.log");
      int chromium = run(List.of("bash", "e2e/ensure-chromium.sh"), Map.of(), chromiumLog, 10);
      assertThat(chromium).as(Files.readString(chromiumLog)).isZero();
      Path log = TARGET.resolve("browser-test.log");
      String printed = ServerProcess.cli("key", "create", "default", "--read-only", "--name", "ui-viewer",
          "--data", tmp.resolve("data").toString());
      int exit = run(List.of("node", "e2e/browser-test.mjs"), Map.of(
          "SIGHTLINE_URL", server.uri().toString(),
          "SIGHTLINE_KEY", KEY,
          "SIGHTLINE_READ_KEY", printed.substring(printed.indexOf("sl_")).trim(),
          "SIGHTLINE_FIXTURE", new ObjectMapper().writeValueAsString(fixture.toMap()),
          "SCREENSHOT_DIR", TARGET.resolve("screenshots").toString(),
          "BENCH_OUT", TARGET.resolve("ui-bench.json").toString()), log, 10);
      String output = Files.readString(log);
      System.out.println(output);
      assertThat(exit).as(output).isZero();
      assertThat(output).contains(" 0 failed");
      assertThat(TARGET.resolve("screenshots/trace.png")).isRegularFile();
    }
  }

  /** The app at / and at client routes, hashed assets cached for good, and the API, health and metrics untouched. */
  private static void servesTheAppBesideTheApi(ApiClient api) {
    for (String path : List.of("/", "/traces/4bf92f3577b34da6a3ce929d0e0e4736?span=x", "/sessions/s-1")) {
      ApiResponse page = api.get(path);
      assertThat(page.status()).as(path).isEqualTo(200);
      assertThat(page.header("content-type")).as(path).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
      assertThat(page.header("cache-control")).as(path).hasValueSatisfying(c -> assertThat(c).contains("no-cache"));
      assertThat(page.text()).contains("<div id=\"root\">");
    }
    String index = api.get("/").text();
    String script = index.replaceAll("(?s).*src=\"(/assets/[^\"]+\\.js)\".*", "$1");
    ApiResponse asset = api.get(script);
    assertThat(asset.status()).as(script).isEqualTo(200);
    assertThat(asset.header("content-type")).hasValueSatisfying(t -> assertThat(t).contains("javascript"));
    assertThat(asset.header("cache-control")).hasValueSatisfying(c -> assertThat(c).contains("immutable"));
    assertThat(api.get(script, "Accept-Encoding", "gzip").header("content-encoding")).hasValue("gzip");
    assertThat(api.get("/assets/missing.js").status()).isEqualTo(404);
    assertThat(api.get("/api/no-such-route").json().path("error").path("status").asInt()).isEqualTo(404);
    assertThat(api.withKey(null).get("/api/traces").status()).isEqualTo(401);
    assertThat(api.get("/health").json().path("status").asText()).isEqualTo("ok");
    assertThat(api.get("/metrics").text()).contains("sightline_ingest_queue_rows");
  }

  /** Runs a command in the ui module's folder with its output in {@code log}; returns its exit status. */
  private static int run(List<String> command, Map<String, String> env, Path log, int minutes)
      throws IOException, InterruptedException {
    Files.createDirectories(log.getParent());
    ProcessBuilder pb = new ProcessBuilder(command).directory(UI.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    pb.environment().putAll(env);
    Process p = pb.start();
    p.getOutputStream().close();
    if (!p.waitFor(minutes, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError(command + " did not finish within " + minutes + " minutes:\n"
          + Files.readString(log, StandardCharsets.UTF_8));
    }
    return p.exitValue();
  }
}
