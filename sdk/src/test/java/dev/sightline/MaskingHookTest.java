package dev.sightline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sightline.testing.StubServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The application's mask runs on every free-text value before it is sent, and never on names, ids
 * or tags; a mask that fails withholds the value.
 */
class MaskingHookTest {
  private static final String SECRET = "4111111111111111";

  @Test
  void freeTextIsMaskedBeforeItLeavesTheProcess() throws Exception {
    try (StubServer stub = StubServer.start()) {
      Sightline s = Sightline.builder().endpoint(stub.endpoint()).apiKey("k").shutdownHook(false)
          .mask(text -> text.replace(SECRET, "[CARD]")).build();
      Trace t = s.trace("pay-" + SECRET).input("card " + SECRET).metadata("note", "card " + SECRET)
          .tags("tag-" + SECRET).attribute("card", SECRET).start();
      Span span = t.tool("charge").input(Map.of("card", SECRET, "items", List.of(SECRET))).start();
      span.fail(new IllegalStateException("declined " + SECRET));
      t.end("charged " + SECRET);
      assertThat(s.flush(Duration.ofSeconds(10))).isTrue();

      // The trace may arrive as a start and an end item, or as one: look for each field where it is.
      assertThat(field(stub, "input").asText()).isEqualTo("card [CARD]");
      assertThat(field(stub, "output").asText()).isEqualTo("charged [CARD]");
      assertThat(field(stub, "metadata").path("note").asText()).isEqualTo("card [CARD]");
      assertThat(field(stub, "attributes").path("card").asText()).isEqualTo("[CARD]");
      assertThat(field(stub, "feature").asText()).as("a name").isEqualTo("pay-" + SECRET);
      assertThat(field(stub, "tags").get(0).asText()).as("a label").isEqualTo("tag-" + SECRET);
      JsonNode tool = stub.bodies("span").get(0);
      assertThat(tool.path("input").toString()).contains("[CARD]").doesNotContain(SECRET);
      assertThat(tool.path("error").toString()).contains("declined [CARD]").doesNotContain(SECRET);
      assertThat(tool.path("statusMessage").asText("")).doesNotContain(SECRET);
      s.shutdown(Duration.ofSeconds(5));
    }
  }

  @Test
  void aMaskThatFailsWithholdsTheValue() throws Exception {
    try (StubServer stub = StubServer.start()) {
      Sightline s = Sightline.builder().endpoint(stub.endpoint()).apiKey("k").shutdownHook(false)
          .mask(text -> {
            if (text.contains("boom")) {
              throw new IllegalStateException("mask bug");
            }
            return text.contains("null") ? null : text;
          }).build();
      s.trace("f").input("boom " + SECRET).start().end("null " + SECRET);
      assertThat(s.flush(Duration.ofSeconds(10))).isTrue();

      assertThat(field(stub, "input").asText()).isEqualTo("[MASKING_FAILED]");
      assertThat(field(stub, "output").asText()).isEqualTo("[MASKING_FAILED]");
      s.shutdown(Duration.ofSeconds(5));
    }
  }

  /** The field as the last trace item that carries it has it. */
  private static JsonNode field(StubServer stub, String name) {
    List<JsonNode> traces = stub.bodies("trace");
    for (int i = traces.size() - 1; i >= 0; i--) {
      if (traces.get(i).has(name)) {
        return traces.get(i).get(name);
      }
    }
    throw new AssertionError("no trace item has " + name + ": " + traces);
  }
}
