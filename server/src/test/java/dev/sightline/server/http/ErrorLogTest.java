package dev.sightline.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sightline.server.testing.ApiClient;
import dev.sightline.server.testing.ApiResponse;
import dev.sightline.server.testing.Batch;
import dev.sightline.server.testing.SlowStorageProvider;
import dev.sightline.server.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every server error is logged once with its cause and stack trace; a rejected request in one line.
 * The server's System.Logger goes to java.util.logging, where the test listens.
 */
class ErrorLogTest {
  @TempDir Path data;
  final List<LogRecord> records = new CopyOnWriteArrayList<>();
  final Logger logger = Logger.getLogger(ErrorLog.class.getName());
  final Handler handler = new Handler() {
    @Override
    public void publish(LogRecord record) {
      records.add(record);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };

  @BeforeEach
  void listen() {
    logger.addHandler(handler);
  }

  @AfterEach
  void stopListening() {
    logger.removeHandler(handler);
  }

  @Test
  void aServerErrorIsLoggedOnceWithItsCause() throws Exception {
    try (TestServer server = TestServer.builder(data).storage(SlowStorageProvider.NAME)
        .storageOption(SlowStorageProvider.DELAY_OPTION, "0")
        .storageOption(SlowStorageProvider.FAIL_METRICS_OPTION, "2").start()) {
      ApiClient api = server.newProject();

      ApiResponse failed = api.get("/api/metrics");
      assertThat(failed.status()).isEqualTo(500);
      LogRecord record = awaitRecords(1).get(0);
      assertThat(record.getLevel()).isEqualTo(Level.SEVERE);
      assertThat(record.getMessage()).isEqualTo("GET /api/metrics answered 500");
      assertThat(record.getThrown()).isInstanceOf(IllegalStateException.class)
          .hasMessage(SlowStorageProvider.METRICS_FAILURE);

      assertThat(api.get("/api/metrics").status()).isEqualTo(500);
      assertThat(api.get("/health").status()).isEqualTo(200);
      Thread.sleep(200); // the log is written when the answer completes, after the client has it
      assertThat(records).as("the repeat within the window is only counted").hasSize(1);
    }
  }

  @Test
  void aRejectedRequestIsOneLineSayingWhyWithoutAStackTrace() throws Exception {
    try (TestServer server = TestServer.builder(data).maxBodyBytes(4096).start()) {
      ApiClient api = server.newProject();

      assertThat(api.get("/api/metrics?entity=logs").status()).isEqualTo(400);
      assertThat(api.post("/api/ingest", "{".getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json")
          .status()).isEqualTo(400);
      assertThat(api.post("/v1/traces", new byte[] {1, 2, 3}, "Content-Type", "application/x-protobuf").status())
          .isEqualTo(400);
      assertThat(api.withKey("sl_not_a_key_of_this_server").get("/api/traces").status()).isEqualTo(401);
      assertThat(api.post("/api/ingest", new byte[5000], "Content-Type", "application/json")
          .status()).isEqualTo(413);

      List<String> lines = awaitRecords(5).stream().map(r -> {
        assertThat(r.getLevel()).isEqualTo(Level.INFO);
        assertThat(r.getThrown()).isNull();
        return r.getMessage();
      }).collect(Collectors.toList());
      assertThat(lines).containsExactlyInAnyOrder(
          "rejected GET /api/metrics from 127.0.0.1: 400 entity: must be traces, spans or scores",
          "rejected POST /api/ingest from 127.0.0.1: 400 malformed JSON:"
              + " the body ends before the JSON value is complete (line 1, column 2)",
          "rejected POST /v1/traces from 127.0.0.1: 400 body: not an OTLP ExportTraceServiceRequest in protobuf"
              + " (Protocol message contained an invalid tag (zero).)",
          "rejected GET /api/traces from 127.0.0.1: 401 unknown API key",
          "rejected POST /api/ingest from 127.0.0.1: 413 body larger than the limit (--max-body-bytes)");

      // Successes and lookups of what is not there are not rejections.
      assertThat(api.get("/api/traces").status()).isEqualTo(200);
      assertThat(api.get("/api/traces/0123456789abcdef0123456789abcdef").status()).isEqualTo(404);
      Thread.sleep(200);
      assertThat(records).hasSize(5);
    }
  }

  private List<LogRecord> awaitRecords(int n) throws InterruptedException {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (records.size() < n && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(records).hasSize(n);
    return List.copyOf(records);
  }
}
