package dev.sightline.server;

import static dev.sightline.server.testing.Otlp.bytes;
import static dev.sightline.server.testing.Otlp.span;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import dev.sightline.server.testing.ApiClient;
import dev.sightline.server.testing.ApiResponse;
import dev.sightline.server.testing.Batch;
import dev.sightline.server.testing.GrpcExport;
import dev.sightline.server.testing.Otlp;
import dev.sightline.server.testing.TestServer;
import io.opentelemetry.proto.trace.v1.Span;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad OTLP requests over HTTP and gRPC: each gets the OTLP failure its protocol defines, with a
 * message naming the problem, stores nothing, and leaves the server serving.
 */
class OtlpBadInputTest {
  static final int MAX_BODY = 256 * 1024;
  static final String PROTOBUF = "application/x-protobuf";
  static final String JSON = "application/json";

  @TempDir static Path data;
  static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.builder(data).maxBodyBytes(MAX_BODY).start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** A valid request of two spans of a fresh trace. */
  static byte[] valid() {
    return request(span(Otlp.ROOT, "root"), Otlp.child(Otlp.CHILD, "child"));
  }

  /** The spans, in a fresh trace unless a test set their trace id. */
  static byte[] request(Span.Builder... spans) {
    String trace = Batch.traceId();
    for (Span.Builder s : spans) {
      if (s.getTraceId().equals(bytes(Otlp.TRACE))) {
        s.setTraceId(bytes(trace));
      }
    }
    return Otlp.request(List.of("service.name", "bad-input"), spans).toByteArray();
  }

  record BadRequest(String name, int status, String message, byte[] body, String... headers) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<BadRequest> badRequests() {
    byte[] valid = valid();
    byte[] bigAttribute = request(span(Otlp.ROOT, "big", "blob", "x".repeat(MAX_BODY)));
    return Stream.of(
        new BadRequest("truncated protobuf", 400, "not an OTLP ExportTraceServiceRequest",
            Arrays.copyOf(valid, valid.length - 7), "Content-Type", PROTOBUF),
        new BadRequest("JSON sent as protobuf", 400, "not an OTLP ExportTraceServiceRequest",
            "{\"resourceSpans\":[]}".getBytes(StandardCharsets.UTF_8), "Content-Type", PROTOBUF),
        new BadRequest("malformed JSON", 400, "malformed JSON",
            "{\"resourceSpans\":[{\"scopeSpans\":[".getBytes(StandardCharsets.UTF_8), "Content-Type", JSON),
        new BadRequest("JSON of the wrong shape", 400, "startTimeUnixNano: must be an integer",
            ("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"" + Batch.traceId()
                + "\",\"spanId\":\"00f067aa0ba902b7\",\"startTimeUnixNano\":true}]}]}]}")
                .getBytes(StandardCharsets.UTF_8), "Content-Type", JSON),
        new BadRequest("non-hex id in JSON", 400, "traceId: must be hex",
            "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"xyz\"}]}]}]}"
                .getBytes(StandardCharsets.UTF_8), "Content-Type", JSON),
        new BadRequest("every span with invalid ids", 400, "2 of 2 spans rejected: span 0 \"root\": traceId: must be 16 bytes",
            request(span(Otlp.ROOT, "root").setTraceId(ByteString.copyFrom(new byte[16])),
                span(Otlp.CHILD, "other").setSpanId(ByteString.copyFrom(new byte[4]))),
            "Content-Type", PROTOBUF),
        new BadRequest("wrong content type", 415, "Content-Type must be application/x-protobuf or application/json",
            valid, "Content-Type", "text/plain"),
        new BadRequest("no content type", 415, "Content-Type must be", valid),
        new BadRequest("unsupported content encoding", 415, "Content-Encoding must be gzip or identity",
            valid, "Content-Type", PROTOBUF, "Content-Encoding", "br"),
        new BadRequest("invalid gzip", 400, "not valid gzip",
            valid, "Content-Type", PROTOBUF, "Content-Encoding", "gzip"),
        new BadRequest("gzip bomb", 413, "once decompressed",
            Batch.gzip(bigAttribute), "Content-Type", PROTOBUF, "Content-Encoding", "gzip"),
        new BadRequest("oversized body", 413, "larger than " + MAX_BODY + " bytes", bigAttribute,
            "Content-Type", PROTOBUF));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badRequests")
  void aBadRequestGetsAStatusAndStoresNothing(BadRequest bad) {
    ApiClient api = server.newProject();
    ApiResponse r = api.post("/v1/traces", bad.body(), bad.headers());

    assertThat(r.status()).as(r.toString()).isEqualTo(bad.status());
    assertThat(statusMessage(r)).contains(bad.message());
    assertNothingStoredAndServing(api);
  }

  @Test
  void withoutAValidKeyTheAnswerIs401InTheRequestsEncoding() {
    ApiClient api = server.newProject();
    ApiResponse none = api.withKey(null).post("/v1/traces", valid(), "Content-Type", PROTOBUF);
    assertThat(none.status()).isEqualTo(401);
    assertThat(statusMessage(none)).contains("missing API key");
    ApiResponse unknown = api.withKey("sl_unknown").post("/v1/traces", valid(), "Content-Type", JSON);
    assertThat(unknown.status()).isEqualTo(401);
    assertThat(unknown.json().path("code").asInt()).isEqualTo(16);
    assertThat(statusMessage(unknown)).isEqualTo("unknown API key");
    assertNothingStoredAndServing(api);
  }

  record BadCall(String name, int status, String message, byte[] body, String contentType, String encoding,
      boolean withKey) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<BadCall> badCalls() {
    byte[] valid = valid();
    byte[] big = request(span(Otlp.ROOT, "big", "blob", "x".repeat(MAX_BODY)));
    return Stream.of(
        new BadCall("no key", 16, "missing API key", frame(valid, false), "application/grpc", null, false),
        new BadCall("no message", 3, "exactly one length-prefixed message", new byte[3], "application/grpc", null, true),
        new BadCall("frame length mismatch", 3, "exactly one length-prefixed message",
            Arrays.copyOf(frame(valid, false), 20), "application/grpc", null, true),
        new BadCall("truncated protobuf", 3, "not an OTLP ExportTraceServiceRequest",
            frame(Arrays.copyOf(valid, valid.length - 7), false), "application/grpc", null, true),
        new BadCall("every span with invalid ids", 3, "1 of 1 spans rejected",
            frame(request(span(Otlp.ROOT, "root").setSpanId(ByteString.copyFrom(new byte[8]))), false),
            "application/grpc", null, true),
        new BadCall("compressed without grpc-encoding", 3, "grpc-encoding must be gzip",
            frame(Batch.gzip(valid), true), "application/grpc", null, true),
        new BadCall("invalid gzip", 3, "not valid gzip", frame(valid, true), "application/grpc", "gzip", true),
        new BadCall("message over the limit", 8, "larger than " + MAX_BODY + " bytes", frame(big, false),
            "application/grpc", null, true),
        new BadCall("gzip bomb", 8, "once decompressed", frame(Batch.gzip(big), true), "application/grpc", "gzip", true));
  }

  @ParameterizedTest(name = "gRPC: {0}")
  @MethodSource("badCalls")
  void aBadCallGetsAGrpcStatusAndStoresNothing(BadCall bad) {
    ApiClient api = server.newProject();
    GrpcExport.Answer answer = GrpcExport.call(server.otlpGrpcPort(), bad.withKey() ? api.key() : null,
        bad.body(), bad.contentType(), bad.encoding());

    assertThat(answer.httpStatus()).isEqualTo(200);
    assertThat(answer.status()).as(answer.message()).isEqualTo(bad.status());
    assertThat(answer.message()).contains(bad.message());
    assertNothingStoredAndServing(api);
  }

  @Test
  void otherSignalsAreNotTaken() {
    ApiClient api = server.newProject();
    ApiResponse metrics = api.post("/v1/metrics", new byte[0], "Content-Type", PROTOBUF);
    assertThat(metrics.status()).isEqualTo(404);
    assertThat(statusMessage(metrics)).contains("traces only");
    assertThat(api.post("/v1/logs", "{}".getBytes(StandardCharsets.UTF_8), "Content-Type", JSON).status())
        .isEqualTo(404);
  }

  @Test
  void whatIsNotGrpcGetsPlainHttpAndOtherMethodsAreUnimplemented() {
    ApiClient api = server.newProject();
    GrpcExport.Answer json = GrpcExport.call(server.otlpGrpcPort(), api.key(), valid(), "application/json", null);
    assertThat(json.httpStatus()).isEqualTo(415);
    ApiResponse other = new ApiClient(java.net.URI.create("http://127.0.0.1:" + server.otlpGrpcPort()), api.key())
        .post("/opentelemetry.proto.collector.metrics.v1.MetricsService/Export", frame(new byte[0], false),
            "Content-Type", "application/grpc");
    assertThat(other.status()).isEqualTo(200);
    assertThat(other.header("grpc-status")).hasValue("12");
    assertNothingStoredAndServing(api);
  }

  static byte[] frame(byte[] message, boolean compressed) {
    return ByteBuffer.allocate(5 + message.length).put((byte) (compressed ? 1 : 0)).putInt(message.length)
        .put(message).array();
  }

  /** The message of a {@code google.rpc.Status} body, protobuf or JSON as the answer says. */
  static String statusMessage(ApiResponse r) {
    String type = r.header("content-type").orElse("");
    if (type.startsWith("application/json")) {
      assertThat(r.json().path("code").asInt()).isPositive();
      return r.json().path("message").asText();
    }
    assertThat(type).startsWith(PROTOBUF);
    try {
      UnknownFieldSet status = UnknownFieldSet.parseFrom(r.body());
      assertThat(status.getField(1).getVarintList()).singleElement().satisfies(c -> assertThat(c).isPositive());
      return status.getField(2).getLengthDelimitedList().get(0).toStringUtf8();
    } catch (InvalidProtocolBufferException e) {
      throw new AssertionError("not a google.rpc.Status: " + r, e);
    }
  }

  static void assertNothingStoredAndServing(ApiClient api) {
    server.awaitApplied();
    assertThat(api.getJson("/api/traces").path("items")).isEmpty();
    assertThat(api.getJson("/api/spans").path("items")).isEmpty();
    assertThat(api.getJson("/health").path("status").asText()).isEqualTo("ok");
  }
}
