package dev.sightline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sightline.testing.RealServer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A gateway instrumented with the OpenTelemetry Java SDK calls a service that records with the
 * Sightline SDK, which calls a second OpenTelemetry service; the {@code traceparent} header is
 * the only thing passed between them (OpenTelemetry's own W3C propagator on its sides). The OTel
 * spans go over OTLP/HTTP, the SDK's over the native API, and all read back as one tree.
 */
class OpenTelemetryContinuationEndToEndTest {
  private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();
  private static final TextMapGetter<Map<String, String>> HEADERS = new TextMapGetter<>() {
    @Override
    public Iterable<String> keys(Map<String, String> carrier) {
      return carrier.keySet();
    }

    @Override
    public String get(Map<String, String> carrier, String key) {
      return carrier == null ? null : carrier.get(key);
    }
  };

  @Test
  void openTelemetryAndSightlineServicesMakeOneTrace() throws Exception {
    try (RealServer server = RealServer.start();
        Sightline answerService = Sightline.builder().endpoint(server.endpoint()).apiKey(server.apiKey())
            .flushInterval(Duration.ofMillis(50)).shutdownHook(false).build();
        SdkTracerProvider otel = SdkTracerProvider.builder()
            .setResource(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "gateway")))
            .addSpanProcessor(SimpleSpanProcessor.create(OtlpHttpSpanExporter.builder()
                .setEndpoint(server.endpoint() + "/v1/traces")
                .addHeader("Authorization", "Bearer " + server.apiKey()).build()))
            .build()) {
      Tracer tracer = otel.get("interop");

      // The gateway (OpenTelemetry) calls the answer service with its context in the headers.
      io.opentelemetry.api.trace.Span gateway = tracer.spanBuilder("POST /ask").startSpan();
      Map<String, String> toAnswerService = new HashMap<>();
      W3C.inject(Context.root().with(gateway), toAnswerService, Map::put);

      // The answer service (Sightline SDK) continues it and calls the ranking service.
      Trace part = answerService.continueTrace("answer-service", toAnswerService.get("traceparent")).start();
      Span rank = part.tool("rank-documents").start();
      Map<String, String> toRanking = Map.of("traceparent", rank.traceparent());

      // The ranking service (OpenTelemetry) continues from the SDK's header.
      io.opentelemetry.api.trace.Span ranking = tracer.spanBuilder("rank")
          .setParent(W3C.extract(Context.root(), toRanking, HEADERS)).startSpan();
      ranking.end();
      rank.end();
      part.end();
      gateway.end();
      assertThat(answerService.flush(Duration.ofSeconds(10))).isTrue();
      otel.forceFlush().join(10, java.util.concurrent.TimeUnit.SECONDS);

      String traceId = gateway.getSpanContext().getTraceId();
      assertThat(part.traceId()).isEqualTo(traceId);
      assertThat(ranking.getSpanContext().getTraceId()).isEqualTo(traceId);
      JsonNode tree = server.await("/api/traces/" + traceId, t -> t.at("/totals/spanCount").asInt() == 4);
      assertThat(tree.at("/trace/name").asText()).isEqualTo("POST /ask");
      assertThat(tree.at("/trace/feature").asText()).isEqualTo("gateway");
      assertThat(tree.get("spans")).hasSize(1);
      JsonNode root = tree.at("/spans/0");
      assertThat(root.get("spanId").asText()).isEqualTo(gateway.getSpanContext().getSpanId());
      JsonNode partNode = root.at("/children/0");
      assertThat(partNode.get("name").asText()).isEqualTo("answer-service");
      JsonNode rankNode = partNode.at("/children/0");
      assertThat(rankNode.get("spanId").asText()).isEqualTo(rank.spanId());
      assertThat(rankNode.get("type").asText()).isEqualTo("tool");
      assertThat(rankNode.at("/children/0/spanId").asText()).isEqualTo(ranking.getSpanContext().getSpanId());
    }
  }
}
