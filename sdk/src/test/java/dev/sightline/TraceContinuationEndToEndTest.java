package dev.sightline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sightline.testing.RealServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Two services, each with its own client, joined by a {@code traceparent} header: the gateway
 * starts the trace and calls the answer service under its span "call-answer-service"; the answer
 * service continues the trace from the header. One trace reads back from the real server.
 */
class TraceContinuationEndToEndTest {

  @Test
  void traceparentJoinsOneTraceAcrossTwoServices() throws Exception {
    try (RealServer server = RealServer.start();
        Sightline gateway = client(server);
        Sightline answerService = client(server)) {
      Trace trace = gateway.trace("support-chat").input("Where is my parcel?").start();
      Span call = trace.span("call-answer-service").start();
      String header;
      try (Scope ignored = call.makeCurrent()) {
        header = SightlineContext.traceparent().orElseThrow();
      }
      assertThat(header).isEqualTo("00-" + trace.traceId() + "-" + call.spanId() + "-01");

      // The answer service, given only the header.
      Trace part = answerService.continueTrace("answer-service", header).input("parcel question")
          .user(User.of("user-7")).sessionId("session-7").start();
      assertThat(part.traceId()).isEqualTo(trace.traceId());
      Generation g = part.generation("draft").model("gpt-4o-mini").start();
      g.end("It ships tomorrow.", 20, 5, 0.001);
      part.end("It ships tomorrow.");
      assertThat(answerService.flush(Duration.ofSeconds(10))).isTrue();

      call.end();
      trace.end("It ships tomorrow.");
      assertThat(gateway.flush(Duration.ofSeconds(10))).isTrue();

      JsonNode tree = server.await("/api/traces/" + trace.traceId(), t -> t.at("/totals/spanCount").asInt() == 3);
      JsonNode t = tree.get("trace");
      assertThat(t.get("name").asText()).as("the gateway's, not overwritten").isEqualTo("support-chat");
      assertThat(t.get("feature").asText()).isEqualTo("support-chat");
      assertThat(t.get("input").asText()).isEqualTo("Where is my parcel?");
      assertThat(t.at("/user/id").asText()).as("trace-wide fields of the continuation").isEqualTo("user-7");
      assertThat(t.get("sessionId").asText()).isEqualTo("session-7");
      assertThat(tree.get("spans")).hasSize(1);
      JsonNode callNode = tree.at("/spans/0");
      assertThat(callNode.get("spanId").asText()).isEqualTo(call.spanId());
      JsonNode partNode = callNode.at("/children/0");
      assertThat(partNode.get("name").asText()).isEqualTo("answer-service");
      assertThat(partNode.get("parentSpanId").asText()).isEqualTo(call.spanId());
      assertThat(partNode.get("input").asText()).isEqualTo("parcel question");
      assertThat(partNode.get("output").asText()).isEqualTo("It ships tomorrow.");
      assertThat(partNode.get("status").asText()).isEqualTo("success");
      JsonNode generation = partNode.at("/children/0");
      assertThat(generation.get("spanId").asText()).isEqualTo(g.spanId());
      assertThat(generation.get("model").asText()).isEqualTo("gpt-4o-mini");
      assertThat(part.traceparent()).isEqualTo("00-" + trace.traceId() + "-" + partNode.get("spanId").asText() + "-01");
    }
  }

  @Test
  void aMalformedHeaderStartsANewTraceAndIsCounted() throws Exception {
    try (RealServer server = RealServer.start(); Sightline s = client(server)) {
      Trace trace = s.continueTrace("answer-service", "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01")
          .start();
      assertThat(trace.traceId()).isNotEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
      trace.end();
      assertThat(s.flush(Duration.ofSeconds(10))).isTrue();
      JsonNode tree = server.await("/api/traces/" + trace.traceId(), x -> x.has("trace"));
      assertThat(tree.at("/trace/name").asText()).isEqualTo("answer-service");
      assertThat(s.stats().recordingErrors()).isEqualTo(1);
      assertThat(s.continueTrace("answer-service", null).start().traceId()).hasSize(32);
      assertThat(s.stats().recordingErrors()).as("no header is not an error").isEqualTo(1);
    }
  }

  private static Sightline client(RealServer server) {
    return Sightline.builder().endpoint(server.endpoint()).apiKey(server.apiKey())
        .flushInterval(Duration.ofMillis(50)).shutdownHook(false).build();
  }
}
