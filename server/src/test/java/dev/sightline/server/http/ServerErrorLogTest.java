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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every server error is logged once with its cause and stack trace; client errors are not logged.
 * The server's System.Logger goes to java.util.logging, where the test listens.
 */
class ServerErrorLogTest {
  @TempDir Path data;
  final List<LogRecord> records = new CopyOnWriteArrayList<>();
  final Logger logger = Logger.getLogger(ServerErrorLog.class.getName());
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
  void aServerErrorIsLoggedOnceWithItsCauseAndClientErrorsAreNot() throws Exception {
    try (TestServer server = TestServer.builder(data).storage(SlowStorageProvider.NAME)
        .storageOption(SlowStorageProvider.DELAY_OPTION, "0")
        .storageOption(SlowStorageProvider.FAIL_METRICS_OPTION, "1").start()) {
      ApiClient api = server.newProject();

      ApiResponse failed = api.get("/api/metrics");
      assertThat(failed.status()).isEqualTo(500);
      LogRecord record = awaitOneRecord();
      assertThat(record.getLevel()).isEqualTo(Level.SEVERE);
      assertThat(record.getMessage()).isEqualTo("GET /api/metrics answered 500");
      assertThat(record.getThrown()).isInstanceOf(IllegalStateException.class)
          .hasMessage(SlowStorageProvider.METRICS_FAILURE);

      // Client errors, over every protocol, and successes: nothing more is logged.
      assertThat(api.get("/api/metrics?entity=logs").status()).isEqualTo(400);
      assertThat(api.post("/api/ingest", "{".getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json")
          .status()).isEqualTo(400);
      assertThat(api.ingest(Batch.of().trace("traceId", "nope")).status()).isEqualTo(400);
      assertThat(api.post("/v1/traces", new byte[] {1, 2, 3}, "Content-Type", "application/x-protobuf").status())
          .isEqualTo(400);
      assertThat(api.withKey(null).get("/api/traces").status()).isEqualTo(401);
      assertThat(api.get("/api/metrics").status()).isEqualTo(200);
      assertThat(api.get("/health").status()).isEqualTo(200);
      Thread.sleep(200); // the log is written when the answer completes, after the client has it
      assertThat(records).as("only the 500").hasSize(1);
    }
  }

  private LogRecord awaitOneRecord() throws InterruptedException {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (records.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(records).hasSize(1);
    return records.get(0);
  }
}
