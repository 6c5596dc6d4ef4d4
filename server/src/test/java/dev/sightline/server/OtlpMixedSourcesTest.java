package dev.sightline.server;

import static dev.sightline.server.testing.Otlp.bytes;
import static dev.sightline.server.testing.Otlp.span;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sightline.server.testing.ApiClient;
import dev.sightline.server.testing.Batch;
import dev.sightline.server.testing.GrpcExport;
import dev.sightline.server.testing.Otlp;
import dev.sightline.server.testing.TestServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.Span;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The spans of one trace arriving in several requests, out of order, over OTLP/HTTP JSON,
 * OTLP/gRPC, OTLP/HTTP protobuf and the native API: they assemble into one tree and one trace.
 */
class OtlpMixedSourcesTest {
  @TempDir static Path data;
  static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start(data);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void spansFromEverySourceAssembleIntoOneTree() {
    ApiClient api = server.newProject();
    String trace = Batch.traceId();
    String root = Batch.spanId();
    String chat = Batch.spanId();
    String tool = Batch.spanId();
    String retrieval = Batch.spanId();
    long t0 = Batch.nowMicros() * 1000 - 60_000_000_000L;

    // The deepest span first, as OTel SDKs export spans when they end.
    ExportTraceServiceRequest toolExport = export(span(tool, "execute_tool lookup",
        "gen_ai.operation.name", "execute_tool", "gen_ai.tool.call.arguments", "{\"order\":4711}")
        .setParentSpanId(bytes(chat)), trace, t0 + 300_000_000L);
    assertThat(api.post("/v1/traces", Otlp.json(toolExport), "Content-Type", "application/json")
        .status()).isEqualTo(200);

    // The application's own SDK adds a span and the trace's business fields natively.
    api.ingestOk(Batch.of()
        .span("traceId", trace, "spanId", retrieval, "parentSpanId", chat, "type", "retrieval",
            "name", "search-orders", "startTime", t0 / 1000 + 100_000, "endTime", t0 / 1000 + 200_000)
        .trace("traceId", trace, "user", Batch.obj("id", "u-42"), "tags", Batch.arr("vip")));

    GrpcExport.Answer grpc = GrpcExport.export(server.otlpGrpcPort(), api.key(), export(span(chat, "chat",
        "gen_ai.operation.name", "chat", "gen_ai.request.model", "gpt-4o-mini", "gen_ai.usage.input_tokens", 50)
        .setParentSpanId(bytes(root)), trace, t0 + 50_000_000L).toByteArray(), false);
    assertThat(grpc.status()).isZero();

    // The root ends last.
    assertThat(api.post("/v1/traces", export(span(root, "handle-question"), trace, t0).toByteArray(),
        "Content-Type", "application/x-protobuf").status()).isEqualTo(200);

    JsonNode tree = api.awaitTrace(trace, 4);
    JsonNode t = tree.path("trace");
    assertThat(t.path("name").asText()).isEqualTo("handle-question");
    assertThat(t.path("feature").asText()).isEqualTo("mixed-app");
    assertThat(t.path("user").path("id").asText()).as("kept from the native event").isEqualTo("u-42");
    assertThat(t.path("tags")).hasSize(1);
    assertThat(t.path("spanCount").asInt()).isEqualTo(4);
    assertThat(t.path("models").get(0).asText()).isEqualTo("gpt-4o-mini");
    assertThat(tree.path("spans")).hasSize(1);
    JsonNode rootNode = tree.path("spans").get(0);
    assertThat(rootNode.path("spanId").asText()).isEqualTo(root);
    JsonNode chatNode = rootNode.path("children").get(0);
    assertThat(chatNode.path("type").asText()).isEqualTo("generation");
    assertThat(ApiClient.values(chatNode.path("children"), "spanId")).containsExactly(retrieval, tool);
    assertThat(ApiClient.values(chatNode.path("children"), "type")).containsExactly("retrieval", "tool");
    assertThat(api.getJson("/api/traces").path("items")).hasSize(1);
  }

  /** One span of the trace, starting at {@code startNanos} and lasting 100 ms, from "mixed-app". */
  private static ExportTraceServiceRequest export(Span.Builder span, String trace, long startNanos) {
    span.setTraceId(bytes(trace)).setStartTimeUnixNano(startNanos).setEndTimeUnixNano(startNanos + 100_000_000L);
    return Otlp.request(List.of("service.name", "mixed-app"), span);
  }
}
