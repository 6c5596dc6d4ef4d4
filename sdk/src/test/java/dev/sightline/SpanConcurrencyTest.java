package dev.sightline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sightline.testing.StubServer;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The thread-safety guarantee of spans (see {@link Span}): the span's creator records attributes
 * without a lock and other threads with one, and whatever mix of threads records them, nothing
 * is lost, later writes win, ending is atomic and idempotent, and nothing ever throws.
 */
class SpanConcurrencyTest {
  private static final int THREADS = 4;
  private StubServer stub;
  private Sightline sightline;
  private ExecutorService pool;

  @BeforeEach
  void setUp() throws IOException {
    stub = StubServer.start();
    sightline = Sightline.builder().endpoint(stub.endpoint()).apiKey("test-key")
        .flushInterval(Duration.ofMillis(20)).queueSize(100_000).shutdownHook(false).build();
    pool = Executors.newFixedThreadPool(THREADS);
  }

  @AfterEach
  void tearDown() {
    pool.shutdownNow();
    sightline.shutdown(Duration.ofSeconds(5));
    stub.close();
  }

  private void flush() {
    assertThat(sightline.flush(Duration.ofSeconds(20))).isTrue();
  }

  private Map<String, JsonNode> spansByName() {
    Map<String, JsonNode> out = new HashMap<>();
    for (JsonNode s : stub.bodies("span")) {
      assertThat(out.put(s.get("name").asText(), s)).as("sent once: " + s.get("name")).isNull();
    }
    return out;
  }

  @Test
  void attributesSetFromSeveralThreadsAtOnceAreAllKept() throws Exception {
    Trace trace = sightline.trace("attrs").start();
    int rounds = 200;
    int perThread = 50;
    for (int r = 0; r < rounds; r++) {
      Span span = trace.span("s" + r).start();
      span.setAttribute("owner.before", r); // the creating thread, lock-free
      CyclicBarrier go = new CyclicBarrier(THREADS + 1);
      List<CompletableFuture<Void>> writers = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        writers.add(CompletableFuture.runAsync(() -> {
          await(go);
          for (int i = 0; i < perThread; i++) {
            span.setAttribute("t" + thread + "." + i, (long) i);
          }
        }, pool));
      }
      await(go);
      for (int i = 0; i < perThread; i++) { // the owner writes while the others do
        span.setAttribute("owner." + i, "v" + i);
      }
      CompletableFuture.allOf(writers.toArray(new CompletableFuture<?>[0])).get(10, TimeUnit.SECONDS);
      span.setAttribute("owner.after", true);
      span.end();
    }
    trace.end();
    flush();
    Map<String, JsonNode> spans = spansByName();
    assertThat(spans).hasSize(rounds);
    for (int r = 0; r < rounds; r++) {
      JsonNode attributes = spans.get("s" + r).get("attributes");
      assertThat(attributes.size()).as("span s" + r).isEqualTo(2 + perThread * (THREADS + 1));
      assertThat(attributes.get("owner.before").asInt()).isEqualTo(r);
      assertThat(attributes.get("owner.after").asBoolean()).isTrue();
      for (int i = 0; i < perThread; i++) {
        assertThat(attributes.get("owner." + i).asText()).isEqualTo("v" + i);
        for (int t = 0; t < THREADS; t++) {
          assertThat(attributes.get("t" + t + "." + i).asLong()).isEqualTo(i);
        }
      }
    }
  }

  @Test
  void laterWritesWinWhateverThreadMadeThem() throws Exception {
    Trace trace = sightline.trace("order").start();
    Span span = trace.span("handed-over").start();
    span.setAttribute("k", "owner-1").setAttribute("only-owner", 1L);
    // handed to another thread (the executor's hand-off orders the writes), and back again
    pool.submit(() -> span.setAttribute("k", "other-2").setAttribute("only-other", 2L)).get();
    span.setAttribute("k", "owner-3");
    Span second = trace.span("handed-over-last").start();
    second.setAttribute("k", "owner-1");
    pool.submit(() -> second.setAttribute("k", "other-2")).get();
    Span third = trace.span("updated").start();
    third.setAttribute("k", "owner-1");
    third.update(Update.create().attribute("k", "update-2").attribute("u", 3));
    third.setAttribute("after", "owner-3");
    span.end();
    second.end();
    third.end();
    trace.end();
    flush();
    Map<String, JsonNode> spans = spansByName();
    assertThat(spans.get("handed-over").get("attributes").toString())
        .isEqualTo("{\"k\":\"owner-3\",\"only-owner\":1,\"only-other\":2}");
    assertThat(spans.get("handed-over-last").get("attributes").get("k").asText()).isEqualTo("other-2");
    assertThat(spans.get("updated").get("attributes").toString())
        .isEqualTo("{\"k\":\"update-2\",\"u\":3,\"after\":\"owner-3\"}");
  }

  @Test
  void endRacingWithRecordingNeverThrowsAndSendsEachSpanOnce() throws Exception {
    Trace trace = sightline.trace("race").start();
    int rounds = 500;
    ConcurrentLinkedQueue<Throwable> thrown = new ConcurrentLinkedQueue<>();
    for (int r = 0; r < rounds; r++) {
      Span span = trace.span("r" + r).start();
      CountDownLatch go = new CountDownLatch(1);
      List<CompletableFuture<Void>> others = new ArrayList<>();
      for (int t = 0; t < 2; t++) { // two threads try to end it, with an output each
        int thread = t;
        others.add(CompletableFuture.runAsync(() -> {
          try {
            go.await();
            span.setAttribute("ender" + thread, thread);
            span.end("output-" + thread);
          } catch (Throwable e) {
            thrown.add(e);
          }
        }, pool));
      }
      go.countDown();
      try { // meanwhile the owner keeps recording, past the array's growth
        for (int i = 0; i < 40; i++) {
          span.setAttribute("a" + i, i).setMetadata("m" + i, i).setStatus(Status.SUCCESS);
        }
        span.end();
      } catch (Throwable e) {
        thrown.add(e);
      }
      CompletableFuture.allOf(others.toArray(new CompletableFuture<?>[0])).get(10, TimeUnit.SECONDS);
      assertThat(span.isEnded()).isTrue();
    }
    trace.end();
    flush();
    assertThat(thrown).isEmpty();
    Map<String, JsonNode> spans = spansByName();
    assertThat(spans).hasSize(rounds);
    assertThat(sightline.stats().recordingErrors()).isZero();
    for (JsonNode span : spans.values()) {
      JsonNode attributes = span.get("attributes");
      if (attributes != null) { // whatever made it in before the end is whole: a consistent prefix
        Set<String> keys = new HashSet<>();
        attributes.fieldNames().forEachRemaining(keys::add);
        for (int i = 0; i < 40; i++) {
          if (keys.contains("a" + i)) {
            assertThat(attributes.get("a" + i).asInt()).isEqualTo(i);
            if (i > 0) {
              assertThat(keys).contains("a" + (i - 1));
            }
          }
        }
      }
    }
  }

  @Test
  void childrenStartedFromManyThreadsAreEndedWithTheirParent() throws Exception {
    Trace trace = sightline.trace("fan-out").start();
    Span parent = trace.agent("parent").start();
    int perThread = 300;
    CyclicBarrier go = new CyclicBarrier(THREADS);
    List<CompletableFuture<List<Span>>> starters = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int thread = t;
      starters.add(CompletableFuture.supplyAsync(() -> {
        await(go);
        List<Span> open = new ArrayList<>();
        for (int i = 0; i < perThread; i++) {
          Span child = parent.span("c" + thread + "." + i).start();
          child.setAttribute("i", i);
          if (i % 2 == 0) {
            child.end(); // half end themselves, half are left open for the parent to end
          } else {
            open.add(child);
          }
        }
        return open;
      }, pool));
    }
    List<Span> open = new ArrayList<>();
    for (CompletableFuture<List<Span>> f : starters) {
      open.addAll(f.get(10, TimeUnit.SECONDS));
    }
    parent.end();
    for (Span child : open) {
      assertThat(child.isEnded()).isTrue();
    }
    Span late = parent.span("late").start(); // after the parent's end: not the parent's to end
    assertThat(late.isEnded()).isFalse();
    late.end();
    trace.end();
    flush();
    Map<String, JsonNode> spans = spansByName();
    assertThat(spans).hasSize(THREADS * perThread + 2);
    for (int t = 0; t < THREADS; t++) {
      for (int i = 0; i < perThread; i++) {
        JsonNode child = spans.get("c" + t + "." + i);
        assertThat(child.get("status").asText()).isEqualTo(i % 2 == 0 ? "success" : "unknown");
        assertThat(child.get("attributes").get("i").asInt()).isEqualTo(i);
      }
    }
  }

  @Test
  void aBuilderStartedOnAnotherThreadThanItsCreatorWorks() throws Exception {
    Trace trace = sightline.trace("hand-off").start();
    Span.Builder builder = trace.span("built-here").attribute("from", "creator");
    Span span = pool.submit(() -> builder.attribute("on", "starter").start()).get();
    span.setAttribute("then", "creator");
    trace.end();
    flush();
    JsonNode sent = spansByName().get("built-here");
    assertThat(sent.get("status").asText()).isEqualTo("unknown"); // ended by the trace
    assertThat(sent.get("attributes").toString())
        .isEqualTo("{\"from\":\"creator\",\"on\":\"starter\",\"then\":\"creator\"}");
  }

  private static void await(CyclicBarrier barrier) {
    try {
      barrier.await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
