package dev.sightline.server;

import static dev.sightline.server.OtlpBadInputTest.frame;
import static dev.sightline.server.OtlpBadInputTest.statusMessage;
import static dev.sightline.server.testing.Otlp.bytes;
import static dev.sightline.server.testing.Otlp.span;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sightline.server.testing.ApiClient;
import dev.sightline.server.testing.ApiResponse;
import dev.sightline.server.testing.Batch;
import dev.sightline.server.testing.GrpcExport;
import dev.sightline.server.testing.Otlp;
import dev.sightline.server.testing.TestServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile spans over OTLP/HTTP (protobuf and JSON) and OTLP/gRPC: times out of range, token counts
 * and costs past their bounds, strings that are not UTF-8, lone surrogates and NUL. Each such span
 * is rejected alone, in the partial success, with the field at fault; its neighbours are stored.
 * Requests that cannot be read (gzip with trailing bytes, malformed UTF-8 in OTLP/JSON) are
 * refused whole.
 */
class OtlpHostileInputTest {
  /** Four bytes in a span that a test replaces by four others, so that protobuf lengths hold. */
  static final String RAW = "QQQQ";

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

  /**
   * A hostile span between two good ones.
   *
   * @param raw the 4 bytes that replace {@link #RAW} in the protobuf request, or null
   */
  record Hostile(String name, String message, UnaryOperator<Span.Builder> span, byte[] raw) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Hostile> spans() {
    String nanos = "must be unix nanoseconds between years 2000 and 2100";
    return Stream.of(
        hostile("start in 2262, at the signed maximum", "startTimeUnixNano: " + nanos,
            s -> s.setStartTimeUnixNano(Long.MAX_VALUE)),
        hostile("end at the unsigned maximum", "endTimeUnixNano: " + nanos, s -> s.setEndTimeUnixNano(-1)),
        hostile("start in 1970", "startTimeUnixNano: " + nanos, s -> s.setStartTimeUnixNano(1)),
        hostile("event at 2^63 unsigned, in 2262", "events[0].timeUnixNano: " + nanos,
            s -> s.addEvents(Span.Event.newBuilder().setName("e").setTimeUnixNano(Long.MIN_VALUE))),
        hostile("tokens at the long maximum", "gen_ai.usage.input_tokens: must be an integer from 0 to 9007199254740991",
            s -> s.addAttributes(Otlp.kv("gen_ai.usage.input_tokens", Long.MAX_VALUE))),
        hostile("cost of 1.7e308", "cost: must be at most 1e9",
            s -> s.addAttributes(Otlp.kv("llm.cost.total", 1.7e308))),
        hostile("NUL in the name", "name: must not contain NUL (U+0000)", s -> s.setName("a\u0000b")),
        hostile("NUL in an attribute", "attributes: must not contain NUL (U+0000)",
            s -> s.addAttributes(Otlp.kv("note", "a\u0000b"))),
        raw("malformed UTF-8 in the name", "name: not valid UTF-8", s -> s.setName(RAW), 'x', 0xC3, 0x28, 'y'),
        raw("overlong UTF-8 in an attribute", "attributes[\"note\"]: not valid UTF-8",
            s -> s.addAttributes(Otlp.kv("note", RAW)), 0xC1, 0x81, 'a', 'b'),
        raw("encoded surrogate in an event name", "events[0]: not valid UTF-8",
            s -> s.addEvents(Otlp.event(RAW, 1)), 0xED, 0xA0, 0x80, 'z'));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("spans")
  void overHttpProtobufAHostileSpanIsRejectedAlone(Hostile bad) throws Exception {
    ApiClient api = server.newProject();
    String trace = Batch.traceId();
    ApiResponse r = api.post("/v1/traces", request(trace, bad), "Content-Type", "application/x-protobuf");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    ExportTraceServiceResponse response = ExportTraceServiceResponse.parseFrom(r.body());
    assertThat(response.getPartialSuccess().getRejectedSpans()).isEqualTo(1);
    assertThat(response.getPartialSuccess().getErrorMessage()).startsWith("1 of 3 spans rejected: span 1 ")
        .contains(bad.message());
    assertNeighboursStored(api, trace);
  }

  @ParameterizedTest(name = "gRPC: {0}")
  @MethodSource("spans")
  void overGrpcAHostileSpanIsRejectedAlone(Hostile bad) throws Exception {
    ApiClient api = server.newProject();
    String trace = Batch.traceId();
    GrpcExport.Answer answer = GrpcExport.export(server.otlpGrpcPort(), api.key(), request(trace, bad), true);
    assertThat(answer.status()).as(answer.message()).isZero();
    ExportTraceServiceResponse response = ExportTraceServiceResponse.parseFrom(answer.response());
    assertThat(response.getPartialSuccess().getRejectedSpans()).isEqualTo(1);
    assertThat(response.getPartialSuccess().getErrorMessage()).contains("span 1 ").contains(bad.message());
    assertNeighboursStored(api, trace);
  }

  /** OTLP/JSON carries what protobuf cannot: lone surrogates, as escapes. */
  static Stream<Hostile> jsonSpans() {
    String surrogate = "must not contain an unpaired surrogate";
    return Stream.of(
        hostile("lone surrogate in the name", "name: " + surrogate, s -> s.setName("x" + RAW)),
        hostile("lone surrogate in an attribute", "attributes: " + surrogate,
            s -> s.addAttributes(Otlp.kv("note", RAW))),
        hostile("NUL in the name", "name: must not contain NUL (U+0000)", s -> s.setName("a\u0000b")),
        hostile("tokens past 2^53 - 1", "gen_ai.usage.output_tokens: must be an integer from 0 to 9007199254740991",
            s -> s.addAttributes(Otlp.kv("gen_ai.usage.output_tokens", 9_007_199_254_740_992L))),
        hostile("start in 1970", "startTimeUnixNano: must be unix nanoseconds", s -> s.setStartTimeUnixNano(1)));
  }

  @ParameterizedTest(name = "JSON: {0}")
  @MethodSource("jsonSpans")
  void overHttpJsonAHostileSpanIsRejectedAlone(Hostile bad) {
    ApiClient api = server.newProject();
    String trace = Batch.traceId();
    byte[] body = replace(Otlp.json(Otlp.request(List.of("service.name", "hostile"), good(trace, Otlp.ROOT, "good"),
        bad.span().apply(Otlp.child("1111111111111111", "hostile").setTraceId(bytes(trace))),
        good(trace, Otlp.CHILD, "good-2").setParentSpanId(bytes(Otlp.ROOT)))),
        "\\ud800".getBytes(StandardCharsets.US_ASCII));
    ApiResponse r = api.post("/v1/traces", body, "Content-Type", "application/json");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(r.json().path("partialSuccess").path("rejectedSpans").asText()).isEqualTo("1");
    assertThat(r.json().path("partialSuccess").path("errorMessage").asText())
        .startsWith("1 of 3 spans rejected: span 1 ").contains(bad.message());
    assertNeighboursStored(api, trace);
  }

  /** Malformed UTF-8 in OTLP/JSON cannot be tied to its span by a streaming reader: the request is refused. */
  @Test
  void malformedUtf8InOtlpJsonIsA400ForTheRequest() {
    ApiClient api = server.newProject();
    byte[] body = replace(Otlp.json(Otlp.request(List.of("service.name", "hostile"),
        good(Batch.traceId(), Otlp.ROOT, "x" + RAW))), new byte[] {(byte) 0xC1, (byte) 0x81});
    ApiResponse r = api.post("/v1/traces", body, "Content-Type", "application/json");
    assertThat(r.status()).as(r.toString()).isEqualTo(400);
    assertThat(statusMessage(r)).startsWith("name: not valid UTF-8 (line 1, column ");
    assertNothingStoredAndServing(api);
  }

  /** A resource whose attributes are not UTF-8 sinks all its spans, and so the request. */
  @Test
  void malformedUtf8InTheResourceRejectsItsSpans() {
    ApiClient api = server.newProject();
    byte[] body = replace(Otlp.request(List.of("service.name", RAW), good(Batch.traceId(), Otlp.ROOT, "a"),
        good(Batch.traceId(), Otlp.CHILD, "b")).toByteArray(), new byte[] {'a', (byte) 0xFF, 'b', 'c'});
    ApiResponse r = api.post("/v1/traces", body, "Content-Type", "application/x-protobuf");
    assertThat(r.status()).as(r.toString()).isEqualTo(400);
    assertThat(statusMessage(r)).isEqualTo("2 of 2 spans rejected: span 0 resource: an attribute is not valid UTF-8; "
        + "span 1 resource: an attribute is not valid UTF-8");
    assertNothingStoredAndServing(api);
  }

  @Test
  void gzipWithTrailingBytesIsRefusedOverHttpAndGrpc() {
    ApiClient api = server.newProject();
    byte[] body = concat(Batch.gzip(Otlp.request(List.of("service.name", "hostile"),
        good(Batch.traceId(), Otlp.ROOT, "a")).toByteArray()), "junk".getBytes(StandardCharsets.US_ASCII));
    ApiResponse r = api.post("/v1/traces", body, "Content-Type", "application/x-protobuf", "Content-Encoding", "gzip");
    assertThat(r.status()).as(r.toString()).isEqualTo(400);
    assertThat(statusMessage(r)).contains("4 bytes follow the end of the gzip data");
    GrpcExport.Answer grpc = GrpcExport.call(server.otlpGrpcPort(), api.key(), frame(body, true),
        "application/grpc", "gzip");
    assertThat(grpc.status()).isEqualTo(3);
    assertThat(grpc.message()).contains("4 bytes follow the end of the gzip data");
    assertNothingStoredAndServing(api);
  }

  /** The request: good spans 0 and 2 of a fresh trace around the hostile span 1, in protobuf. */
  private static byte[] request(String trace, Hostile bad) {
    byte[] body = Otlp.request(List.of("service.name", "hostile"), good(trace, Otlp.ROOT, "good"),
        bad.span().apply(Otlp.child("1111111111111111", "hostile").setTraceId(bytes(trace))),
        good(trace, Otlp.CHILD, "good-2").setParentSpanId(bytes(Otlp.ROOT))).toByteArray();
    return bad.raw() == null ? body : replace(body, bad.raw());
  }

  private static Span.Builder good(String trace, String spanId, String name) {
    return span(spanId, name).setTraceId(bytes(trace));
  }

  private static void assertNothingStoredAndServing(ApiClient api) {
    server.awaitApplied();
    assertThat(api.getJson("/api/traces").path("items")).isEmpty();
    assertThat(api.getJson("/api/spans").path("items")).isEmpty();
    assertThat(api.getJson("/health").path("status").asText()).isEqualTo("ok");
  }

  private static void assertNeighboursStored(ApiClient api, String trace) {
    api.awaitTrace(trace, 2);
    assertThat(ApiClient.field(api.getJson("/api/spans"), "name")).containsExactlyInAnyOrder("good", "good-2");
    assertThat(api.getJson("/api/traces").path("items")).hasSize(1);
    assertThat(api.getJson("/health").path("status").asText()).isEqualTo("ok");
  }

  private static Hostile hostile(String name, String message, UnaryOperator<Span.Builder> span) {
    return new Hostile(name, message, span, null);
  }

  private static Hostile raw(String name, String message, UnaryOperator<Span.Builder> span, int... raw) {
    byte[] b = new byte[raw.length];
    for (int i = 0; i < raw.length; i++) {
      b[i] = (byte) raw[i];
    }
    return new Hostile(name, message, span, b);
  }

  /** The bytes with the first {@link #RAW} replaced, if there is one. */
  private static byte[] replace(byte[] body, byte[] raw) {
    byte[] marker = RAW.getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i + marker.length <= body.length; i++) {
      if (Arrays.equals(body, i, i + marker.length, marker, 0, marker.length)) {
        return concat(Arrays.copyOfRange(body, 0, i), raw, Arrays.copyOfRange(body, i + marker.length, body.length));
      }
    }
    return body;
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
