package dev.sightline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sightline.testing.StubServer;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the API records, checked on the wire as the server receives it. */
class TracingSemanticsTest {
  private StubServer stub;
  private Sightline sightline;

  @BeforeEach
  void setUp() throws IOException {
    stub = StubServer.start();
    sightline = Sightline.builder().endpoint(stub.endpoint()).apiKey("test-key")
        .flushInterval(Duration.ofMillis(50)).shutdownHook(false).build();
  }

  @AfterEach
  void tearDown() {
    sightline.shutdown(Duration.ofSeconds(5));
    stub.close();
  }

  private void flush() {
    assertThat(sightline.flush(Duration.ofSeconds(10))).isTrue();
  }

  private JsonNode lastTrace() {
    List<JsonNode> traces = stub.bodies("trace");
    return traces.get(traces.size() - 1);
  }

  private Map<String, JsonNode> spansByName() {
    return stub.bodies("span").stream().collect(Collectors.toMap(s -> s.get("name").asText(), s -> s));
  }

  @Test
  void endIsIdempotentAndReturnsTheReferenceId() {
    Trace trace = sightline.trace("chat").referenceId("ref-1").input("hi").start();
    assertThat(trace.end("first")).isEqualTo("ref-1");
    assertThat(trace.end("second")).isEqualTo("ref-1");
    trace.close();
    flush();
    List<JsonNode> traces = stub.bodies("trace");
    assertThat(traces).hasSizeBetween(1, 2);
    JsonNode last = lastTrace();
    assertThat(last.get("output").asText()).isEqualTo("first");
    assertThat(last.get("status").asText()).isEqualTo("success");
    assertThat(last.get("endTime").asLong()).isGreaterThanOrEqualTo(last.get("startTime").asLong());
    assertThat(stub.authorizations()).allMatch(a -> a.equals("Bearer test-key"));

    String generated = sightline.trace("chat").start().end();
    assertThat(generated).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  }

  @Test
  void traceIsSentPendingAtStartAndCompleteAtEnd() throws InterruptedException {
    Trace trace = sightline.trace("long-job").input("big input").start();
    flush();
    assertThat(stub.bodies("trace")).hasSize(1);
    assertThat(lastTrace().get("status").asText()).isEqualTo("pending");
    assertThat(lastTrace().has("endTime")).isFalse();
    trace.end("done");
    flush();
    assertThat(stub.bodies("trace")).hasSize(2);
    JsonNode end = lastTrace();
    assertThat(end.get("status").asText()).isEqualTo("success");
    assertThat(end.has("input")).as("input already sent is not sent again").isFalse();
    assertThat(end.get("traceId").asText()).isEqualTo(trace.traceId()).hasSize(32);
  }

  @Test
  void endingATraceEndsItsOpenSpansRecursively() {
    Trace trace = sightline.trace("workflow").start();
    Span a = trace.span("a").start();
    Span b = a.function("b").start();
    Generation g = b.generation("g").start();
    Span done = trace.tool("done").start();
    done.end("ok");
    trace.end();
    assertThat(List.of(a, b, g)).allMatch(Span::isEnded);
    flush();
    Map<String, JsonNode> spans = spansByName();
    assertThat(stub.bodies("span")).hasSize(4);
    assertThat(spans.get("b").get("parentSpanId").asText()).isEqualTo(a.spanId());
    assertThat(spans.get("g").get("parentSpanId").asText()).isEqualTo(b.spanId());
    assertThat(spans.get("a").has("parentSpanId")).isFalse();
    assertThat(spans.get("done").get("status").asText()).isEqualTo("success");
    long traceEnd = lastTrace().get("endTime").asLong();
    for (String name : List.of("a", "b", "g")) {
      assertThat(spans.get(name).get("status").asText()).as(name).isEqualTo("unknown");
      assertThat(spans.get(name).get("endTime").asLong()).as(name).isEqualTo(traceEnd);
    }
    assertThat(spans.get("g").get("type").asText()).isEqualTo("generation");
    assertThat(spans.get("b").get("type").asText()).isEqualTo("function");
  }

  @Test
  void endingASpanEndsItsChildrenAndIsSentOnce() {
    Trace trace = sightline.trace("t").start();
    Span parent = trace.agent("plan").start();
    Span child = parent.retrieval("lookup").start();
    parent.end("planned");
    parent.end("again");
    parent.close();
    assertThat(child.isEnded()).isTrue();
    trace.end();
    flush();
    assertThat(stub.bodies("span")).hasSize(2);
    assertThat(spansByName().get("plan").get("output").asText()).isEqualTo("planned");
  }

  @Test
  void mergeRulesAsSentOnTheWire() {
    Trace trace = sightline.trace("merge").metadata(Map.of("source", "web")).tags("a", "b")
        .attribute("x", 1).start();
    trace.identify(new User("u1", "Ada", "ada@example.com"), null);
    trace.identify(null, new Organization("o1", "Acme"));
    trace.setMetadata(Map.of("tokens", 5));
    trace.update(Update.create().tags("c").metadata("source", "api").status(Status.FAILURE)
        .name("Renamed").attribute("y", true));
    trace.setSessionId("s1").setConversationId("c1");
    trace.end();
    flush();
    JsonNode t = lastTrace();
    assertThat(t.get("metadata").get("source").asText()).isEqualTo("api");
    assertThat(t.get("metadata").get("tokens").asInt()).isEqualTo(5);
    assertThat(t.get("tags").toString()).isEqualTo("[\"c\"]");
    assertThat(t.get("attributes").toString()).isEqualTo("{\"x\":1,\"y\":true}");
    assertThat(t.get("user").toString()).isEqualTo("{\"id\":\"u1\",\"name\":\"Ada\",\"email\":\"ada@example.com\"}");
    assertThat(t.get("organization").toString()).isEqualTo("{\"id\":\"o1\",\"name\":\"Acme\"}");
    assertThat(t.get("name").asText()).isEqualTo("Renamed");
    assertThat(t.get("feature").asText()).isEqualTo("merge");
    assertThat(t.get("status").asText()).isEqualTo("failure");
    assertThat(t.get("sessionId").asText()).isEqualTo("s1");
    assertThat(t.get("conversationId").asText()).isEqualTo("c1");
  }

  @Test
  void lambdaFormRecordsTheErrorAndRethrowsIt() {
    Trace trace = sightline.trace("errors").start();
    assertThatThrownBy(() -> trace.tool("flaky").run(span -> {
      throw new IOException("boom");
    })).isInstanceOf(IOException.class).hasMessage("boom");
    Integer result = trace.function("compute").call(span -> 42);
    assertThat(result).isEqualTo(42);
    trace.end();
    flush();
    JsonNode flaky = spansByName().get("flaky");
    assertThat(flaky.get("status").asText()).isEqualTo("failure");
    assertThat(flaky.get("statusMessage").asText()).isEqualTo("boom");
    assertThat(flaky.get("error").get("type").asText()).isEqualTo("java.io.IOException");
    assertThat(flaky.get("error").get("message").asText()).isEqualTo("boom");
    assertThat(flaky.get("error").get("stacktrace").asText()).contains("boom", "lambdaFormRecordsTheErrorAndRethrowsIt");
    assertThat(spansByName().get("compute").get("output").asInt()).isEqualTo(42);
  }

  @Test
  void lambdaFormStartsTheSpanWhenTheWorkBeginsAndEndsItAfter() throws InterruptedException {
    Trace trace = sightline.trace("timed").start();
    trace.retrieval("outer").run(outer -> {
      Thread.sleep(20);
      outer.tool("inner").run(inner -> Thread.sleep(20));
    });
    trace.end();
    flush();
    JsonNode outer = spansByName().get("outer");
    JsonNode inner = spansByName().get("inner");
    assertThat(outer.get("endTime").asLong() - outer.get("startTime").asLong()).isGreaterThanOrEqualTo(40_000);
    assertThat(inner.get("endTime").asLong() - inner.get("startTime").asLong()).isGreaterThanOrEqualTo(20_000);
    assertThat(inner.get("startTime").asLong()).isGreaterThanOrEqualTo(outer.get("startTime").asLong() + 20_000);
    assertThat(inner.get("parentSpanId").asText()).isEqualTo(outer.get("spanId").asText());
  }

  @Test
  void tryWithResourcesEndsSpansAndExplicitStartRestartsTheClock() throws InterruptedException {
    Trace trace = sightline.trace("twr").start();
    try (Span span = trace.span("scoped").startTime(java.time.Instant.parse("2026-01-01T00:00:00Z")).start()) {
      span.setAttribute("k", "v").setAttribute("n", 2L).setAttribute("d", 0.5).setAttribute("b", false);
    }
    Span late = trace.span("late").start();
    Thread.sleep(20);
    late.start(); // explicit start: the work begins now
    late.end();
    trace.end();
    flush();
    JsonNode scoped = spansByName().get("scoped");
    assertThat(scoped.get("startTime").asLong()).isEqualTo(1767225600000000L);
    assertThat(scoped.get("attributes").toString()).isEqualTo("{\"k\":\"v\",\"n\":2,\"d\":0.5,\"b\":false}");
    JsonNode lateSpan = spansByName().get("late");
    assertThat(lateSpan.get("endTime").asLong() - lateSpan.get("startTime").asLong()).isLessThan(15_000);
  }

  @Test
  void generationFieldsAndDetachedAppend() {
    Trace trace = sightline.trace("gen").start();
    Generation g = trace.generation("answer").provider("openai").model("gpt-4o")
        .modelParameter("temperature", 0.7).prompt(PromptRef.of("qa").withVersion("1.2.0").withTag("production"))
        .variable("topic", "AI").messages(List.of(Message.system("be brief"), Message.user("hi")))
        .evaluator("hallucination").start();
    g.markCompletionStart();
    g.end("hello", 150, 450, 0.0125);

    Generation detached = sightline.generation("topic-extractor").prompt(PromptRef.of("topics")).start();
    assertThat(detached.isAttached()).isFalse();
    detached.end("ai, tracing");
    Generation neverAppended = sightline.generation("orphan").start();
    neverAppended.end("lost");
    Span analysis = trace.span("analysis").start();
    analysis.append(detached);
    trace.append(detached); // a second append is ignored
    assertThat(detached.isAttached()).isTrue();
    Generation live = sightline.generation("live").start();
    trace.append(live);
    analysis.end();
    trace.end();
    flush();
    Map<String, JsonNode> spans = spansByName();
    JsonNode a = spans.get("answer");
    assertThat(a.get("provider").asText()).isEqualTo("openai");
    assertThat(a.get("model").asText()).isEqualTo("gpt-4o");
    assertThat(a.get("modelParameters").toString()).isEqualTo("{\"temperature\":0.7}");
    assertThat(a.get("prompt").toString()).isEqualTo("{\"slug\":\"qa\",\"version\":\"1.2.0\",\"tag\":\"production\"}");
    assertThat(a.get("variables").toString()).isEqualTo("{\"topic\":\"AI\"}");
    assertThat(a.get("input").toString())
        .isEqualTo("[{\"role\":\"system\",\"content\":\"be brief\"},{\"role\":\"user\",\"content\":\"hi\"}]");
    assertThat(a.get("inputTokens").asLong()).isEqualTo(150);
    assertThat(a.get("outputTokens").asLong()).isEqualTo(450);
    assertThat(a.get("cost").asDouble()).isEqualTo(0.0125);
    assertThat(a.get("evaluators").toString()).isEqualTo("[{\"slug\":\"hallucination\"}]");
    assertThat(a.has("completionStartTime")).isTrue();
    JsonNode d = spans.get("topic-extractor");
    assertThat(d.get("traceId").asText()).isEqualTo(trace.traceId());
    assertThat(d.get("parentSpanId").asText()).isEqualTo(analysis.spanId());
    assertThat(d.get("output").asText()).isEqualTo("ai, tracing");
    assertThat(spans).doesNotContainKey("orphan");
    assertThat(spans.get("live").get("status").asText()).as("ended with its trace").isEqualTo("unknown");
  }

  @Test
  void feedbackAndEvaluatorRequests() {
    Trace trace = sightline.trace("fb").evaluator("toxicity").evaluationSampleRate(0.5).start();
    trace.addEvaluator("hallucination");
    Span span = trace.retrieval("search").evaluator("context-relevance").start();
    span.addEvaluator("awareness");
    span.end();
    trace.feedback(Feedback.of("THUMBS_UP", "helpful"));
    span.feedback(Feedback.of("RELEVANCE").withValue(0.8).withAuthor("ops"));
    trace.end();
    flush();
    JsonNode t = lastTrace();
    assertThat(t.get("evaluators").toString()).isEqualTo("[{\"slug\":\"toxicity\"},{\"slug\":\"hallucination\"}]");
    assertThat(t.get("evaluationConfig").toString()).isEqualTo("{\"sampleRate\":0.5}");
    assertThat(spansByName().get("search").get("evaluators").toString())
        .isEqualTo("[{\"slug\":\"context-relevance\"},{\"slug\":\"awareness\"}]");
    List<JsonNode> scores = stub.bodies("score");
    assertThat(scores).hasSize(2);
    JsonNode up = scores.stream().filter(s -> s.get("name").asText().equals("THUMBS_UP")).findFirst().orElseThrow();
    assertThat(up.get("source").asText()).isEqualTo("feedback");
    assertThat(up.get("comment").asText()).isEqualTo("helpful");
    assertThat(up.get("label").asText()).isEqualTo("THUMBS_UP");
    assertThat(up.has("spanId")).isFalse();
    JsonNode rel = scores.stream().filter(s -> s.get("name").asText().equals("RELEVANCE")).findFirst().orElseThrow();
    assertThat(rel.get("value").asDouble()).isEqualTo(0.8);
    assertThat(rel.get("spanId").asText()).isEqualTo(span.spanId());
    assertThat(rel.get("scoreId").asText()).hasSize(32);
  }
}
