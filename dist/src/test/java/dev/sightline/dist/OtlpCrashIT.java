package dev.sightline.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sightline.server.testing.ApiClient;
import dev.sightline.server.testing.Batch;
import dev.sightline.server.testing.GrpcExport;
import dev.sightline.server.testing.Otlp;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jar takes OTLP over HTTP (protobuf and JSON) and gRPC, and what it acknowledged
 * survives {@code kill -9}: the write-ahead log replays each request with its format's decoder.
 */
class OtlpCrashIT {
  private static final String KEY = "sl_otlp_crash_test_" + Batch.unique();

  @TempDir Path data;
  @TempDir Path logs;

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void acknowledgedOtlpSpansSurviveKill9() {
    Path dir = data.resolve("sightline");
    Path log = logs.resolve("server.log");
    List<String> traces = List.of(Batch.traceId(), Batch.traceId(), Batch.traceId());
    try (ServerProcess server = ServerProcess.start(dir, KEY, log)) {
      ApiClient api = server.client(KEY);
      assertThat(api.post("/v1/traces", request(traces.get(0)).toByteArray(),
          "Content-Type", "application/x-protobuf", "Content-Encoding", "identity").status()).isEqualTo(200);
      assertThat(api.post("/v1/traces", Otlp.json(request(traces.get(1))), "Content-Type", "application/json")
          .status()).isEqualTo(200);
      assertThat(GrpcExport.export(server.otlpGrpcPort(), KEY, request(traces.get(2)).toByteArray(), true)
          .status()).isZero();
      assertThat(server.kill()).isEqualTo(ServerProcess.SIGKILL_EXIT);
    }
    try (ServerProcess server = ServerProcess.start(dir, KEY, log)) {
      ApiClient api = server.client(KEY);
      for (String trace : traces) {
        assertThat(api.awaitTrace(trace, 2).path("trace").path("feature").asText()).isEqualTo("crash-test");
      }
      assertThat(server.stop()).isEqualTo(ServerProcess.SIGTERM_EXIT);
    }
  }

  private static ExportTraceServiceRequest request(String trace) {
    return Otlp.request(List.of("service.name", "crash-test"),
        Otlp.span(Otlp.ROOT, "root").setTraceId(Otlp.bytes(trace)),
        Otlp.child(Otlp.CHILD, "chat", "gen_ai.operation.name", "chat").setTraceId(Otlp.bytes(trace)));
  }
}
