package dev.sightline.langchain4j.example;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sightline.Sightline;
import dev.sightline.testing.RealServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The example, run as its documentation says, records the trace it promises. */
class TravelAssistantTest {

  @Test
  void recordsTheToolRoundAndTheStreamedTipInOneTrace() throws Exception {
    try (RealServer server = RealServer.start();
        Sightline sightline = Sightline.builder().endpoint(server.endpoint()).apiKey(server.apiKey())
            .flushInterval(Duration.ofMillis(50)).shutdownHook(false).build();
        FakeOpenAi openAi = FakeOpenAi.start("gpt-4o-mini-2024-07-18")) {
      String traceId = TravelAssistant.run(sightline, openAi);

      JsonNode tree = server.await("/api/traces/" + traceId,
          t -> RealServer.countSpans(t.path("spans")) == 4 && t.path("trace").path("status").asText().equals("success"));
      assertThat(tree.path("trace").path("feature").asText()).isEqualTo("travel-assistant");
      List<String> steps = new ArrayList<>();
      tree.path("spans").forEach(s -> steps.add(s.path("type").asText() + " " + s.path("name").asText()));
      assertThat(steps).containsExactly("generation chat gpt-4o-mini", "tool weather",
          "generation chat gpt-4o-mini", "generation chat gpt-4o-mini");
      assertThat(tree.path("spans").get(3).has("completionStartTime")).isTrue();
      assertThat(tree.path("totals").path("inputTokens").asLong()).isEqualTo(52 + 88 + 30);
    }
  }
}
