package dev.sightline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sightline.testing.StubServer;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Sampling is decided per trace id, and a trace is kept or dropped with everything in it. */
class SamplingTest {

  @Test
  void tracesAreKeptOrDroppedWhole() throws Exception {
    try (StubServer stub = StubServer.start()) {
      Sightline s = Sightline.builder().endpoint(stub.endpoint()).apiKey("k").sampleRate(0.5)
          .shutdownHook(false).build();
      Set<String> kept = new HashSet<>();
      int traces = 400;
      for (int i = 0; i < traces; i++) {
        Trace t = s.trace("sampled").start();
        Span a = t.span("a").start();
        a.generation("g").start().end("x");
        a.end();
        t.feedback(Feedback.of("THUMBS_UP"));
        t.end();
        if (t.isRecorded()) {
          kept.add(t.traceId());
        }
      }
      assertThat(s.flush(Duration.ofSeconds(10))).isTrue();
      assertThat(kept.size()).isBetween(140, 260); // 0.5 of 400, far outside chance otherwise
      assertThat(s.stats().sampledOut()).isEqualTo(traces - kept.size());
      Map<String, Integer> itemsPerTrace = new HashMap<>();
      for (JsonNode item : stub.items()) {
        itemsPerTrace.merge(item.get("body").get("traceId").asText(), 1, Integer::sum);
      }
      assertThat(itemsPerTrace.keySet()).isEqualTo(kept);
      // start + end trace events (or one, if the end overtook the start), 2 spans, 1 score
      assertThat(itemsPerTrace.values()).allMatch(n -> n == 4 || n == 5);
      s.shutdown(Duration.ofSeconds(5));
    }
  }

  @Test
  void rateZeroRecordsNothingAndRateOneEverything() {
    Sightline none = Sightline.builder().endpoint("http://127.0.0.1:9").apiKey("k").sampleRate(0)
        .shutdownHook(false).build();
    Sightline all = Sightline.builder().endpoint("http://127.0.0.1:9").apiKey("k").sampleRate(1)
        .shutdownHook(false).build();
    for (int i = 0; i < 100; i++) {
      assertThat(none.trace("f").start().isRecorded()).isFalse();
      assertThat(all.trace("f").start().isRecorded()).isTrue();
    }
    none.shutdown(Duration.ofMillis(10));
    all.shutdown(Duration.ofMillis(10));
  }
}
