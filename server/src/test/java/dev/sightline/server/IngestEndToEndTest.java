package dev.sightline.server;

import static dev.sightline.server.testing.ApiClient.field;
import static dev.sightline.server.testing.ApiClient.parse;
import static dev.sightline.server.testing.ApiClient.query;
import static dev.sightline.server.testing.ApiClient.values;
import static dev.sightline.server.testing.Batch.arr;
import static dev.sightline.server.testing.Batch.message;
import static dev.sightline.server.testing.Batch.obj;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sightline.server.testing.ApiClient;
import dev.sightline.server.testing.ApiResponse;
import dev.sightline.server.testing.Batch;
import dev.sightline.server.testing.TestServer;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ingests realistic traces over HTTP and reads them back through every query endpoint; then the
 * merge rules of partial updates. Each test works in a project of its own on one shared server.
 */
class IngestEndToEndTest {
  private static final long MS = 1000;
  private static final long S = 1_000_000;

  @TempDir static Path data;
  static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start(data);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** Three traces of one project: a nested support conversation, its follow-up, a batch job. */
  static final class Conversation {
    final long t0 = Batch.nowMicros() - 600 * S;
    final String t1 = Batch.traceId();
    final String t2 = Batch.traceId();
    final String t3 = Batch.traceId();
    final String agent = Batch.spanId();
    final String retrieve = Batch.spanId();
    final String compose = Batch.spanId();
    final String gen1 = Batch.spanId();
    final String gen2 = Batch.spanId();
    final String event = Batch.spanId();
    final String followUpGen = Batch.spanId();
    final String jobGen = Batch.spanId();
    final String u = Batch.unique();
    final String reference = "ticket-" + u;
    final String session = "session-" + u;
    final String otherSession = "session-2-" + u;
    final String user = "user-" + u;
    final String otherUser = "user-2-" + u;
    final String org = "org-" + u;

    /** Spans first (they end first), as an SDK sends them; children before parents. */
    Batch spans() {
      return Batch.of()
          .span("traceId", t1, "spanId", retrieve, "parentSpanId", agent, "type", "retrieval",
              "name", "search-orders", "startTime", t0 + 20 * MS, "endTime", t0 + 220 * MS,
              "input", obj("query", "parcel 4711"),
              "output", arr(obj("id", "order-4711", "status", "shipping tomorrow")))
          .span("traceId", t1, "spanId", gen1, "parentSpanId", compose, "type", "generation",
              "name", "draft-answer", "startTime", t0 + 320 * MS, "endTime", t0 + 1520 * MS,
              "completionStartTime", t0 + 700 * MS, "provider", "openai", "model", "gpt-4o-mini",
              "modelParameters", obj("temperature", 0.2, "maxTokens", 256),
              "prompt", obj("slug", "support-answer", "version", 3),
              "variables", obj("order", "4711"),
              "input", arr(message("system", "You answer support questions."),
                  message("user", "Where is my parcel 4711?")),
              "output", message("assistant", "Your parcel ships tomorrow; tracking number follows."),
              "inputTokens", 420, "outputTokens", 85, "totalTokens", 505, "cost", 0.00123,
              "status", "success")
          .span("traceId", t1, "spanId", gen2, "parentSpanId", compose, "type", "generation",
              "name", "polish", "startTime", t0 + 1600 * MS, "endTime", t0 + 2200 * MS,
              "provider", "openai", "model", "gpt-4o",
              "input", arr(message("user", "Make it friendlier")),
              "output", message("assistant", "Good news: your parcel ships tomorrow!"),
              "inputTokens", 120, "outputTokens", 30, "cost", 0.0009)
          .span("traceId", t1, "spanId", compose, "parentSpanId", agent, // no type: defaults to span
              "name", "compose", "startTime", t0 + 300 * MS, "endTime", t0 + 2300 * MS)
          .span("traceId", t1, "spanId", event, "parentSpanId", agent, "type", "event",
              "name", "answer-shown", "startTime", t0 + 2450 * MS, "endTime", t0 + 2450 * MS,
              "metadata", obj("ui", "chat-widget"))
          .span("traceId", t1, "spanId", agent, "type", "agent", "name", "support-agent",
              "startTime", t0 + 10 * MS, "endTime", t0 + 2460 * MS, "status", "success");
    }

    Batch traceAndScores() {
      return Batch.of()
          .trace("traceId", t1, "referenceId", reference, "feature", "support-chat",
              "status", "success", "sessionId", session,
              "user", obj("id", user, "name", "Ada Lovelace", "email", "ada@example.com"),
              "organization", obj("id", org, "name", "Analytical Engines"),
              "environment", "production", "release", "2026.11.1",
              "startTime", t0, "endTime", t0 + 2500 * MS,
              "input", obj("messages", arr(message("user", "Where is my parcel 4711?"))),
              "output", message("assistant", "Good news: your parcel ships tomorrow!"),
              "metadata", obj("channel", "web", "plan", "pro"),
              "attributes", obj("region", "eu", "tier", 2, "beta", true),
              "tags", arr("support", "vip"))
          .score("traceId", t1, "name", "user-feedback", "value", 1, "label", "thumbs-up",
              "comment", "quick answer", "source", "feedback", "author", user)
          .score("traceId", t1, "spanId", gen1, "name", "helpfulness", "value", 0.9,
              "source", "evaluator", "scoreId", "eval-" + u);
    }

    /** A follow-up in the same session whose generation failed; and an unrelated batch job. */
    Batch others() {
      return Batch.of()
          .trace("traceId", t2, "feature", "support-chat", "name", "follow-up", "sessionId", session,
              "user", obj("id", user, "name", "Ada Lovelace"), "environment", "production",
              "release", "2026.11.2", "startTime", t0 + 30 * S, "endTime", t0 + 31 * S,
              "input", obj("messages", arr(message("user", "Can I change the delivery address?"))),
              "tags", arr("support"))
          .span("traceId", t2, "spanId", followUpGen, "type", "generation", "name", "answer",
              "model", "gpt-4o-mini", "startTime", t0 + 30 * S + 5 * MS, "endTime", t0 + 30 * S + 900 * MS,
              "inputTokens", 50, "outputTokens", 0, "cost", 0.0001, "status", "failure",
              "statusMessage", "rate limited", "error", obj("type", "RateLimitError", "code", 429))
          .trace("traceId", t3, "feature", "summarize", "name", "quarterly-summary",
              "status", "success", "sessionId", otherSession, "user", obj("id", otherUser),
              "environment", "staging", "release", "2026.11.1",
              "startTime", t0 + 45 * S, "endTime", t0 + 45 * S + 300 * MS,
              "input", "Summarize the quarterly report", "metadata", obj("channel", "api"),
              "attributes", obj("region", "us"), "tags", arr("batch"))
          .span("traceId", t3, "spanId", jobGen, "type", "generation", "name", "summarize",
              "model", "claude-3-5-haiku", "startTime", t0 + 45 * S + 10 * MS,
              "endTime", t0 + 45 * S + 290 * MS, "inputTokens", 2000, "outputTokens", 150,
              "cost", 0.0005);
    }

    void ingest(ApiClient api) {
      api.ingestOk(spans());
      api.ingestOk(traceAndScores());
      api.ingestOk(others());
      api.awaitTrace(t1, t -> t.path("totals").path("spanCount").asInt() == 6
          && t.path("trace").has("feature") && t.path("scores").size() == 1);
      api.awaitTrace(t2, 1);
      api.awaitTrace(t3, 1);
    }
  }

  @Test
  void nestedTraceReadsBackAsATreeWithRollups() {
    ApiClient api = server.newProject();
    Conversation c = new Conversation();
    c.ingest(api);

    JsonNode tree = api.getJson("/api/traces/" + c.t1);
    JsonNode trace = tree.path("trace");
    assertThat(trace.path("traceId").asText()).isEqualTo(c.t1);
    assertThat(trace.path("name").asText()).as("name defaults to the feature").isEqualTo("support-chat");
    assertThat(trace.path("referenceId").asText()).isEqualTo(c.reference);
    assertThat(trace.path("user").path("id").asText()).isEqualTo(c.user);
    assertThat(trace.path("user").path("email").asText()).isEqualTo("ada@example.com");
    assertThat(trace.path("organization").path("name").asText()).isEqualTo("Analytical Engines");
    assertThat(trace.path("input").path("messages").get(0).path("content").asText())
        .isEqualTo("Where is my parcel 4711?");
    assertThat(trace.path("attributes").path("tier").asInt()).isEqualTo(2);
    assertThat(trace.path("attributes").path("beta").asBoolean()).isTrue();
    assertThat(trace.path("tags")).extracting(JsonNode::asText).containsExactly("support", "vip");
    assertThat(trace.path("duration").asLong()).isEqualTo(2500 * MS);
    assertThat(trace.has("projectId")).as("the project is never shown").isFalse();
    // Trace rollups kept by the pipeline.
    assertThat(trace.path("spanCount").asInt()).isEqualTo(6);
    assertThat(trace.path("errorCount").asInt()).isEqualTo(0);
    assertThat(trace.path("inputTokens").asLong()).isEqualTo(540);
    assertThat(trace.path("outputTokens").asLong()).isEqualTo(115);
    assertThat(trace.path("totalTokens").asLong()).isEqualTo(655);
    assertThat(trace.path("cost").asDouble()).isCloseTo(0.00213, within(1e-12));
    assertThat(trace.path("models")).extracting(JsonNode::asText)
        .containsExactlyInAnyOrder("gpt-4o-mini", "gpt-4o");
    assertThat(trace.path("firstSpanStart").asLong()).isEqualTo(c.t0 + 10 * MS);
    assertThat(trace.path("lastSpanEnd").asLong()).isEqualTo(c.t0 + 2460 * MS);
    assertTotals(tree.path("totals"), 6, 540, 115, 655, 0.00213);

    // Structure and order: one root; children in start order.
    JsonNode roots = tree.path("spans");
    assertThat(roots).hasSize(1);
    JsonNode agent = roots.get(0);
    assertThat(agent.path("spanId").asText()).isEqualTo(c.agent);
    assertThat(agent.path("type").asText()).isEqualTo("agent");
    assertThat(agent.path("duration").asLong()).isEqualTo(2450 * MS);
    assertThat(values(agent.path("children"), "spanId"))
        .containsExactly(c.retrieve, c.compose, c.event);
    JsonNode compose = agent.path("children").get(1);
    assertThat(compose.path("type").asText()).as("type defaults to span").isEqualTo("span");
    assertThat(values(compose.path("children"), "spanId")).containsExactly(c.gen1, c.gen2);
    JsonNode gen1 = compose.path("children").get(0);
    JsonNode gen2 = compose.path("children").get(1);
    JsonNode event = agent.path("children").get(2);
    assertThat(event.path("type").asText()).isEqualTo("event");
    assertThat(event.path("duration").asLong()).isZero();
    assertThat(event.path("children")).isEmpty();

    // The generation as sent.
    assertThat(gen1.path("duration").asLong()).isEqualTo(1200 * MS);
    assertThat(gen1.path("model").asText()).isEqualTo("gpt-4o-mini");
    assertThat(gen1.path("provider").asText()).isEqualTo("openai");
    assertThat(gen1.path("modelParameters").path("temperature").asDouble()).isEqualTo(0.2);
    assertThat(gen1.path("prompt").path("slug").asText()).isEqualTo("support-answer");
    assertThat(gen1.path("completionStartTime").asLong()).isEqualTo(c.t0 + 700 * MS);
    assertThat(gen1.path("input").get(1).path("content").asText()).isEqualTo("Where is my parcel 4711?");
    assertThat(gen1.path("output").path("role").asText()).isEqualTo("assistant");
    assertThat(gen2.path("totalTokens").asLong()).as("total = input + output when absent").isEqualTo(150);

    // Totals rolled up to each parent.
    assertTotals(gen1.path("totals"), 1, 420, 85, 505, 0.00123);
    assertTotals(gen2.path("totals"), 1, 120, 30, 150, 0.0009);
    assertTotals(compose.path("totals"), 3, 540, 115, 655, 0.00213);
    assertTotals(agent.path("children").get(0).path("totals"), 1, 0, 0, 0, 0);
    assertTotals(agent.path("totals"), 6, 540, 115, 655, 0.00213);

    // Scores: the feedback on the trace, the evaluator's on the generation.
    assertThat(tree.path("scores")).hasSize(1);
    JsonNode feedback = tree.path("scores").get(0);
    assertThat(feedback.path("name").asText()).isEqualTo("user-feedback");
    assertThat(feedback.path("value").asDouble()).isEqualTo(1.0);
    assertThat(feedback.path("label").asText()).isEqualTo("thumbs-up");
    assertThat(feedback.path("source").asText()).isEqualTo("feedback");
    assertThat(feedback.path("scoreId").asText()).as("derived from the content").matches("[0-9a-f]{32}");
    assertThat(feedback.path("time").asLong()).isPositive();
    assertThat(gen1.path("scores")).hasSize(1);
    assertThat(gen1.path("scores").get(0).path("scoreId").asText()).isEqualTo("eval-" + c.u);
    assertThat(gen2.path("scores")).isEmpty();

    // The same trace by reference id; a trace id is case-insensitive.
    JsonNode byReference = api.getJson("/api/references/" + c.reference);
    assertThat(byReference.path("trace").path("traceId").asText()).isEqualTo(c.t1);
    assertThat(byReference.path("totals")).isEqualTo(tree.path("totals"));
    assertThat(api.getJson("/api/traces/" + c.t1.toUpperCase()).path("trace").path("traceId").asText())
        .isEqualTo(c.t1);
    assertThat(api.get("/api/traces/" + Batch.traceId()).status()).isEqualTo(404);
    assertThat(api.get("/api/references/no-such-" + c.u).errorMessage()).contains("no-such-" + c.u);
  }

  @Test
  void traceListFiltersSortsAndPages() {
    ApiClient api = server.newProject();
    Conversation c = new Conversation();
    c.ingest(api);

    Map<String, List<String>> expected = new HashMap<>();
    expected.put(query("/api/traces"), List.of(c.t3, c.t2, c.t1));
    expected.put(query("/api/traces", "feature", "support-chat"), List.of(c.t2, c.t1));
    expected.put(query("/api/traces", "name", "support-chat"), List.of(c.t1));
    expected.put(query("/api/traces", "name", "follow-up"), List.of(c.t2));
    expected.put(query("/api/traces", "status", "success"), List.of(c.t3, c.t1));
    expected.put(query("/api/traces", "sessionId", c.session), List.of(c.t2, c.t1));
    expected.put(query("/api/traces", "userId", c.user), List.of(c.t2, c.t1));
    expected.put(query("/api/traces", "organizationId", c.org), List.of(c.t1));
    expected.put(query("/api/traces", "environment", "staging"), List.of(c.t3));
    expected.put(query("/api/traces", "release", "2026.11.1"), List.of(c.t3, c.t1));
    expected.put(query("/api/traces", "referenceId", c.reference), List.of(c.t1));
    expected.put(query("/api/traces", "tag", "vip"), List.of(c.t1));
    expected.put(query("/api/traces", "tag", "support"), List.of(c.t2, c.t1));
    expected.put(query("/api/traces", "model", "gpt-4o"), List.of(c.t1));
    expected.put(query("/api/traces", "model", "gpt-4o-mini"), List.of(c.t2, c.t1));
    expected.put(query("/api/traces", "attr.region", "eu"), List.of(c.t1));
    expected.put(query("/api/traces", "attr.tier", "2", "attr.beta", "true"), List.of(c.t1));
    expected.put(query("/api/traces", "meta.channel", "api"), List.of(c.t3));
    expected.put(query("/api/traces", "meta.plan", "pro", "meta.channel", "web"), List.of(c.t1));
    expected.put(query("/api/traces", "minDuration", "2s"), List.of(c.t1));
    expected.put(query("/api/traces", "maxDuration", "500ms"), List.of(c.t3));
    expected.put(query("/api/traces", "minDuration", "250", "maxDuration", "1500ms"), List.of(c.t3, c.t2));
    expected.put(query("/api/traces", "minCost", "0.002"), List.of(c.t1));
    expected.put(query("/api/traces", "hasError", "true"), List.of(c.t2));
    expected.put(query("/api/traces", "hasError", "false"), List.of(c.t3, c.t1));
    expected.put(query("/api/traces", "q", "parcel"), List.of(c.t1));
    expected.put(query("/api/traces", "q", "TRACKING number"), List.of(c.t1)); // a span's output
    expected.put(query("/api/traces", "q", "delivery address"), List.of(c.t2));
    expected.put(query("/api/traces", "q", "quarterly report"), List.of(c.t3));
    expected.put(query("/api/traces", "q", "parcel quarterly"), List.of());
    expected.put(query("/api/traces", "from", Long.toString(c.t0 + 30 * S)), List.of(c.t3, c.t2));
    expected.put(query("/api/traces", "to", Long.toString(c.t0 + 30 * S)), List.of(c.t1));
    expected.put(query("/api/traces", "feature", "support-chat", "userId", c.user, "hasError", "false",
        "q", "parcel"), List.of(c.t1));
    expected.put(query("/api/traces", "sort", "cost", "order", "asc"), List.of(c.t2, c.t3, c.t1));
    expected.put(query("/api/traces", "sort", "duration"), List.of(c.t1, c.t2, c.t3));
    expected.put(query("/api/traces", "sort", "totalTokens", "order", "desc"), List.of(c.t3, c.t1, c.t2));
    expected.put(query("/api/traces", "order", "asc"), List.of(c.t1, c.t2, c.t3));
    for (Map.Entry<String, List<String>> e : expected.entrySet()) {
      assertThat(field(api.getJson(e.getKey()), "traceId")).as(e.getKey()).isEqualTo(e.getValue());
    }

    // Each listed trace carries its scores.
    JsonNode listed = api.getJson(query("/api/traces", "referenceId", c.reference)).path("items").get(0);
    assertThat(listed.path("scores")).hasSize(2);
    assertThat(listed.path("spanCount").asInt()).isEqualTo(6);

    // Paging with a cursor.
    JsonNode first = api.getJson(query("/api/traces", "limit", "2"));
    assertThat(field(first, "traceId")).containsExactly(c.t3, c.t2);
    assertThat(first.path("nextCursor").isTextual()).isTrue();
    JsonNode second = api.getJson(query("/api/traces", "limit", "2", "cursor",
        first.path("nextCursor").asText()));
    assertThat(field(second, "traceId")).containsExactly(c.t1);
    assertThat(second.path("nextCursor").isNull()).isTrue();

    // Bad parameters are a 400 naming the parameter.
    for (String bad : List.of("limit=0", "limit=5000", "sort=nope", "order=up", "minDuration=soon",
        "hasError=yes", "from=yesterday", "minCost=cheap", "cursor=bm9wZQ")) {
      String message = api.get("/api/traces?" + bad).errorMessage();
      assertThat(message).as(bad).startsWith(bad.substring(0, bad.indexOf('=')) + ":");
    }

    // A misspelt parameter is refused, not ignored: the answer lists what the endpoint takes.
    ApiResponse misspelt = api.get("/api/traces?feture=support-chat");
    assertThat(misspelt.status()).isEqualTo(400);
    assertThat(misspelt.errorMessage()).startsWith("feture: unknown parameter; this endpoint takes ")
        .contains("feature", "limit", "cursor", "attr.KEY");
    assertThat(api.get("/api/traces?attr.plan=pro&meta.channel=web").status()).isEqualTo(200);
    for (String path : List.of("/api/spans", "/api/sessions", "/api/users", "/api/scores", "/api/metrics",
        "/api/traces/" + c.t1, "/api/references/" + c.reference)) {
      assertThat(api.get(path + "?limt=5").errorMessage()).as(path).startsWith("limt: unknown parameter");
    }

    // time=iso answers every time as an ISO-8601 string, on every route; durations and counts stay numbers.
    String iso = Instant.EPOCH.plus(c.t0, ChronoUnit.MICROS).atOffset(ZoneOffset.UTC)
        .format(DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'"));
    JsonNode tree = api.getJson("/api/traces/" + c.t1 + "?time=iso");
    assertThat(tree.path("trace").path("startTime").asText()).isEqualTo(iso);
    assertThat(tree.path("trace").path("duration").isIntegralNumber()).isTrue();
    assertThat(tree.path("trace").path("spanCount").isIntegralNumber()).isTrue();
    assertThat(tree.path("spans").get(0).path("startTime").isTextual()).isTrue();
    assertThat(api.getJson("/api/traces?time=iso&referenceId=" + c.reference).path("items").get(0)
        .path("startTime").asText()).isEqualTo(iso);
    assertThat(api.getJson("/api/traces/" + c.t1 + "?time=micros").path("trace").path("startTime").asLong())
        .isEqualTo(c.t0);
    JsonNode metrics = api.getJson("/api/metrics?time=iso&bucket=1h");
    assertThat(metrics.path("from").asText()).endsWith("Z");
    assertThat(metrics.path("points").get(0).path("bucketStart").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    assertThat(metrics.path("points").get(0).path("count").isIntegralNumber()).isTrue();
    assertThat(api.getJson("/api/sessions?time=iso").path("items").get(0).path("firstTime").isTextual()).isTrue();
    assertThat(api.get("/api/traces?time=local").errorMessage()).isEqualTo("time: must be iso or micros");
  }

  @Test
  void spansSessionsUsersScoresAndMetrics() {
    ApiClient api = server.newProject();
    Conversation c = new Conversation();
    c.ingest(api);

    // Spans across traces, by type and trace-level conditions.
    assertThat(field(api.getJson("/api/spans?type=generation"), "spanId"))
        .containsExactly(c.jobGen, c.followUpGen, c.gen2, c.gen1);
    assertThat(field(api.getJson("/api/spans?type=generation&model=gpt-4o-mini"), "spanId"))
        .containsExactly(c.followUpGen, c.gen1);
    assertThat(field(api.getJson("/api/spans?type=generation&feature=support-chat&order=asc"), "spanId"))
        .containsExactly(c.gen1, c.gen2, c.followUpGen);
    assertThat(field(api.getJson("/api/spans?type=event"), "spanId")).containsExactly(c.event);
    assertThat(field(api.getJson("/api/spans?hasError=true"), "spanId")).containsExactly(c.followUpGen);
    assertThat(field(api.getJson("/api/spans?type=span"), "spanId")).containsExactly(c.compose);
    assertThat(api.getJson("/api/spans").path("items")).hasSize(8);
    JsonNode failed = api.getJson("/api/spans?status=failure").path("items").get(0);
    assertThat(failed.path("statusMessage").asText()).isEqualTo("rate limited");
    assertThat(failed.path("error").path("code").asInt()).isEqualTo(429);
    assertThat(failed.path("traceId").asText()).isEqualTo(c.t2);

    // A session's traces, oldest first.
    JsonNode session = api.getJson("/api/sessions/" + c.session);
    assertThat(session.path("sessionId").asText()).isEqualTo(c.session);
    assertThat(field(session.path("traces"), "traceId")).containsExactly(c.t1, c.t2);
    assertThat(api.getJson("/api/sessions/none-" + c.u).path("traces").path("items")).isEmpty();

    // Sessions and users, most recently active first, with totals.
    JsonNode sessions = api.getJson("/api/sessions");
    assertThat(field(sessions, "id")).containsExactly(c.otherSession, c.session);
    JsonNode s = sessions.path("items").get(1);
    assertThat(s.path("traceCount").asInt()).isEqualTo(2);
    assertThat(s.path("errorCount").asInt()).isEqualTo(1);
    assertThat(s.path("firstTime").asLong()).isEqualTo(c.t0);
    assertThat(s.path("lastTime").asLong()).isEqualTo(c.t0 + 30 * S);
    assertThat(s.path("inputTokens").asLong()).isEqualTo(590);
    assertThat(s.path("cost").asDouble()).isCloseTo(0.00223, within(1e-12));
    JsonNode users = api.getJson("/api/users");
    assertThat(field(users, "id")).containsExactly(c.otherUser, c.user);
    assertThat(users.path("items").get(1).path("name").asText()).isEqualTo("Ada Lovelace");
    assertThat(users.path("items").get(1).path("traceCount").asInt()).isEqualTo(2);
    assertThat(field(api.getJson("/api/users?limit=1"), "id")).containsExactly(c.otherUser);

    // Scores, newest first, filtered.
    assertThat(api.getJson("/api/scores").path("items")).hasSize(2);
    assertThat(field(api.getJson("/api/scores?traceId=" + c.t1), "name"))
        .containsExactlyInAnyOrder("user-feedback", "helpfulness");
    assertThat(field(api.getJson("/api/scores?spanId=" + c.gen1), "name")).containsExactly("helpfulness");
    assertThat(field(api.getJson("/api/scores?source=feedback"), "label")).containsExactly("thumbs-up");
    assertThat(field(api.getJson("/api/scores?name=helpfulness"), "value")).containsExactly("0.9");
    assertThat(api.getJson("/api/scores?traceId=" + c.t3).path("items")).isEmpty();

    // Metrics: one bucket over the last hour holds the three traces.
    String range = "from=" + (c.t0 - 60 * S) + "&to=" + (c.t0 + 3600 * S);
    JsonNode metrics = api.getJson("/api/metrics?" + range + "&bucket=2h");
    assertThat(metrics.path("points")).isNotEmpty();
    assertThat(sum(metrics, "count")).isEqualTo(3);
    assertThat(sum(metrics, "errors")).isEqualTo(1);
    assertThat(sum(metrics, "inputTokens")).isEqualTo(2590);
    JsonNode byFeature = api.getJson("/api/metrics?" + range + "&bucket=2h&groupBy=feature");
    Map<String, Long> counts = new HashMap<>();
    for (JsonNode p : byFeature.path("points")) {
      counts.merge(p.path("group").asText(), p.path("count").asLong(), Long::sum);
      assertThat(p.path("p50").isNumber()).isTrue();
    }
    assertThat(counts).containsOnly(Map.entry("support-chat", 2L), Map.entry("summarize", 1L));
    JsonNode spanModels = api.getJson("/api/metrics?" + range + "&bucket=2h&entity=spans&groupBy=model");
    Map<String, Long> byModel = new HashMap<>();
    spanModels.path("points").forEach(p -> byModel.merge(
        p.path("group").isNull() ? "(none)" : p.path("group").asText(), p.path("count").asLong(), Long::sum));
    assertThat(byModel).containsOnly(Map.entry("gpt-4o-mini", 2L), Map.entry("gpt-4o", 1L),
        Map.entry("claude-3-5-haiku", 1L), Map.entry("(none)", 4L));
    assertThat(sum(api.getJson("/api/metrics"), "count")).as("default range: the last 24 h").isEqualTo(3);
    assertThat(api.get("/api/metrics?groupBy=model").errorMessage()).contains("groupBy");
    assertThat(sum(api.getJson("/api/metrics?" + range + "&bucket=1d"), "count")).as("days").isEqualTo(3);
    assertThat(sum(api.getJson("/api/metrics?" + range + "&bucket=" + (c.t0 + 3600 * S + 1) + "us"), "count"))
        .as("one bucket as long as the epoch is old, as the UI asks").isEqualTo(3);
    assertThat(api.get("/api/metrics?" + range + "&bucket=1w").errorMessage()).startsWith("bucket:");
    assertThat(api.get("/api/metrics?" + range + "&bucket=1e3").status()).isEqualTo(400);
  }

  @Test
  void aSpanSentAgainWithEndTimeAndOutputIsCompleted() {
    ApiClient api = server.newProject();
    String trace = Batch.traceId();
    String span = Batch.spanId();
    long start = Batch.nowMicros() - 5 * S;
    api.ingestOk(Batch.of()
        .trace("traceId", trace, "feature", "chat", "startTime", start)
        .span("traceId", trace, "spanId", span, "type", "generation", "name", "answer",
            "model", "gpt-4o-mini", "startTime", start + 5 * MS, "input", arr(message("user", "hi")),
            "status", "pending"));
    JsonNode open = api.awaitTrace(trace, 1).path("spans").get(0);
    assertThat(open.has("endTime")).isFalse();
    assertThat(open.has("duration")).isFalse();

    api.ingestOk(Batch.of()
        .span("traceId", trace, "spanId", span, "endTime", start + 805 * MS,
            "output", message("assistant", "hello"), "status", "success")
        .trace("traceId", trace, "endTime", start + 900 * MS));
    JsonNode tree = api.awaitTrace(trace, t -> t.path("spans").get(0).has("output"));
    JsonNode done = tree.path("spans").get(0);
    assertThat(done.path("name").asText()).isEqualTo("answer");
    assertThat(done.path("model").asText()).isEqualTo("gpt-4o-mini");
    assertThat(done.path("input").get(0).path("content").asText()).isEqualTo("hi");
    assertThat(done.path("output").path("content").asText()).isEqualTo("hello");
    assertThat(done.path("status").asText()).isEqualTo("success");
    assertThat(done.path("duration").asLong()).isEqualTo(800 * MS);
    assertThat(tree.path("trace").path("duration").asLong()).isEqualTo(900 * MS);
    assertThat(tree.path("trace").path("spanCount").asInt()).isEqualTo(1);
    assertThat(tree.path("trace").path("name").asText()).isEqualTo("chat");
  }

  @Test
  void aTreeReadWithoutPayloadsAndOneSpanReadWithThem() {
    ApiClient api = server.newProject();
    String trace = Batch.traceId();
    String span = Batch.spanId();
    long start = Batch.nowMicros() - 5 * S;
    api.ingestOk(Batch.of()
        .trace("traceId", trace, "feature", "chat", "startTime", start, "input", "question")
        .span("traceId", trace, "spanId", span, "type", "generation", "name", "answer", "model", "gpt-4o",
            "startTime", start, "endTime", start + 5 * MS, "input", arr(message("user", "hi")),
            "output", message("assistant", "hello"), "variables", obj("name", "Ada"),
            "metadata", obj("k", "v"), "inputTokens", 3));
    api.awaitTrace(trace, 1);

    JsonNode light = api.getJson("/api/traces/" + trace + "?payloads=false");
    JsonNode node = light.path("spans").get(0);
    assertThat(node.has("input") || node.has("output") || node.has("variables")).isFalse();
    assertThat(node.path("metadata").path("k").asText()).isEqualTo("v");
    assertThat(node.path("inputTokens").asInt()).isEqualTo(3);
    assertThat(light.path("trace").path("input").asText()).isEqualTo("question");
    assertThat(api.getJson("/api/traces/" + trace + "?payloads=true").path("spans").get(0).has("output")).isTrue();
    assertThat(api.get("/api/traces/" + trace + "?payloads=no").errorMessage()).startsWith("payloads:");

    JsonNode full = api.getJson("/api/traces/" + trace.toUpperCase(java.util.Locale.ROOT) + "/spans/" + span);
    assertThat(full.path("output").path("content").asText()).isEqualTo("hello");
    assertThat(full.path("variables").path("name").asText()).isEqualTo("Ada");
    assertThat(full.path("duration").asLong()).isEqualTo(5 * MS);
    assertThat(api.get("/api/traces/" + trace + "/spans/" + Batch.spanId()).status()).isEqualTo(404);
    assertThat(server.newProject().get("/api/traces/" + trace + "/spans/" + span).status()).isEqualTo(404);
    assertThat(api.get("/api/traces/" + trace + "/spans/xyz").status()).as("not a span id").isEqualTo(404);
    assertThat(api.get("/api/traces/abc").status()).as("not a trace id").isEqualTo(404);
    assertThat(api.get("/api/traces/abc/spans/" + span).status()).isEqualTo(404);
  }

  @Test
  void anUpdateThatArrivesBeforeItsCreateIsKept() {
    ApiClient api = server.newProject();
    String trace = Batch.traceId();
    String span = Batch.spanId();
    long start = Batch.nowMicros() - 5 * S;
    // The end of the span and of the trace come first, in a request of their own ...
    api.ingestOk(Batch.of()
        .span("traceId", trace, "spanId", span, "endTime", start + 700 * MS,
            "output", message("assistant", "done"), "outputTokens", 40, "cost", 0.002)
        .trace("traceId", trace, "endTime", start + 1 * S, "output", "done", "tags", arr("late")));
    server.awaitApplied(); // ... and are stored before the creates arrive.
    api.ingestOk(Batch.of()
        .span("traceId", trace, "spanId", span, "type", "generation", "name", "answer",
            "startTime", start + 100 * MS, "input", arr(message("user", "go")), "inputTokens", 60,
            "model", "gpt-4o")
        .trace("traceId", trace, "feature", "agent-run", "startTime", start,
            "input", "go", "user", obj("id", "u-" + trace)));

    JsonNode tree = api.awaitTrace(trace, t -> t.path("spans").get(0).has("name")
        && t.path("trace").has("feature"));
    JsonNode s = tree.path("spans").get(0);
    assertThat(s.path("output").path("content").asText()).isEqualTo("done");
    assertThat(s.path("input").get(0).path("content").asText()).isEqualTo("go");
    assertThat(s.path("type").asText()).isEqualTo("generation");
    assertThat(s.path("duration").asLong()).isEqualTo(600 * MS);
    assertThat(s.path("outputTokens").asLong()).isEqualTo(40);
    assertThat(s.path("inputTokens").asLong()).isEqualTo(60);
    assertThat(s.path("totalTokens").asLong()).as("input + output, across both events").isEqualTo(100);
    JsonNode t = tree.path("trace");
    assertThat(t.path("output").asText()).isEqualTo("done");
    assertThat(t.path("input").asText()).isEqualTo("go");
    assertThat(t.path("tags")).extracting(JsonNode::asText).containsExactly("late");
    assertThat(t.path("duration").asLong()).isEqualTo(1 * S);
    assertThat(t.path("name").asText()).as("name defaults to the feature").isEqualTo("agent-run");
    assertThat(t.path("spanCount").asInt()).isEqualTo(1);
    assertThat(t.path("totalTokens").asLong()).isEqualTo(100);
    assertThat(t.path("cost").asDouble()).isEqualTo(0.002);
    assertThat(t.path("models")).extracting(JsonNode::asText).containsExactly("gpt-4o");
  }

  @Test
  void sendingTheSameEventsAgainCountsThemOnce() {
    ApiClient api = server.newProject();
    String trace = Batch.traceId();
    String root = Batch.spanId();
    String gen = Batch.spanId();
    long start = Batch.nowMicros() - 5 * S;
    Batch events = Batch.of()
        .trace("traceId", trace, "feature", "retry", "startTime", start, "endTime", start + S)
        .span("traceId", trace, "spanId", root, "name", "root", "startTime", start, "endTime", start + S)
        .span("traceId", trace, "spanId", gen, "parentSpanId", root, "type", "generation",
            "model", "gpt-4o", "startTime", start + 10 * MS, "endTime", start + 500 * MS,
            "inputTokens", 100, "outputTokens", 10, "cost", 0.01, "status", "failure")
        .score("traceId", trace, "name", "thumbs", "value", 0);
    api.ingestOk(events);
    api.awaitTrace(trace, 2);
    api.ingestOk(events); // a client retry after a lost answer
    api.ingestOk(Batch.of().addAll(events).addAll(events)); // twice within one request
    server.awaitApplied();

    JsonNode tree = api.getJson("/api/traces/" + trace);
    JsonNode t = tree.path("trace");
    assertThat(t.path("spanCount").asInt()).isEqualTo(2);
    assertThat(t.path("errorCount").asInt()).isEqualTo(1);
    assertThat(t.path("inputTokens").asLong()).isEqualTo(100);
    assertThat(t.path("totalTokens").asLong()).isEqualTo(110);
    assertThat(t.path("cost").asDouble()).isEqualTo(0.01);
    assertThat(t.path("models")).hasSize(1);
    assertTotals(tree.path("totals"), 2, 100, 10, 110, 0.01);
    assertThat(tree.path("scores")).as("a score without id is identified by its content").hasSize(1);
    assertThat(api.getJson("/api/spans").path("items")).hasSize(2);
    assertThat(api.getJson("/api/traces").path("items")).hasSize(1);
  }

  @Test
  void metadataMergesKeyByKeyAndTagsAreReplaced() {
    ApiClient api = server.newProject();
    String trace = Batch.traceId();
    String span = Batch.spanId();
    long start = Batch.nowMicros() - 5 * S;
    api.ingestOk(Batch.of()
        .trace("traceId", trace, "startTime", start, "metadata", obj("a", 1, "b", obj("x", 1)),
            "attributes", obj("k1", "v1"), "tags", arr("one", "two"))
        .span("traceId", trace, "spanId", span, "startTime", start, "metadata", obj("step", 1),
            "tags", arr("s1")));
    api.awaitTrace(trace, 1);
    api.ingestOk(Batch.of()
        .trace("traceId", trace, "metadata", obj("b", obj("y", 2), "c", 3),
            "attributes", obj("k2", 2), "tags", arr("three"))
        .span("traceId", trace, "spanId", span, "metadata", obj("step", 2, "retry", true),
            "tags", arr()));
    JsonNode tree = api.awaitTrace(trace, x -> x.path("trace").path("metadata").has("c"));
    JsonNode t = tree.path("trace");
    assertThat(t.path("metadata")).isEqualTo(parse("{\"a\":1,\"b\":{\"y\":2},\"c\":3}"));
    assertThat(t.path("attributes")).isEqualTo(parse("{\"k1\":\"v1\",\"k2\":2}"));
    assertThat(t.path("tags")).extracting(JsonNode::asText).containsExactly("three");
    JsonNode s = tree.path("spans").get(0);
    assertThat(s.path("metadata")).isEqualTo(parse("{\"step\":2,\"retry\":true}"));
    assertThat(s.path("tags").isArray()).isTrue();
    assertThat(s.path("tags")).isEmpty();
    assertThat(field(api.getJson("/api/traces?meta.a=1&meta.c=3"), "traceId")).containsExactly(trace);
    assertThat(field(api.getJson("/api/traces?tag=one"), "traceId")).isEmpty();
  }

  @Test
  void aTraceSentAfterItsSpansIsNamedAfterItsFeature() {
    ApiClient api = server.newProject();
    String trace = Batch.traceId();
    String root = Batch.spanId();
    long start = Batch.nowMicros() - 5 * S;
    api.ingestOk(Batch.of().span("traceId", trace, "spanId", root, "name", "handle-request",
        "startTime", start, "endTime", start + S));
    JsonNode spansOnly = api.awaitTrace(trace, 1).path("trace");
    assertThat(spansOnly.path("name").asText()).as("a trace known only by spans takes its root's name")
        .isEqualTo("handle-request");
    api.ingestOk(Batch.of().trace("traceId", trace, "feature", "checkout", "startTime", start));
    JsonNode t = api.awaitTrace(trace, x -> x.path("trace").has("feature")).path("trace");
    assertThat(t.path("name").asText()).isEqualTo("checkout");
    assertThat(field(api.getJson("/api/traces?name=checkout"), "traceId")).containsExactly(trace);
  }

  private static void assertTotals(JsonNode totals, int spans, long in, long out, long total, double cost) {
    assertThat(totals.path("spanCount").asInt()).as("spanCount").isEqualTo(spans);
    assertThat(totals.path("inputTokens").asLong()).as("inputTokens").isEqualTo(in);
    assertThat(totals.path("outputTokens").asLong()).as("outputTokens").isEqualTo(out);
    assertThat(totals.path("totalTokens").asLong()).as("totalTokens").isEqualTo(total);
    assertThat(totals.path("cost").asDouble()).as("cost").isCloseTo(cost, within(1e-12));
  }

  private static long sum(JsonNode metrics, String field) {
    long total = 0;
    for (JsonNode p : metrics.path("points")) {
      total += p.path(field).asLong();
    }
    return total;
  }
}
