package dev.sightline.server;

import static dev.sightline.server.testing.Otlp.bytes;
import static dev.sightline.server.testing.Otlp.span;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import dev.sightline.server.collector.PipelineSettings;
import dev.sightline.server.testing.ApiClient;
import dev.sightline.server.testing.ApiResponse;
import dev.sightline.server.testing.Batch;
import dev.sightline.server.testing.GrpcExport;
import dev.sightline.server.testing.Otlp;
import dev.sightline.server.testing.SlowStorageProvider;
import dev.sightline.server.testing.TestServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** OTLP's answers: partial success, empty requests, retryable refusals, OTLP/gRPC switched off. */
class OtlpAnswersTest {
  @TempDir Path data;

  /** One good span of a fresh trace and one with an all-zero span id. */
  static ExportTraceServiceRequest halfBad(String trace) {
    return Otlp.request(List.of("service.name", "answers"),
        span(Otlp.ROOT, "good").setTraceId(bytes(trace)),
        span(Otlp.CHILD, "bad").setTraceId(bytes(trace)).setSpanId(ByteString.copyFrom(new byte[8])));
  }

  @Test
  void partialSuccessCountsAndNamesTheRejectedSpansAndStoresTheRest() throws Exception {
    try (TestServer server = TestServer.start(data)) {
      ApiClient api = server.newProject();
      String expected = "1 of 2 spans rejected: span 1 \"bad\": spanId: must be 8 bytes, not all zero";

      String t1 = Batch.traceId();
      ApiResponse protobuf = api.post("/v1/traces", halfBad(t1).toByteArray(), "Content-Type", "application/x-protobuf");
      assertThat(protobuf.status()).isEqualTo(200);
      assertThat(protobuf.header("content-type")).hasValue("application/x-protobuf");
      ExportTraceServiceResponse response = ExportTraceServiceResponse.parseFrom(protobuf.body());
      assertThat(response.getPartialSuccess().getRejectedSpans()).isEqualTo(1);
      assertThat(response.getPartialSuccess().getErrorMessage()).startsWith(expected);

      String t2 = Batch.traceId();
      ApiResponse json = api.post("/v1/traces", Otlp.json(halfBad(t2)), "Content-Type", "application/json");
      assertThat(json.status()).isEqualTo(200);
      assertThat(json.json().path("partialSuccess").path("rejectedSpans").asText()).isEqualTo("1");
      assertThat(json.json().path("partialSuccess").path("errorMessage").asText()).startsWith(expected);

      String t3 = Batch.traceId();
      GrpcExport.Answer grpc = GrpcExport.export(server.otlpGrpcPort(), api.key(), halfBad(t3).toByteArray(), true);
      assertThat(grpc.status()).isZero();
      ExportTraceServiceResponse grpcResponse = ExportTraceServiceResponse.parseFrom(grpc.response());
      assertThat(grpcResponse.getPartialSuccess().getRejectedSpans()).isEqualTo(1);

      for (String trace : List.of(t1, t2, t3)) {
        assertThat(api.awaitTrace(trace, 1).path("spans").get(0).path("name").asText()).isEqualTo("good");
      }
      assertThat(server.metricsText()).contains("sightline_ingest_rejected_total{reason=\"invalid_item\"} 3.0");
    }
  }

  @Test
  void anEmptyRequestSucceedsWithAnEmptyResponse() {
    try (TestServer server = TestServer.start(data)) {
      ApiClient api = server.newProject();
      ApiResponse protobuf = api.post("/v1/traces", new byte[0], "Content-Type", "application/x-protobuf");
      assertThat(protobuf.status()).isEqualTo(200);
      assertThat(protobuf.body()).isEmpty();
      ApiResponse json = api.post("/v1/traces", "{}".getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json");
      assertThat(json.status()).isEqualTo(200);
      assertThat(json.text()).isEqualTo("{}");
      assertThat(GrpcExport.export(server.otlpGrpcPort(), api.key(), new byte[0], false).status()).isZero();
    }
  }

  @Test
  void aFullQueueAsksOtlpClientsToRetry() throws Exception {
    // One pending row fills the queue, and a slow store keeps it pending for a while.
    PipelineSettings oneRow = new PipelineSettings(1, 1000, Duration.ZERO, PipelineSettings.DEFAULTS.segmentBytes());
    try (TestServer server = TestServer.builder(data).storage(SlowStorageProvider.NAME)
        .storageOption(SlowStorageProvider.DELAY_OPTION, "3000").pipeline(oneRow).start()) {
      ApiClient api = server.newProject();
      assertThat(GrpcExport.export(server.otlpGrpcPort(), api.key(), new byte[0], false).status())
          .as("a connection ready before the queue fills").isZero();
      byte[] first = Otlp.request(List.of(), span(Otlp.ROOT, "first").setTraceId(bytes(Batch.traceId()))).toByteArray();
      assertThat(api.post("/v1/traces", first, "Content-Type", "application/x-protobuf").status()).isEqualTo(200);

      ApiResponse http = api.post("/v1/traces", first, "Content-Type", "application/x-protobuf");
      assertThat(http.status()).isEqualTo(429);
      assertThat(http.header("retry-after")).hasValue("1");
      UnknownFieldSet status = UnknownFieldSet.parseFrom(http.body());
      assertThat(status.getField(1).getVarintList()).containsExactly(8L);
      assertThat(status.getField(2).getLengthDelimitedList().get(0).toStringUtf8()).contains("queue is full");

      GrpcExport.Answer grpc = GrpcExport.export(server.otlpGrpcPort(), api.key(), first, false);
      assertThat(grpc.status()).as("RESOURCE_EXHAUSTED").isEqualTo(8);
      assertThat(grpc.message()).contains("queue is full");
      UnknownFieldSet details = UnknownFieldSet.parseFrom(grpc.details());
      UnknownFieldSet any = UnknownFieldSet.parseFrom(details.getField(3).getLengthDelimitedList().get(0));
      assertThat(any.getField(1).getLengthDelimitedList().get(0).toStringUtf8())
          .isEqualTo("type.googleapis.com/google.rpc.RetryInfo");
      UnknownFieldSet retryInfo = UnknownFieldSet.parseFrom(any.getField(2).getLengthDelimitedList().get(0));
      UnknownFieldSet delay = UnknownFieldSet.parseFrom(retryInfo.getField(1).getLengthDelimitedList().get(0));
      assertThat(delay.getField(1).getVarintList()).as("seconds").containsExactly(1L);
    }
  }

  @Test
  void otlpGrpcCanBeSwitchedOff() {
    try (TestServer server = TestServer.builder(data).withoutOtlpGrpc().start()) {
      assertThat(server.server().otlpGrpcPort()).isEmpty();
    }
  }
}
