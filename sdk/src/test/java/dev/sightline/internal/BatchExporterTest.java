package dev.sightline.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sightline.Feedback;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The exporter thread against a fake transport: when it sends (a full batch at once, a partial one
 * after the flush interval, on flush, on shutdown) and what it does when sending fails. Items are
 * feedback scores, named so each batch's content can be read back.
 */
@Timeout(20)
class BatchExporterTest {
  private static final Duration LONG = Duration.ofMinutes(1);
  private static final Outcome RETRY = Outcome.retry(-1, "HTTP 503");

  private final Counters counters = new Counters();
  private final FakeTransport transport = new FakeTransport();
  private final TraceState trace = new TraceState(Recorder.NOOP, "t", false);
  private BatchExporter exporter;

  @AfterEach
  void tearDown() {
    exporter.shutdown(Duration.ofSeconds(2));
  }

  private void start(int batchSize, int maxBatchBytes, Duration flushInterval, Duration maxRetryTime) {
    Config config = new Config(URI.create("http://127.0.0.1:9/api/ingest"), "k", 1, flushInterval, batchSize,
        maxBatchBytes, 1_000, false, null, null, Duration.ofSeconds(1), Duration.ofSeconds(1), maxRetryTime,
        Duration.ofMillis(10), false, Duration.ofSeconds(5), null);
    exporter = new BatchExporter(config, counters, new Problems(), transport);
  }

  private void submit(String... names) {
    for (String name : names) {
      exporter.submit(ScoreItem.of(trace, 0, Feedback.of(name), 0));
    }
  }

  @Test
  void aFullBatchIsSentAtOnceAndTheRestOnFlush() throws InterruptedException {
    start(3, Configs.MAX_BATCH_BYTES, LONG, LONG);
    submit("a", "b", "c", "d", "e", "f", "g");
    assertThat(transport.next().names()).containsExactly("a", "b", "c");
    assertThat(transport.next().names()).containsExactly("d", "e", "f");
    assertThat(transport.delivered.poll(300, TimeUnit.MILLISECONDS)).as("g waits for the interval").isNull();
    assertThat(exporter.flush(Duration.ofSeconds(5))).isTrue();
    assertThat(transport.delivered.poll().names()).containsExactly("g");
    assertThat(counters.sent.get()).isEqualTo(7);
    assertThat(counters.batches.get()).isEqualTo(3);
  }

  @Test
  void aBatchIsSentOnceItReachesTheByteLimit() throws InterruptedException {
    start(1_000, 1_024, LONG, LONG);
    String pad = "-" + "x".repeat(200); // a score item is then some 570 bytes: two pass the limit
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      names.add(i + pad);
    }
    submit(names.toArray(String[]::new));
    List<String> sent = new ArrayList<>();
    for (int i = 0; i < 5; i++) { // no flush: each batch goes as its bytes reach the limit
      Batch batch = transport.next();
      assertThat(batch.names()).hasSize(2);
      assertThat(batch.bytes()).isGreaterThan(1_024 - 16);
      sent.addAll(batch.names());
    }
    assertThat(sent).isEqualTo(names);
  }

  @Test
  void aPartialBatchIsSentOnceItsFirstItemWaitedTheFlushInterval() throws InterruptedException {
    start(100, Configs.MAX_BATCH_BYTES, Duration.ofMillis(200), LONG);
    long start = System.nanoTime();
    submit("a", "b");
    assertThat(transport.next().names()).containsExactly("a", "b");
    assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(200));
  }

  @Test
  void shutdownDeliversWhatIsQueuedThenRefusesNewItems() {
    start(2, Configs.MAX_BATCH_BYTES, LONG, LONG);
    submit("a", "b", "c", "d", "e");
    assertThat(exporter.shutdown(Duration.ofSeconds(5))).isTrue();
    List<String> sent = new ArrayList<>();
    transport.delivered.forEach(b -> sent.addAll(b.names()));
    assertThat(sent).containsExactly("a", "b", "c", "d", "e");
    int calls = transport.calls.get();
    submit("late");
    assertThat(counters.failed.get()).isEqualTo(1);
    assertThat(transport.calls.get()).isEqualTo(calls);
  }

  @Test
  void aFailedSendIsRetriedAndDeliveredOnce() throws InterruptedException {
    start(10, Configs.MAX_BATCH_BYTES, Duration.ofMillis(20), LONG);
    transport.script.add(RETRY);
    transport.script.add(RETRY);
    submit("a", "b");
    assertThat(exporter.flush(Duration.ofSeconds(5))).isTrue();
    assertThat(transport.next().names()).containsExactly("a", "b");
    assertThat(transport.delivered).isEmpty();
    assertThat(transport.calls.get()).isEqualTo(3);
    assertThat(counters.retries.get()).isEqualTo(2);
    assertThat(counters.sent.get()).isEqualTo(2);
    assertThat(counters.failed.get()).isZero();
  }

  @Test
  void aRefusedBatchIsCountedAndNotRetried() {
    start(10, Configs.MAX_BATCH_BYTES, Duration.ofMillis(20), LONG);
    transport.script.add(new Outcome(Outcome.Kind.REJECTED, 0, 2, -1, "HTTP 400"));
    submit("a", "b");
    assertThat(exporter.flush(Duration.ofSeconds(5))).isTrue();
    assertThat(transport.calls.get()).isEqualTo(1);
    assertThat(counters.rejected.get()).isEqualTo(2);
    assertThat(counters.retries.get()).isZero();
    assertThat(counters.sent.get()).isZero();
  }

  @Test
  void aBatchIsGivenUpAfterMaxRetryTimeAndTheNextOneGoes() throws InterruptedException {
    start(10, Configs.MAX_BATCH_BYTES, Duration.ofMillis(20), Duration.ofMillis(300));
    transport.failing = RETRY;
    submit("lost");
    assertThat(exporter.flush(Duration.ofSeconds(5))).isTrue();
    assertThat(counters.failed.get()).isEqualTo(1);
    assertThat(counters.retries.get()).isPositive();
    transport.failing = null;
    submit("kept");
    assertThat(transport.next().names()).containsExactly("kept");
  }

  @Test
  void aTransportThatThrowsCostsOnlyItsBatch() throws InterruptedException {
    start(10, Configs.MAX_BATCH_BYTES, Duration.ofMillis(20), LONG);
    transport.script.add(new IllegalStateException("transport bug"));
    submit("lost");
    assertThat(exporter.flush(Duration.ofSeconds(5))).isTrue();
    assertThat(counters.failed.get()).isEqualTo(1);
    submit("kept");
    assertThat(exporter.flush(Duration.ofSeconds(5))).isTrue(); // settled: counted as sent by now
    assertThat(transport.next().names()).containsExactly("kept");
    assertThat(counters.sent.get()).isEqualTo(1);
  }

  /** One delivered batch: its items' names in order, and its size in bytes. */
  private record Batch(List<String> names, int bytes) {}

  /**
   * Answers the next calls as scripted (an {@link Outcome}, or a runtime exception to throw), then
   * with {@link #failing} if set, else accepts the batch and keeps it.
   */
  private static final class FakeTransport implements Transport {
    private static final Pattern NAME = Pattern.compile("\"name\":\"([^\"]*)\"");
    final BlockingQueue<Batch> delivered = new LinkedBlockingQueue<>();
    final Queue<Object> script = new ConcurrentLinkedQueue<>();
    final AtomicInteger calls = new AtomicInteger();
    volatile Outcome failing;

    @Override
    public Outcome post(byte[] json, int length, int items, Duration timeout) {
      calls.incrementAndGet();
      Object next = script.poll();
      if (next instanceof RuntimeException e) {
        throw e;
      }
      Outcome outcome = next != null ? (Outcome) next : failing;
      if (outcome != null) {
        return outcome;
      }
      List<String> names = new ArrayList<>();
      Matcher m = NAME.matcher(new String(json, 0, length, StandardCharsets.UTF_8));
      while (m.find()) {
        names.add(m.group(1));
      }
      delivered.add(new Batch(names, length));
      return new Outcome(Outcome.Kind.OK, items, 0, -1, null);
    }

    /** The next delivered batch, waiting for it a few seconds at most. */
    Batch next() throws InterruptedException {
      Batch batch = delivered.poll(5, TimeUnit.SECONDS);
      assertThat(batch).as("a batch within 5 s").isNotNull();
      return batch;
    }
  }
}
