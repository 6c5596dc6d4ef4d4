package dev.sightline.server.cli;

import static dev.sightline.server.testing.Batch.arr;
import static dev.sightline.server.testing.Batch.message;
import static dev.sightline.server.cli.MainTest.run;
import static dev.sightline.server.testing.Batch.obj;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sightline.server.testing.ApiClient;
import dev.sightline.server.testing.Batch;
import dev.sightline.server.testing.Exports;
import dev.sightline.server.testing.TestServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sightline export} then {@code sightline import} into an empty project against a real
 * server on loopback: the second project's export is the first's, byte for byte (same ids, fields,
 * spans, scores, and the rollups the server computes again).
 */
class ExportImportCommandTest {
  @TempDir Path dir;

  @Test
  void anExportImportedIntoAnEmptyProjectGivesTheSameTraces() throws Exception {
    try (TestServer server = TestServer.builder(dir.resolve("data")).withoutOtlpGrpc().start()) {
      ApiClient source = server.newProject();
      long t = Batch.nowMicros() - 60_000_000;
      Batch batch = Batch.of();
      for (int i = 0; i < 30; i++) {
        String trace = Batch.traceId();
        String root = Batch.spanId();
        batch.trace("traceId", trace, "feature", "chat", "name", "turn " + i, "startTime", t + i * 1000,
                "endTime", t + i * 1000 + 900, "user", obj("id", "u" + i % 3, "email", "a@example.com"),
                "input", obj("messages", arr(message("user", "q" + i))), "metadata", obj("n", i),
                "attributes", obj("region", "eu", "tier", 2), "tags", arr("x"))
            .span("traceId", trace, "spanId", root, "type", "agent", "startTime", t + i * 1000 + 1)
            .span("traceId", trace, "spanId", Batch.spanId(), "parentSpanId", root, "type", "generation",
                "model", "gpt-4o", "provider", "openai", "startTime", t + i * 1000 + 2, "endTime", t + i * 1000 + 800,
                "input", arr(message("user", "q" + i)), "output", "a" + i, "inputTokens", 10 + i,
                "outputTokens", 5, "cost", 0.001 * i, "costDetails", obj("input", 0.0005 * i, "output", 0.0005 * i))
            .score("traceId", trace, "name", "quality", "value", i % 2, "comment", "c", "source", "annotation");
      }
      source.ingestOk(batch);
      server.awaitApplied();
      Path file = dir.resolve("export.jsonl");
      MainTest.Run export = run("export", "--url", server.uri().toString(), "--key", source.key(), "-o", file.toString());
      assertThat(export.status()).as(export.out()).isZero();
      assertThat(export.out()).contains("Exported 30 lines to " + file + "; skipped 0");
      assertThat(Files.readAllLines(file)).hasSize(30);

      ApiClient target = server.newProject();
      MainTest.Run imported = run("import", "--url", server.uri().toString(), "--key", target.key(), "--batch", "25",
          file.toString());
      assertThat(imported.status()).as(imported.out() + imported.err()).isZero();
      assertThat(imported.out()).contains("Imported 30 traces from " + file + ".");
      server.awaitApplied();

      String original = Files.readString(file);
      assertThat(Exports.get(target, "/api/export/traces").text()).isEqualTo(original);

      MainTest.Run refused = run("export", "--url", server.uri().toString(), "--key", source.key(), "-o", file.toString(),
          "--filter", "feture=x");
      assertThat(refused.status()).isEqualTo(2);
      assertThat(refused.err()).contains("the server refused the export (400)").contains("feture: unknown parameter");
    }
  }

  @Test
  void progressShowsCountRateBytesAndTimeLeftWhenTheTotalIsKnown() {
    Progress p = new Progress(new PrintWriter(new StringWriter()), true, "traces", () -> 0);
    assertThat(p.line(5000, 25L << 20, 100L << 20, 10)).isEqualTo("5,000 traces  500/s  25.0 MB of 100.0 MB  25%  0:30 left");
    assertThat(p.line(7, 1L << 20, -1, 0)).isEqualTo("7 traces  0/s  1.0 MB");
  }

  @Test
  void lineEndsAreCountedExactly() {
    SplittableRandom random = new SplittableRandom(11);
    for (int round = 0; round < 2_000; round++) {
      byte[] buffer = new byte[random.nextInt(0, 200)];
      for (int i = 0; i < buffer.length; i++) {
        // Line ends among bytes near them in value and with the high bit set (UTF-8).
        buffer[i] = (byte) switch (random.nextInt(6)) {
          case 0 -> '\n';
          case 1 -> random.nextInt(0, 16);
          case 2 -> random.nextInt(0x80, 0x100);
          case 3 -> 0x8A;
          default -> random.nextInt(0x20, 0x7F);
        };
      }
      int n = random.nextInt(0, buffer.length + 1);
      int expected = 0;
      for (int i = 0; i < n; i++) {
        expected += buffer[i] == '\n' ? 1 : 0;
      }
      assertThat(ExportCommand.newlines(buffer, n)).isEqualTo(expected);
    }
  }
}
