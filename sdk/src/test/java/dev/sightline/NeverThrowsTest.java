package dev.sightline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.sightline.testing.StubServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Recording calls never throw into the application, whatever they are given. */
class NeverThrowsTest {

  /** A value whose text cannot be produced. */
  private static final Object HOSTILE = new Object() {
    @Override
    public String toString() {
      throw new IllegalStateException("no text for you");
    }
  };

  @Test
  void nullsAndHostileValuesAreIgnoredAndCounted() throws Exception {
    try (StubServer stub = StubServer.start()) {
      Sightline s = Sightline.builder().endpoint(stub.endpoint()).apiKey("k").shutdownHook(false).build();
      Map<String, Object> cyclic = new HashMap<>();
      cyclic.put("self", cyclic);
      List<Object> list = new ArrayList<>();
      list.add(null);
      assertThatCode(() -> {
        Trace t = s.trace(null).name(null).input(HOSTILE).metadata(null).metadata(null, 1).tags((String[]) null)
            .user(null).organization(null).evaluator(null).evaluationSampleRate(7).startTime(null)
            .attribute(null, "x").start();
        t.identify(null, null).setMetadata(null).setTags(null).update(null).setStatus(null).fail(null);
        t.setMetadata("cyclic", cyclic).setMetadata("list", list).setOutput(HOSTILE);
        t.setMetadata(new java.util.AbstractMap<String, Object>() {
          @Override
          public java.util.Set<Entry<String, Object>> entrySet() {
            throw new IllegalStateException("unreadable map");
          }
        }).setTags(new java.util.AbstractList<String>() {
          @Override
          public String get(int index) {
            throw new IllegalStateException("unreadable tags");
          }

          @Override
          public int size() {
            return 2;
          }
        });
        Span span = t.span((SpanType) null, null).input(HOSTILE).tags("a", null).start();
        span.setMetadata("cyclic", cyclic).setAttribute(null, 1L).update(Update.create().tags((String[]) null));
        span.fail(null).addEvaluator("  ").feedback(null);
        span.append(null);
        t.append(null);
        Generation g = span.generation(null).messages(null).prompt(null).variables(null).modelParameters(null).start();
        g.setUsage(-1, -1).setCost(Double.NaN).setCost(-2).setTokenDetails(-1, 0, 0);
        g.end(HOSTILE, 1, 2, -1);
        span.end();
        t.feedback(new Feedback(null, null, null, null));
        t.end(HOSTILE);
        t.end();
        s.shutdown(Duration.ofSeconds(5));
        // after shutdown: still no exception
        Trace after = s.trace("after").start();
        after.span("x").start().end();
        after.end();
        s.flush(Duration.ofMillis(10));
      }).doesNotThrowAnyException();
      assertThat(s.stats().recordingErrors()).isGreaterThan(5);
      assertThat(s.stats().failed()).as("items recorded after shutdown").isGreaterThan(0);
    }
  }

  @Test
  void contextHelpersWithoutAnyTraceRecordNothingAndDoNotThrow() {
    assertThat(SightlineContext.currentSpan()).isEmpty();
    assertThat(SightlineContext.currentTrace()).isEmpty();
    assertThatCode(() -> SightlineContext.current().tool("helper").run(span -> span.setOutput("x")))
        .doesNotThrowAnyException();
  }
}
