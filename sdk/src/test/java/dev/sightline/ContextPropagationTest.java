package dev.sightline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sightline.testing.StubServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The current trace and span follow the code, across threads when tasks are wrapped. */
class ContextPropagationTest {

  /** A helper that is not passed its parent. */
  private static String step(String name) {
    return SightlineContext.current().function(name).call(span -> name + "-done");
  }

  @Test
  void childrenNestUnderTheCurrentSpanAcrossExecutorsAndFutures() throws Exception {
    ExecutorService raw = Executors.newFixedThreadPool(2);
    ExecutorService pool = SightlineContext.wrap(raw);
    Executor plain = SightlineContext.wrap((Executor) raw);
    try (StubServer stub = StubServer.start()) {
      Sightline s = Sightline.builder().endpoint(stub.endpoint()).apiKey("k").shutdownHook(false).build();
      Trace trace = s.trace("ctx").start();
      Span parallel;
      try (Scope ignored = trace.makeCurrent()) {
        assertThat(SightlineContext.currentTrace()).containsSame(trace);
        step("top");
        parallel = trace.span("parallel").start();
        try (Scope inner = parallel.makeCurrent()) {
          assertThat(SightlineContext.currentSpan()).containsSame(parallel);
          Future<String> a = pool.submit(() -> step("via-submit"));
          CompletableFuture<String> b = CompletableFuture.supplyAsync(() -> step("via-future"), plain);
          CompletableFuture<String> c = CompletableFuture.supplyAsync(
              SightlineContext.wrapSupplier(() -> step("via-wrapped-supplier")), raw);
          List<Future<String>> all = pool.invokeAll(List.of(() -> step("via-invokeAll")));
          raw.submit(SightlineContext.wrap(() -> {
            step("via-wrapped-runnable");
          })).get();
          assertThat(a.get() + b.get() + c.get() + all.get(0).get()).contains("done");
        }
        assertThat(SightlineContext.currentSpan()).isEmpty();
        parallel.end();
      }
      assertThat(SightlineContext.currentTrace()).isEmpty();
      raw.submit(() -> step("unwrapped")).get(); // no context on the pool thread: recorded nowhere
      trace.end();
      assertThat(s.flush(Duration.ofSeconds(10))).isTrue();
      Map<String, JsonNode> spans = stub.bodies("span").stream()
          .collect(Collectors.toMap(n -> n.get("name").asText(), n -> n));
      assertThat(spans.get("top").has("parentSpanId")).isFalse();
      assertThat(spans.get("top").get("traceId").asText()).isEqualTo(trace.traceId());
      for (String name : List.of("via-submit", "via-future", "via-wrapped-supplier", "via-invokeAll",
          "via-wrapped-runnable")) {
        assertThat(spans.get(name).get("parentSpanId").asText()).as(name).isEqualTo(parallel.spanId());
        assertThat(spans.get(name).get("output").asText()).as(name).isEqualTo(name + "-done");
      }
      assertThat(spans).doesNotContainKey("unwrapped");
      s.shutdown(Duration.ofSeconds(5));
    } finally {
      raw.shutdownNow();
    }
  }
}
