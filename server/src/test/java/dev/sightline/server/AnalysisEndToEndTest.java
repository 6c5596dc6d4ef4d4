package dev.sightline.server;

import static dev.sightline.server.testing.Batch.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sightline.server.testing.ApiClient;
import dev.sightline.server.testing.Batch;
import dev.sightline.server.testing.TestServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /api/anomalies} and {@code /api/errors/patterns} over real HTTP on eight days of
 * generated traffic with a daily cycle: an injected latency spike and an error burst are found,
 * nothing else is; failures that differ only in ids and numbers make one pattern.
 */
class AnalysisEndToEndTest {
  private static final long HOUR = 3_600_000_000L;
  private static final long MS = 1000;
  @TempDir Path data;

  @Test
  void aLatencySpikeAndAnErrorBurstAreFoundAndTheirFailuresGrouped() {
    try (TestServer server = TestServer.builder(data).withoutOtlpGrpc().start()) {
      ApiClient api = server.newProject();
      long spikeHour = Batch.nowMicros() / HOUR * HOUR - HOUR;
      long burstHour = spikeHour - 30 * HOUR;
      List<String> burstTraces = ingest(api, spikeHour, burstHour);
      server.awaitApplied();

      String range = "from=" + (spikeHour - 2 * 24 * HOUR) + "&to=" + (spikeHour + HOUR);
      JsonNode found = api.getJson("/api/anomalies?" + range).path("anomalies");
      assertThat(StreamSupport.stream(found.spliterator(), false)
          .map(a -> a.path("feature").asText() + "/" + a.path("model").asText(null) + "/" + a.path("metric").asText()
              + "/" + a.path("direction").asText() + "@" + (a.path("bucketStart").asLong() == spikeHour ? "spike"
              : a.path("bucketStart").asLong() == burstHour ? "burst" : a.path("bucketStart").asLong())))
          .containsExactlyInAnyOrder("chat/null/latencyP95/up@spike", "null/m1/latencyP95/up@spike",
              "search/null/errorRate/up@burst", "null/m1/errorRate/up@burst");
      JsonNode spike = found.get(0);
      assertThat(spike.path("score").asDouble()).isGreaterThanOrEqualTo(4);
      assertThat(spike.path("value").asDouble()).isGreaterThan(3 * spike.path("baseline").asDouble());

      // Per model within one feature: the generations of search traces only.
      assertThat(api.getJson("/api/anomalies?feature=search&time=iso&" + range).path("anomalies"))
          .hasSize(2).allSatisfy(a -> {
            assertThat(a.path("feature").asText()).isEqualTo("search");
            assertThat(a.path("metric").asText()).isEqualTo("errorRate");
            assertThat(a.path("bucketStart").asText()).endsWith(":00:00.000000Z");
          });
      assertThat(api.get("/api/anomalies?feture=chat").errorMessage()).startsWith("feture: unknown parameter");
      assertThat(api.get("/api/anomalies?from=" + spikeHour + "&to=" + burstHour).errorMessage())
          .isEqualTo("to: must be after from");

      JsonNode patterns = api.getJson("/api/errors/patterns?from=" + burstHour + "&to=" + (burstHour + HOUR))
          .path("patterns");
      assertThat(patterns).hasSize(2);
      assertThat(patterns.get(0).path("pattern").asText())
          .isEqualTo("Timeout after <num> ms calling tool \"<str>\" (request <id>)");
      assertThat(patterns.get(0).path("count").asInt()).isEqualTo(burstTraces.size());
      assertThat(patterns.get(0).path("features")).extracting(JsonNode::asText).containsExactly("search");
      List<String> newest = new ArrayList<>(burstTraces.subList(burstTraces.size() - 5, burstTraces.size()));
      Collections.reverse(newest);
      assertThat(patterns.get(0).path("exampleTraceIds")).extracting(JsonNode::asText).containsExactlyElementsOf(newest);
      assertThat(patterns.get(1).path("pattern").asText()).isEqualTo("upstream <num> from <url>");
      assertThat(patterns.get(1).path("count").asInt()).isEqualTo(burstTraces.size());
      assertThat(patterns.get(1).path("features")).extracting(JsonNode::asText).containsExactly("search");
      assertThat(api.get("/api/errors/patterns?status=success").errorMessage())
          .isEqualTo("status: not taken here; error patterns are made of failures only");
    }
  }

  /**
   * Eight days up to the spike hour, each hour 30 "chat" and 30 "search" traces (more in the
   * afternoon), each with one generation; the spike hour's chat traces take 4 s, the burst hour's
   * search traces fail half of the time. Returns the failed traces' ids, oldest first.
   */
  private static List<String> ingest(ApiClient api, long spikeHour, long burstHour) {
    Random random = new Random(42);
    List<String> failed = new ArrayList<>();
    Batch batch = Batch.of();
    for (long hour = spikeHour - 8 * 24 * HOUR; hour <= spikeHour; hour += HOUR) {
      int perFeature = 30 + (int) (10 * Math.sin(2 * Math.PI * (hour / HOUR % 24) / 24));
      for (int i = 0; i < 2 * perFeature; i++) {
        String feature = i % 2 == 0 ? "chat" : "search";
        long start = hour + i * (HOUR / (2 * perFeature + 1));
        long millis = hour == spikeHour && feature.equals("chat") ? 4000 : 400 + random.nextInt(100);
        boolean fails = hour == burstHour && feature.equals("search") && i % 4 == 1;
        String traceId = Batch.traceId();
        batch.trace("traceId", traceId, "feature", feature, "startTime", start, "endTime", start + millis * MS,
            "status", fails ? "failure" : "success",
            "statusMessage", fails ? "Timeout after " + (1000 + i) + " ms calling tool 'web-" + i + "' (request "
                + Batch.spanId() + ")" : null);
        batch.span("traceId", traceId, "spanId", Batch.spanId(), "type", "generation", "model", "m1",
            "startTime", start, "endTime", start + (millis - 50) * MS, "totalTokens", 500, "cost", 0.001,
            "status", fails ? "failure" : "success",
            "error", fails ? obj("message", "upstream " + (500 + i % 4) + " from https://llm.example/v1/x?q=" + i) : null);
        if (fails) {
          failed.add(traceId);
        }
        if (batch.size() >= 800) {
          api.ingestOk(batch);
          batch = Batch.of();
        }
      }
    }
    api.ingestOk(batch);
    return failed;
  }
}
