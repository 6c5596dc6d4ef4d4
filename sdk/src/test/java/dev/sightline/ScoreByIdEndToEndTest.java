package dev.sightline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sightline.testing.RealServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Scores by id reach the real server: stored on their trace and span, completed by the project's
 * score config, and a score that misses its config is refused alone and counted as rejected.
 */
class ScoreByIdEndToEndTest {

  @Test
  void scoresByIdAreStoredHeldToTheirConfigAndAMisfitIsRejectedAlone() throws Exception {
    try (RealServer server = RealServer.start()) {
      put(server, "helpfulness", "{\"dataType\": \"numeric\", \"min\": 1, \"max\": 5}");
      put(server, "tone", "{\"dataType\": \"categorical\", \"categories\": [{\"label\": \"polite\", \"value\": 1}]}");
      Sightline s = Sightline.builder().endpoint(server.endpoint()).apiKey(server.apiKey())
          .flushInterval(Duration.ofMillis(50)).shutdownHook(false).build();
      Trace trace = s.trace("support").start();
      Span span = trace.span("lookup").start();
      span.end();
      trace.end();
      assertThat(s.flush(Duration.ofSeconds(10))).isTrue();

      s.score(trace.traceId(), null, Score.of("helpfulness", 4).withComment("clear"));
      s.score(trace.traceId(), span.spanId(), Score.labeled("tone", "polite").withSource(Score.Source.ANNOTATION));
      s.score(trace.traceId(), null, Score.of("helpfulness", 9));
      assertThat(s.flush(Duration.ofSeconds(10))).isTrue();

      JsonNode scores = server.await("/api/scores?traceId=" + trace.traceId(), r -> r.get("items").size() == 2)
          .get("items");
      assertThat(scores).extracting(x -> x.get("name").asText() + " " + x.get("value").asDouble() + " "
          + x.path("label").asText("-") + " " + x.get("source").asText())
          .containsExactlyInAnyOrder("helpfulness 4.0 - feedback", "tone 1.0 polite annotation");
      JsonNode tree = server.get("/api/traces/" + trace.traceId());
      assertThat(tree.get("scores")).hasSize(1);
      assertThat(s.stats().rejected()).isEqualTo(1);
      s.shutdown(Duration.ofSeconds(5));
    }
  }

  private static void put(RealServer server, String name, String config) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create(server.endpoint() + "/api/score-configs/" + name))
        .header("Authorization", "Bearer " + server.apiKey()).header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(config)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
  }
}
