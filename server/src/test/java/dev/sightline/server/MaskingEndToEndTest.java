package dev.sightline.server;

import static dev.sightline.server.testing.Batch.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sightline.server.testing.ApiClient;
import dev.sightline.server.testing.ApiResponse;
import dev.sightline.server.testing.Batch;
import dev.sightline.server.testing.Otlp;
import dev.sightline.server.testing.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Masking set through {@code /api/settings} applies to native and OTLP ingest before anything is
 * written: the values come back masked and counted, and the raw values are nowhere in the data
 * directory (write-ahead log, store, payloads, search index), even after a restart replays the log.
 */
class MaskingEndToEndTest {
  private static final String EMAIL = "ada.lovelace@example.com";
  private static final String CARD = "4111 1111 1111 1111";
  private static final String API_KEY = "sk-proj-Zq8Xw2Lr5Tn9Vb3Hk7Jm1Pc4";
  private static final String PASSWORD = "correct-horse-battery-staple";
  private static final String SETTINGS = "{\"masking\":{\"detectors\":{\"email\":true,\"creditCard\":true,"
      + "\"apiKey\":true},\"rules\":[{\"name\":\"ORDER_ID\",\"pattern\":\"ORD-\\\\d{6}\"}],"
      + "\"dropPaths\":[\"metadata.password\"]}}";

  @TempDir Path data;

  @Test
  void maskedBeforeItReachesTheDisk() throws Exception {
    String trace = Batch.traceId();
    String otlpTrace;
    try (TestServer server = TestServer.start(data)) {
      ApiClient api = server.newProject();
      ApiClient other = server.newProject();
      JsonNode defaults = api.getJson("/api/settings");
      assertThat(defaults.path("masking").path("detectors").path("email").asBoolean(true)).isFalse();

      ApiResponse bad = api.putJson("/api/settings", "{\"masking\":{\"rules\":[{\"name\":\"X\",\"pattern\":\"[\"}]}}");
      assertThat(bad.status()).isEqualTo(400);
      assertThat(bad.errorMessage()).startsWith("masking.rules[0].pattern: not a valid regular expression");
      assertThat(api.putJson("/api/settings", "{\"colour\": 1}").errorMessage())
          .isEqualTo("colour: unknown setting; there are masking, retentionDays and anomalyWebhookUrl");
      assertThat(api.putJson("/api/settings", "{").errorMessage()).startsWith("malformed JSON");

      ApiResponse put = api.putJson("/api/settings", SETTINGS);
      assertThat(put.status()).as(put.toString()).isEqualTo(200);
      assertThat(put.json().path("masking").path("detectors").path("email").asBoolean()).isTrue();
      assertThat(api.getJson("/api/settings")).isEqualTo(put.json());

      api.ingestOk(Batch.of()
          .trace("traceId", trace, "name", "support", "input", "I am " + EMAIL + ", order ORD-123456",
              "metadata", obj("password", PASSWORD, "channel", "web"))
          .span("traceId", trace, "spanId", Batch.spanId(), "type", "generation", "name", "answer",
              "input", List.of(obj("role", "user", "content", "my card is " + CARD)),
              "output", obj("role", "assistant", "content", "use key " + API_KEY)));
      otlpTrace = Otlp.TRACE;
      byte[] otlp = Otlp.json(Otlp.request(List.of("service.name", "bot"), Otlp.span(Otlp.ROOT, "chat gpt-4o",
          "gen_ai.operation.name", "chat",
          "gen_ai.input.messages", "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"mail "
              + EMAIL + "\"}]}]")));
      assertThat(api.post("/v1/traces", otlp, "Content-Type", "application/json").status()).isEqualTo(200);
      other.ingestOk(Batch.of().trace("traceId", trace, "input", "unmasked " + EMAIL));
      server.awaitApplied();

      JsonNode tree = api.getJson("/api/traces/" + trace);
      assertThat(tree.path("trace").path("input").asText()).isEqualTo("I am [EMAIL], order [ORDER_ID]");
      assertThat(tree.path("trace").path("metadata").toString()).isEqualTo("{\"channel\":\"web\"}");
      JsonNode span = tree.path("spans").get(0);
      assertThat(span.path("input").toString()).contains("my card is [CREDIT_CARD]");
      assertThat(span.path("output").path("content").asText()).isEqualTo("use key [API_KEY]");
      assertThat(tree.path("masked").toString())
          .isEqualTo("{\"API_KEY\":1,\"CREDIT_CARD\":1,\"DROPPED\":1,\"EMAIL\":1,\"ORDER_ID\":1}");
      assertThat(api.getJson("/api/traces/" + otlpTrace).path("spans").get(0).path("input").toString())
          .contains("mail [EMAIL]").doesNotContain(EMAIL);
      assertThat(api.getJson("/api/traces?q=lovelace").path("items")).isEmpty();
      assertThat(other.getJson("/api/traces/" + trace).path("trace").path("input").asText())
          .as("another project's settings").isEqualTo("unmasked " + EMAIL);
    }
    assertThat(filesContaining(CARD, API_KEY, PASSWORD, "ORD-123456")).isEmpty();

    try (TestServer again = TestServer.start(data)) { // the log replays the masked rows
      again.awaitApplied();
      assertThat(filesContaining(CARD, API_KEY, PASSWORD, "ORD-123456")).isEmpty();
    }
  }

  /** Files of the data directory holding any of the values, as text or as its UTF-8 bytes. */
  private List<String> filesContaining(String... values) throws IOException {
    List<String> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(data)) {
      for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        for (String value : values) {
          if (content.contains(value)) {
            found.add(data.relativize(file) + " holds " + value);
          }
        }
      }
    }
    return found;
  }
}
