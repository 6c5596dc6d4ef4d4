package dev.sightline.dist;

import static dev.sightline.server.testing.Batch.arr;
import static dev.sightline.server.testing.Batch.message;
import static dev.sightline.server.testing.Batch.obj;

import dev.sightline.core.model.Schema;
import dev.sightline.server.testing.ApiClient;
import dev.sightline.server.testing.ApiResponse;
import dev.sightline.server.testing.Batch;
import dev.sightline.storage.tests.Fixtures;
import dev.sightline.storage.tests.TestRows;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

/**
 * Realistic data for the web UI, ingested through the API relative to now: a support chat (agent,
 * retrieval, parallel tool calls, a generation with chat messages, tokens, cost and scores), a
 * session of several turns, a failed trace, failures whose messages differ in numbers and ids only, a trace whose output is an HTML/script payload, a day
 * of varied traffic for the dashboard, two lone traces weeks ago (for charts with gaps), a 10,000-span
 * trace, and the shared agent-tools fixture trace. {@link #toMap()} tells the browser test what to look for.
 *
 * <p>Also a program, to fill a server for a look at the UI:
 * {@code java -cp <dist test classpath> dev.sightline.dist.UiFixture http://127.0.0.1:7600 KEY}, which
 * prints the browser test's {@code SIGHTLINE_FIXTURE}.
 */
record UiFixture(String chatTraceId, String generationSpanId, String sessionId, int sessionTurns,
    String errorTraceId, String xssTraceId, String bigTraceId, int bigSpanCount, String agentTraceId,
    String everyTypeTraceId) {
  static final String FEATURE = "support-chat";
  static final String USER_ID = "user-ada";
  static final String GENERATION = "draft-answer";
  static final String ANSWER = "Your parcel left our warehouse this morning and arrives tomorrow before noon.";
  static final int INPUT_TOKENS = 420;
  static final int OUTPUT_TOKENS = 85;
  static final String XSS = "<img src=x onerror=alert(1)>";
  static final String ERROR_MESSAGE = "Rate limit reached for gpt-4o in organization org-1";
  /** The errors page's pattern of the failed traffic's messages, which differ in numbers and ids only. */
  static final String ERROR_PATTERN = "Tool lookup-order timed out after <num> ms (request <id>)";
  private static final long SECOND = 1_000_000L;
  private static final long MINUTE = 60 * SECOND;
  private static final long DAY = 24 * 60 * MINUTE;
  private static final List<Lone> LONE = List.of(new Lone(20, 800_000, 120, 30), new Lone(10, 1_500_000, 400, 60));
  private static final String[] FEATURES = {FEATURE, "rag-qa", "content-workflow", "checkout-assistant"};
  private static final String[] MODELS = {"gpt-4o-mini", "gpt-4o", "claude-3-5-sonnet"};
  private static final String[][] USERS = {{USER_ID, "Ada Lovelace"}, {"user-grace", "Grace Hopper"},
      {"user-alan", "Alan Turing"}, {"user-edsger", "Edsger Dijkstra"}, {"user-barbara", "Barbara Liskov"}};
  private static final String[][] TURNS = {
      {"Hi, I ordered a lamp last week. Where is my parcel?", ANSWER},
      {"Can I change the delivery address?", "Yes: until it ships you can change it under Orders › Delivery."},
      {"It already shipped. What now?", "Then the courier can redirect it; I have sent you their link by email."},
      {"Thanks, that worked!", "Glad to help. Anything else?"}};

  static UiFixture ingest(ApiClient api) {
    long now = Batch.nowMicros();
    String session = "session-" + Batch.unique();
    Batch batch = Batch.of();
    String chat = null;
    String generation = null;
    for (int i = 0; i < TURNS.length; i++) {
      String traceId = Batch.traceId();
      String spanId = supportChat(batch, traceId, session, now - (TURNS.length - i) * 7 * MINUTE, TURNS[i][0], TURNS[i][1]);
      if (i == 0) {
        chat = traceId;
        generation = spanId;
      }
    }
    batch.score("traceId", chat, "name", "user-feedback", "value", 1, "label", "thumbs-up",
        "comment", "quick and clear", "source", "feedback", "author", USER_ID);
    batch.score("traceId", chat, "spanId", generation, "name", "helpfulness", "value", 0.92,
        "source", "evaluator", "comment", "answers the question with a date");
    batch.score("sessionId", session, "traceId", chat, "name", "resolved", "label", "yes", "source", "annotation");
    // A label that only repeats the name, as thumbs widgets send them.
    batch.score("traceId", chat, "name", "THUMBS_UP", "value", 1, "label", "thumbs_up", "source", "feedback");
    String error = failedTrace(batch, now - 3 * MINUTE);
    String xss = xssTrace(batch, now - 2 * MINUTE);
    String everyType = everyTypeTrace(batch, now - 50 * MINUTE);
    for (Lone lone : LONE) {
      lone.ingest(batch, now);
    }
    api.ingestOk(batch);
    api.ingestOk(traffic(now, new Random(42)));
    String big = Batch.traceId();
    int bigSpans = 10_000;
    for (Batch part : bigTrace(big, now - 90 * MINUTE, bigSpans)) {
      api.ingestOk(part);
    }
    // The shared agent-tools fixture, ending 40 minutes ago: plain spans and a failed tool.
    ApiResponse agent = api.post("/api/ingest", Fixtures.body(Fixtures.AGENT_TOOLS,
        now - 40 * MINUTE - (TestRows.T0 + 64 * SECOND)), "Content-Type", "application/json");
    if (agent.status() != 200) {
      throw new AssertionError("the agent-tools fixture was refused: " + agent);
    }
    api.awaitTrace(Fixtures.AGENT_TOOLS_TRACE, 5);
    api.awaitTrace(big, bigSpans);
    api.awaitTrace(xss, 1);
    api.await(ApiClient.query("/api/sessions/" + session), page -> page.path("traces").path("items").size() == TURNS.length);
    return new UiFixture(chat, generation, session, TURNS.length, error, xss, big, bigSpans, Fixtures.AGENT_TOOLS_TRACE,
        everyType);
  }

  /** One support-chat turn: agent → retrieval, two parallel tools, then the answer. Returns the generation's id. */
  private static String supportChat(Batch b, String traceId, String session, long start, String question, String answer) {
    String agent = Batch.spanId();
    String generation = Batch.spanId();
    b.trace("traceId", traceId, "feature", FEATURE, "name", "support-chat", "status", "success",
        "sessionId", session, "user", obj("id", USER_ID, "name", "Ada Lovelace", "email", "ada@example.com"),
        "organization", obj("id", "org-1", "name", "Analytical Engines"), "environment", "production",
        "release", "2026.11.1", "startTime", start, "endTime", start + 2_600_000,
        "input", obj("messages", arr(message("user", question))), "output", message("assistant", answer),
        "metadata", obj("channel", "web", "locale", "en-GB"), "attributes", obj("region", "eu", "tier", 2),
        "tags", arr("support", "vip"));
    b.span("traceId", traceId, "spanId", agent, "type", "agent", "name", "support-agent",
        "startTime", start + 10_000, "endTime", start + 2_550_000, "status", "success");
    b.span("traceId", traceId, "spanId", Batch.spanId(), "parentSpanId", agent, "type", "retrieval",
        "name", "search-help-center", "startTime", start + 20_000, "endTime", start + 380_000,
        "input", obj("query", question, "topK", 3),
        "output", arr(obj("id", "kb-12", "title", "Delivery times", "score", 0.83),
            obj("id", "kb-31", "title", "Changing your address", "score", 0.71)));
    for (String tool : List.of("lookup-order", "courier-status")) {
      b.span("traceId", traceId, "spanId", Batch.spanId(), "parentSpanId", agent, "type", "tool", "name", tool,
          "startTime", start + 30_000, "endTime", start + (tool.equals("lookup-order") ? 260_000 : 410_000),
          "input", obj("orderId", "A-1042"), "output", obj("status", "shipped", "eta", "tomorrow"));
    }
    b.span("traceId", traceId, "spanId", generation, "parentSpanId", agent, "type", "generation",
        "name", GENERATION, "provider", "openai", "model", "gpt-4o-mini",
        "modelParameters", obj("temperature", 0.2, "max_tokens", 400),
        "prompt", obj("slug", "support-answer", "version", 3, "tag", "production"),
        "variables", obj("customer", "Ada", "order", "A-1042"),
        "input", arr(message("system", "You answer support questions for a lamp shop. Be brief and kind."),
            message("user", question)),
        "output", message("assistant", answer), "inputTokens", INPUT_TOKENS, "outputTokens", OUTPUT_TOKENS,
        "cost", 0.00123, "costDetails", obj("input", 0.00063, "output", 0.0006),
        "startTime", start + 420_000, "completionStartTime", start + 800_000, "endTime", start + 2_500_000,
        "metadata", obj("attempt", 1), "attributes", obj("cache", "miss"));
    return generation;
  }

  private static String failedTrace(Batch b, long start) {
    String traceId = Batch.traceId();
    String agent = Batch.spanId();
    b.trace("traceId", traceId, "feature", "checkout-assistant", "status", "failure",
        "statusMessage", "the model call failed after 3 retries", "user", obj("id", "user-grace", "name", "Grace Hopper"),
        "startTime", start, "endTime", start + 4_100_000, "input", "Apply my voucher SPRING to the basket",
        "environment", "production", "tags", arr("checkout"));
    b.span("traceId", traceId, "spanId", agent, "type", "chain", "name", "apply-voucher",
        "startTime", start + 5_000, "endTime", start + 4_050_000, "status", "failure");
    b.span("traceId", traceId, "spanId", Batch.spanId(), "parentSpanId", agent, "type", "generation",
        "name", "voucher-check", "model", "gpt-4o", "provider", "openai", "status", "failure",
        "statusMessage", ERROR_MESSAGE, "error", obj("type", "RateLimitError", "code", 429, "retries", 3),
        "input", arr(message("user", "Is voucher SPRING valid for basket B-77?")),
        "inputTokens", 64, "startTime", start + 10_000, "endTime", start + 4_000_000);
    return traceId;
  }

  private static String xssTrace(Batch b, long start) {
    String traceId = Batch.traceId();
    b.trace("traceId", traceId, "feature", "xss-probe", "name", XSS, "status", "success",
        "startTime", start, "endTime", start + 900_000, "input", "Show me an image", "output", XSS,
        "tags", arr(XSS), "metadata", obj("note", XSS));
    b.span("traceId", traceId, "spanId", Batch.spanId(), "type", "generation", "name", "render-" + XSS,
        "model", "gpt-4o-mini", "input", arr(message("user", "Show me an image")), "output", message("assistant", XSS),
        "inputTokens", 12, "outputTokens", 9, "cost", 0.00001, "startTime", start + 10_000, "endTime", start + 850_000);
    return traceId;
  }

  /** A trace with one span of every span type, one after the other, each named after its type. */
  private static String everyTypeTrace(Batch b, long start) {
    String traceId = Batch.traceId();
    List<String> types = new ArrayList<>(new TreeSet<>(Schema.SPAN_TYPES));
    b.trace("traceId", traceId, "feature", "content-workflow", "name", "every-span-type", "status", "success",
        "startTime", start, "endTime", start + types.size() * 100_000L);
    for (int i = 0; i < types.size(); i++) {
      b.span("traceId", traceId, "spanId", Batch.spanId(), "type", types.get(i), "name", "a " + types.get(i),
          "status", "success", "startTime", start + i * 100_000L, "endTime", start + (i + 1) * 100_000L);
    }
    return traceId;
  }

  /** A trace with one generation, alone in its part of the timeline: no other trace within days of it. */
  record Lone(int daysAgo, long duration, int inputTokens, int outputTokens) {
    void ingest(Batch b, long now) {
      String traceId = Batch.traceId();
      long start = now - daysAgo * DAY;
      b.trace("traceId", traceId, "feature", "rag-qa", "status", "success", "startTime", start, "endTime", start + duration,
          "input", "What did we ship last month?", "output", "The lamp dimmer.");
      b.span("traceId", traceId, "spanId", Batch.spanId(), "type", "generation", "name", "answer", "model", "gpt-4o-mini",
          "inputTokens", inputTokens, "outputTokens", outputTokens,
          "cost", (inputTokens * price("gpt-4o-mini", true) + outputTokens * price("gpt-4o-mini", false)) / 1_000_000,
          "startTime", start + 5_000, "endTime", start + duration - 5_000);
    }

    Map<String, Object> toMap() {
      return obj("daysAgo", daysAgo, "duration", duration, "inputTokens", inputTokens, "outputTokens", outputTokens);
    }
  }

  /** A day of traffic for the dashboard: features, models and users, some slow, a few failing. */
  private static Batch traffic(long now, Random random) {
    Batch b = Batch.of();
    for (int i = 0; i < 160; i++) {
      String traceId = Batch.traceId();
      long start = now - 5 * MINUTE - (long) (random.nextDouble() * 23 * 60 * MINUTE);
      String feature = FEATURES[random.nextInt(FEATURES.length)];
      String model = MODELS[random.nextInt(MODELS.length)];
      String[] user = USERS[random.nextInt(USERS.length)];
      boolean failed = random.nextInt(12) == 0;
      long duration = (long) ((400 + random.nextGaussian() * 150 + (model.equals("gpt-4o") ? 1500 : 0)
          + (feature.equals("content-workflow") ? 3000 : 0)) * 1000);
      duration = Math.max(duration, 80_000);
      int in = 200 + random.nextInt(1800);
      int out = 40 + random.nextInt(600);
      double cost = (in * price(model, true) + out * price(model, false)) / 1_000_000;
      b.trace("traceId", traceId, "feature", feature, "status", failed ? "failure" : "success",
          "statusMessage", failed ? "Tool lookup-order timed out after " + (1000 + i) + " ms (request "
              + Batch.spanId() + ")" : null,
          "user", obj("id", user[0], "name", user[1]), "environment", random.nextInt(5) == 0 ? "staging" : "production",
          "startTime", start, "endTime", start + duration, "input", "Request " + i + " for " + feature,
          "output", "Answer " + i);
      b.span("traceId", traceId, "spanId", Batch.spanId(), "type", "generation", "name", "answer",
          "model", model, "inputTokens", in, "outputTokens", out, "cost", cost,
          "status", failed ? "failure" : "success", "startTime", start + 5_000, "endTime", start + duration - 5_000,
          "output", "Answer " + i);
    }
    return b;
  }

  private static double price(String model, boolean input) {
    switch (model) {
      case "gpt-4o": return input ? 2.5 : 10;
      case "claude-3-5-sonnet": return input ? 3 : 15;
      default: return input ? 0.15 : 0.6;
    }
  }

  /**
   * A research agent whose steps make 98 tool and model calls each: {@code spans} spans with about
   * 1 KB of input and output each, sent in parts of 2,000.
   */
  private static List<Batch> bigTrace(String traceId, long start, int spans) {
    String notes = "Lamp design balances glare, colour temperature and the shade's diffusion. ".repeat(8);
    List<Batch> parts = new java.util.ArrayList<>();
    Batch b = Batch.of().trace("traceId", traceId, "feature", "deep-research", "name", "deep-research",
        "status", "success", "startTime", start, "endTime", start + spans * 1_000L,
        "input", "Survey the literature on lamp design", "output", "A 40-page report");
    String root = Batch.spanId();
    b.span("traceId", traceId, "spanId", root, "type", "agent", "name", "research-agent",
        "startTime", start, "endTime", start + spans * 1_000L);
    int made = 1;
    for (int step = 0; made < spans; step++) {
      String stepId = Batch.spanId();
      long stepStart = start + made * 1_000L;
      b.span("traceId", traceId, "spanId", stepId, "parentSpanId", root, "type", "chain", "name", "step-" + step,
          "startTime", stepStart, "endTime", stepStart + 99_000);
      made++;
      for (int i = 0; i < 98 && made < spans; i++, made++) {
        boolean gen = i % 3 == 0;
        Map<String, Object> body = new LinkedHashMap<>(obj("traceId", traceId, "spanId", Batch.spanId(),
            "parentSpanId", stepId, "type", gen ? "generation" : "tool", "name", (gen ? "think-" : "search-") + i,
            "startTime", stepStart + i * 1_000L, "endTime", stepStart + i * 1_000L + 900,
            "input", arr(message("system", "You are a careful research assistant."),
                message("user", "Step " + step + ", item " + i + ": " + notes)),
            "output", message("assistant", "Finding " + step + "." + i + ": " + notes.substring(0, 400))));
        if (gen) {
          body.putAll(obj("model", "gpt-4o-mini", "inputTokens", 100, "outputTokens", 20, "cost", 0.00003));
        }
        b.item("span", body);
        if (b.size() >= 2_000) {
          parts.add(b);
          b = Batch.of();
        }
      }
    }
    parts.add(b);
    return parts;
  }

  /** What the browser test checks, as a JSON-ready map. */
  Map<String, Object> toMap() {
    return obj("chatTraceId", chatTraceId, "generationSpanId", generationSpanId, "generationName", GENERATION,
        "answer", ANSWER, "inputTokens", INPUT_TOKENS, "outputTokens", OUTPUT_TOKENS, "feature", FEATURE,
        "userId", USER_ID, "sessionId", sessionId, "sessionTurns", sessionTurns, "errorTraceId", errorTraceId,
        "errorMessage", ERROR_MESSAGE, "errorPattern", ERROR_PATTERN, "xssTraceId", xssTraceId, "xss", XSS, "bigTraceId", bigTraceId,
        "bigSpanCount", bigSpanCount, "agentTraceId", agentTraceId, "everyTypeTraceId", everyTypeTraceId,
        "spanTypes", new TreeSet<>(Schema.SPAN_TYPES), "lone", LONE.stream().map(Lone::toMap).toList());
  }

  /** Ingests into the server at {@code args[0]} with key {@code args[1]}; prints {@link #toMap()} as JSON. */
  public static void main(String[] args) throws com.fasterxml.jackson.core.JsonProcessingException {
    UiFixture fixture = ingest(new ApiClient(URI.create(args[0]), args[1]));
    System.out.println(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(fixture.toMap()));
  }
}
