package dev.sightline.server;

import static dev.sightline.server.testing.ApiClient.parse;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sightline.server.testing.ApiClient;
import dev.sightline.server.testing.TestServer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.exporter.otlp.internal.HttpExporterBuilder;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The real OpenTelemetry Java SDK and its OTLP exporters as clients: an instrumented LLM app's
 * spans (agent, chat generation, tool) go out over OTLP/HTTP protobuf, OTLP/HTTP JSON and
 * OTLP/gRPC, and read back through the query API as one tree with types, model, usage and
 * messages mapped.
 */
class OtlpEndToEndTest {
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

  /** An exporter of one transport, made for a server and an API key. */
  record Transport(String name, BiFunction<TestServer, String, SpanExporter> exporter) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Transport> transports() {
    return Stream.of(
        new Transport("OTLP/HTTP protobuf, gzip", (s, key) -> http(s, key).setCompression("gzip").build()),
        new Transport("OTLP/HTTP JSON", (s, key) -> json(http(s, key)).build()),
        new Transport("OTLP/gRPC, gzip", (s, key) -> OtlpGrpcSpanExporter.builder()
            .setEndpoint("http://127.0.0.1:" + s.otlpGrpcPort())
            .addHeader("Authorization", "Bearer " + key).setCompression("gzip").build()));
  }

  static OtlpHttpSpanExporterBuilder http(TestServer s, String key) {
    return OtlpHttpSpanExporter.builder().setEndpoint(s.uri() + "/v1/traces")
        .addHeader("Authorization", "Bearer " + key);
  }

  /**
   * The HTTP exporter's own JSON encoding: the SDK has it (for OTLP/HTTP JSON) but its public
   * builder has no switch for it yet, so the test turns on the builder's internal one.
   */
  static OtlpHttpSpanExporterBuilder json(OtlpHttpSpanExporterBuilder builder) {
    try {
      Field delegate = OtlpHttpSpanExporterBuilder.class.getDeclaredField("delegate");
      delegate.setAccessible(true);
      ((HttpExporterBuilder) delegate.get(builder)).exportAsJson();
      return builder;
    } catch (ReflectiveOperationException e) {
      throw new AssertionError("the OTLP exporter's internals changed", e);
    }
  }

  /** Records what an OTel-instrumented support agent does, and exports it; returns the trace id. */
  static String recordAgentRun(SpanExporter exporter, String user) {
    SdkTracerProvider provider = SdkTracerProvider.builder()
        .setResource(Resource.getDefault().merge(Resource.create(Attributes.of(
            AttributeKey.stringKey("service.name"), "support-bot",
            AttributeKey.stringKey("service.version"), "2.1.0",
            AttributeKey.stringKey("deployment.environment.name"), "staging"))))
        .addSpanProcessor(BatchSpanProcessor.builder(exporter).build())
        .build();
    try {
      Tracer tracer = provider.get("support-bot-instrumentation", "1.0");
      Span agent = tracer.spanBuilder("invoke_agent support")
          .setAttribute("gen_ai.operation.name", "invoke_agent")
          .setAttribute("gen_ai.agent.name", "support")
          .setAttribute("user.id", user)
          .setAttribute("gen_ai.conversation.id", "conv-" + user)
          .startSpan();
      try (Scope a = agent.makeCurrent()) {
        Span chat = tracer.spanBuilder("chat gpt-4o").setSpanKind(SpanKind.CLIENT)
            .setAttribute("gen_ai.operation.name", "chat")
            .setAttribute("gen_ai.provider.name", "openai")
            .setAttribute("gen_ai.request.model", "gpt-4o")
            .setAttribute("gen_ai.response.model", "gpt-4o-2024-08-06")
            .setAttribute("gen_ai.request.temperature", 0.2)
            .setAttribute("gen_ai.request.max_tokens", 256L)
            .setAttribute("gen_ai.usage.input_tokens", 420L)
            .setAttribute("gen_ai.usage.output_tokens", 85L)
            .setAttribute("gen_ai.input.messages",
                "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"Weather in Paris?\"}]}]")
            .setAttribute("gen_ai.output.messages", "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"tool_call\","
                + "\"id\":\"call_1\",\"name\":\"get_weather\",\"arguments\":{\"city\":\"Paris\"}}]}]")
            .startSpan();
        try (Scope c = chat.makeCurrent()) {
          Span tool = tracer.spanBuilder("execute_tool get_weather")
              .setAttribute("gen_ai.operation.name", "execute_tool")
              .setAttribute("gen_ai.tool.name", "get_weather")
              .setAttribute("gen_ai.tool.call.id", "call_1")
              .setAttribute("gen_ai.tool.call.arguments", "{\"city\":\"Paris\"}")
              .setAttribute("gen_ai.tool.call.result", "{\"forecast\":\"rain\"}")
              .startSpan();
          tool.addEvent("cache.miss", Attributes.of(AttributeKey.stringKey("key"), "paris"));
          tool.recordException(new IllegalStateException("weather API timed out"));
          tool.setStatus(StatusCode.ERROR);
          tool.end();
        }
        chat.end();
      }
      agent.end();
      CompletableResultCode flushed = provider.forceFlush().join(20, TimeUnit.SECONDS);
      assertThat(flushed.isSuccess()).as("the exporter delivered the spans").isTrue();
      return agent.getSpanContext().getTraceId();
    } finally {
      provider.shutdown().join(20, TimeUnit.SECONDS);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transports")
  void spansOfAnInstrumentedAppReadBackAsOneTree(Transport transport) {
    ApiClient api = server.newProject();
    String traceId = recordAgentRun(transport.exporter().apply(server, api.key()), "u-7");

    JsonNode tree = api.awaitTrace(traceId, 4);
    JsonNode trace = tree.path("trace");
    assertThat(trace.path("name").asText()).as("a root agent span names its trace after the agent").isEqualTo("support");
    assertThat(trace.path("feature").asText()).isEqualTo("support-bot");
    assertThat(trace.path("release").asText()).isEqualTo("2.1.0");
    assertThat(trace.path("environment").asText()).isEqualTo("staging");
    assertThat(trace.path("user").path("id").asText()).isEqualTo("u-7");
    assertThat(trace.path("sessionId").asText()).isEqualTo("conv-u-7");
    assertThat(trace.path("models")).containsExactly(parse("\"gpt-4o-2024-08-06\""));
    assertThat(tree.path("totals").path("inputTokens").asLong()).isEqualTo(420);

    assertThat(tree.path("spans")).hasSize(1);
    JsonNode agent = tree.path("spans").get(0);
    assertThat(agent.path("type").asText()).isEqualTo("agent");
    assertThat(agent.path("attributes").path("gen_ai.agent.name").asText()).isEqualTo("support");
    assertThat(agent.path("attributes").path("telemetry.sdk.language").asText()).isEqualTo("java");
    assertThat(agent.path("metadata").path("otel.scope.name").asText()).isEqualTo("support-bot-instrumentation");

    JsonNode chat = agent.path("children").get(0);
    assertThat(chat.path("type").asText()).isEqualTo("generation");
    assertThat(chat.path("name").asText()).isEqualTo("chat gpt-4o");
    assertThat(chat.path("provider").asText()).isEqualTo("openai");
    assertThat(chat.path("model").asText()).isEqualTo("gpt-4o-2024-08-06");
    assertThat(chat.path("modelParameters")).isEqualTo(parse("{\"model\":\"gpt-4o\",\"temperature\":0.2,\"max_tokens\":256}"));
    assertThat(chat.path("inputTokens").asLong()).isEqualTo(420);
    assertThat(chat.path("outputTokens").asLong()).isEqualTo(85);
    assertThat(chat.path("totalTokens").asLong()).isEqualTo(505);
    assertThat(chat.path("input").get(0).path("parts").get(0).path("content").asText()).isEqualTo("Weather in Paris?");
    assertThat(chat.path("output").get(0).path("parts").get(0).path("name").asText()).isEqualTo("get_weather");
    assertThat(chat.path("metadata").path("otel.kind").asText()).isEqualTo("client");
    assertThat(chat.path("status").asText()).isEqualTo("success");

    JsonNode tool = chat.path("children").get(0);
    assertThat(tool.path("type").asText()).isEqualTo("tool");
    assertThat(tool.path("input")).isEqualTo(parse("{\"city\":\"Paris\"}"));
    assertThat(tool.path("output")).isEqualTo(parse("{\"forecast\":\"rain\"}"));
    assertThat(tool.path("status").asText()).isEqualTo("failure");
    assertThat(tool.path("statusMessage").asText()).isEqualTo("java.lang.IllegalStateException: weather API timed out");
    assertThat(tool.path("error").path("stacktrace").asText()).contains("recordAgentRun");

    JsonNode event = tool.path("children").get(0);
    assertThat(event.path("type").asText()).isEqualTo("event");
    assertThat(event.path("name").asText()).isEqualTo("cache.miss");
    assertThat(event.path("attributes").path("key").asText()).isEqualTo("paris");
    assertThat(event.path("duration").asLong()).isZero();
  }

  @Test
  void aWrongKeyFailsTheExportAndStoresNothing() {
    ApiClient api = server.newProject();
    for (Transport transport : transports().toList()) {
      SpanExporter exporter = transport.exporter().apply(server, "sl_not-a-key-of-anyone");
      List<CompletableResultCode> exports = new CopyOnWriteArrayList<>();
      SdkTracerProvider provider = SdkTracerProvider.builder()
          .addSpanProcessor(SimpleSpanProcessor.create(new SpanExporter() {
            @Override
            public CompletableResultCode export(Collection<SpanData> spans) {
              CompletableResultCode result = exporter.export(spans);
              exports.add(result);
              return result;
            }

            @Override
            public CompletableResultCode flush() {
              return exporter.flush();
            }

            @Override
            public CompletableResultCode shutdown() {
              return exporter.shutdown();
            }
          })).build();
      Span span = provider.get("t").spanBuilder("refused").startSpan();
      span.end();
      provider.forceFlush().join(20, TimeUnit.SECONDS);
      assertThat(exports).singleElement().satisfies(result ->
          assertThat(result.join(20, TimeUnit.SECONDS).isSuccess()).as(transport.name()).isFalse());
      provider.shutdown().join(20, TimeUnit.SECONDS);
      server.awaitApplied();
      assertThat(api.get("/api/traces/" + span.getSpanContext().getTraceId()).status()).isEqualTo(404);
    }
  }
}
