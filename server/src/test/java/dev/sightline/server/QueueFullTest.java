package dev.sightline.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sightline.server.collector.PipelineSettings;
import dev.sightline.server.testing.ApiClient;
import dev.sightline.server.testing.ApiResponse;
import dev.sightline.server.testing.Batch;
import dev.sightline.server.testing.SlowStorageProvider;
import dev.sightline.server.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A storage slower than the clients fills the bounded ingest queue: the overflow gets 429 with
 * Retry-After and stores nothing, and everything acknowledged is stored.
 */
class QueueFullTest {
  private static final int CLIENTS = 8;
  private static final int REQUESTS_PER_CLIENT = 15;
  private static final int SPANS_PER_REQUEST = 10;

  @TempDir Path data;

  @Test
  @Timeout(120)
  void aFullQueueAnswers429AndLosesNothingAcknowledged() throws Exception {
    PipelineSettings tiny = new PipelineSettings(4 * SPANS_PER_REQUEST, 4 * SPANS_PER_REQUEST,
        Duration.ofMillis(20), PipelineSettings.DEFAULTS.segmentBytes());
    try (TestServer server = TestServer.builder(data).storage(SlowStorageProvider.NAME)
        .storageOption(SlowStorageProvider.DELAY_OPTION, "150").pipeline(tiny).start()) {
      ApiClient api = server.newProject();
      Queue<String> acknowledged = new ConcurrentLinkedQueue<>();
      Queue<String> refused = new ConcurrentLinkedQueue<>();
      Queue<ApiResponse> tooMany = new ConcurrentLinkedQueue<>();
      CountDownLatch go = new CountDownLatch(1);
      ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
      List<Future<?>> clients = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        clients.add(pool.submit(() -> {
          go.await();
          for (int i = 0; i < REQUESTS_PER_CLIENT; i++) {
            String trace = Batch.traceId();
            ApiResponse r = api.ingest(request(trace));
            if (r.status() == 200) {
              acknowledged.add(trace);
            } else if (r.status() == 429) {
              refused.add(trace);
              tooMany.add(r);
            } else {
              throw new AssertionError("unexpected answer " + r);
            }
          }
          return null;
        }));
      }
      go.countDown();
      for (Future<?> f : clients) {
        f.get(60, TimeUnit.SECONDS);
      }
      pool.shutdown();

      assertThat(tooMany).as("some requests found the queue full").isNotEmpty();
      assertThat(acknowledged).as("some requests were taken").isNotEmpty();
      for (ApiResponse r : tooMany) {
        assertThat(r.header("retry-after")).hasValue("1");
        assertThat(r.errorMessage()).contains("queue is full");
      }
      for (String trace : acknowledged) {
        api.awaitTrace(trace, SPANS_PER_REQUEST);
      }
      server.awaitApplied();
      for (String trace : refused) {
        assertThat(api.get("/api/traces/" + trace).status()).as("refused " + trace).isEqualTo(404);
      }
      assertThat(api.getJson("/api/traces?limit=1000").path("items")).hasSize(acknowledged.size());
      api.await("/health", h -> h.path("pendingRows").asLong() == 0);
      assertThat(server.metricsText()).contains("sightline_ingest_rejected_total{reason=\"queue_full\"} "
          + tooMany.size() + ".0");
    }
  }

  private static Batch request(String trace) {
    Batch b = Batch.of();
    long start = Batch.nowMicros();
    String root = Batch.spanId();
    b.span("traceId", trace, "spanId", root, "name", "root", "startTime", start, "endTime", start + 1000);
    for (int i = 1; i < SPANS_PER_REQUEST; i++) {
      b.span("traceId", trace, "spanId", Batch.spanId(), "parentSpanId", root, "name", "child-" + i,
          "startTime", start + i, "endTime", start + 1000);
    }
    return b;
  }
}
