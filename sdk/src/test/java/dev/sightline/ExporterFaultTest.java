package dev.sightline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sightline.testing.RealServer;
import dev.sightline.testing.StubServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The exporter when the server is away, refuses, throttles or is slow: the application's calls
 * stay fast and never throw, what fits in the queue arrives once the server is back, and what did
 * not fit is counted. Time bounds are generous (they guard against blocking on the network, which
 * would take seconds), not measurements.
 */
@Timeout(60)
class ExporterFaultTest {
  /** Far above what recording costs, far below a network timeout or retry pause. */
  private static final long FAST_MILLIS = 2_000;

  private static Sightline.Builder client(String endpoint) {
    return Sightline.builder().endpoint(endpoint).apiKey("k").flushInterval(Duration.ofMillis(50))
        .maxBackoff(Duration.ofMillis(200)).shutdownHook(false);
  }

  /** Records {@code traces} traces of one span each; returns how long the calls took. */
  private static long record(Sightline s, int traces) {
    long start = System.nanoTime();
    for (int i = 0; i < traces; i++) {
      Trace t = s.trace("fault").input("question " + i).start();
      t.tool("lookup").start().end("answer");
      t.end("done");
    }
    return (System.nanoTime() - start) / 1_000_000;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Test
  void serverDownAtStartThenUp() throws Exception {
    int port = freePort();
    Sightline s = client("http://127.0.0.1:" + port).build();
    assertThat(record(s, 50)).isLessThan(FAST_MILLIS);
    assertThat(s.flush(Duration.ofMillis(300))).as("nothing can be delivered yet").isFalse();
    try (StubServer stub = StubServer.start(port)) {
      assertThat(s.flush(Duration.ofSeconds(20))).isTrue();
      assertThat(stub.bodies("span")).hasSize(50);
      assertThat(stub.bodies("trace").stream().filter(t -> t.has("endTime")).count()).isEqualTo(50);
      assertThat(s.stats().retries()).isPositive();
      assertThat(s.stats().dropped()).isZero();
      s.shutdown(Duration.ofSeconds(5));
    }
  }

  /**
   * With the default settings, close() gives up within the default 5 s shutdown timeout, whether
   * nothing listens (connection refused, retried with back-off) or something accepts connections and
   * never answers (a hung server or proxy), and says what it could not deliver.
   */
  @Test
  void closeWithAnUnreachableServerReturnsWithinTheShutdownTimeout() throws Exception {
    try (ServerSocket silent = new ServerSocket(0)) { // accepts into its backlog, never reads or answers
      for (String endpoint : new String[] {"http://127.0.0.1:" + freePort(),
          "http://127.0.0.1:" + silent.getLocalPort()}) {
        Sightline s = Sightline.builder().endpoint(endpoint).apiKey("k").shutdownHook(false).build();
        record(s, 10);
        long start = System.nanoTime();
        s.close();
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(millis).as(endpoint).isLessThan(5_000 + 1_000);
        assertThat(s.stats().dropped()).as(endpoint).isPositive();
        assertThat(s.stats().sent()).isZero();
      }
    }
  }

  @Test
  void throttledAndFailingServerIsRetriedHonouringRetryAfter() throws Exception {
    try (StubServer stub = StubServer.start()) {
      Sightline s = client(stub.endpoint()).build();
      stub.failNext(2, 429, "1");
      long start = System.nanoTime();
      assertThat(record(s, 20)).isLessThan(FAST_MILLIS);
      assertThat(s.flush(Duration.ofSeconds(20))).isTrue();
      assertThat((System.nanoTime() - start) / 1_000_000).as("waited for Retry-After twice").isGreaterThanOrEqualTo(1_900);
      assertThat(s.stats().retries()).isEqualTo(2);
      stub.failNext(3, 500, null);
      record(s, 20);
      assertThat(s.flush(Duration.ofSeconds(20))).isTrue();
      assertThat(s.stats().retries()).isEqualTo(5);
      assertThat(stub.bodies("span")).hasSize(40);
      assertThat(s.stats().dropped()).isZero();
      stub.failNext(1, 400, null); // refused for good: counted, not retried
      record(s, 1);
      assertThat(s.flush(Duration.ofSeconds(20))).isTrue();
      assertThat(s.stats().rejected()).isPositive();
      assertThat(s.stats().retries()).isEqualTo(5);
      s.shutdown(Duration.ofSeconds(5));
    }
  }

  @Test
  void slowServerNeverSlowsTheApplicationAndOverflowIsCounted() throws Exception {
    try (StubServer stub = StubServer.start()) {
      stub.delay(1_000);
      Sightline s = client(stub.endpoint()).queueSize(100).batchSize(10).build();
      int traces = 2_000; // 3 items each (trace start, span, trace end): far more than the queue holds
      assertThat(record(s, traces)).isLessThan(FAST_MILLIS);
      ExportStats stats = s.stats();
      assertThat(stats.droppedQueueFull()).isPositive();
      assertThat(stats.enqueued() + stats.droppedQueueFull()).isEqualTo(3L * traces);
      assertThat(s.shutdown(Duration.ofSeconds(30))).isTrue();
      ExportStats after = s.stats();
      assertThat(after.sent()).isPositive().isEqualTo(stub.items().size());
      assertThat(after.dropped()).as("only the overflow was lost").isEqualTo(after.droppedQueueFull());
    }
  }

  @Test
  void serverStoppedMidRunAndRestartedGetsEverythingQueued() throws Exception {
    try (RealServer server = RealServer.start()) {
      Sightline s = client(server.endpoint()).apiKey(server.apiKey()).build();
      s.trace("before").start().end();
      assertThat(s.flush(Duration.ofSeconds(10))).isTrue();
      server.stop();
      Trace during = s.trace("during-outage").start();
      long start = System.nanoTime();
      for (int i = 0; i < 200; i++) {
        during.function("step-" + i).start().end(i);
      }
      during.end();
      assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(FAST_MILLIS);
      assertThat(s.flush(Duration.ofMillis(500))).isFalse();
      server.restart();
      assertThat(s.flush(Duration.ofSeconds(20))).isTrue();
      JsonNode tree = server.await("/api/traces/" + during.traceId(),
          t -> RealServer.countSpans(t.get("spans")) == 200 && t.get("trace").has("endTime"));
      assertThat(tree.get("trace").get("feature").asText()).isEqualTo("during-outage");
      assertThat(s.stats().dropped()).isZero();
      s.shutdown(Duration.ofSeconds(5));
    }
  }
}
