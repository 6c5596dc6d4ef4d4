package dev.sightline.server;

import static dev.sightline.server.testing.ApiClient.field;
import static dev.sightline.server.testing.ApiClient.values;
import static dev.sightline.server.testing.Batch.arr;
import static dev.sightline.server.testing.Batch.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sightline.server.testing.ApiClient;
import dev.sightline.server.testing.ApiResponse;
import dev.sightline.server.testing.Batch;
import dev.sightline.server.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad requests and bad items: each gets a 4xx naming the problem, stores nothing of what was
 * refused, keeps its valid neighbours, and leaves the server serving.
 */
class BadInputTest {
  static final int MAX_BODY = 256 * 1024;

  @TempDir static Path data;
  static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.builder(data).maxBodyBytes(MAX_BODY).start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** A request that cannot be taken as a whole. */
  record BadRequest(String name, int status, String message, byte[] body, String... headers) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<BadRequest> badRequests() {
    String good = validItems().json();
    String items = good.substring("{\"batch\":[".length(), good.length() - 2); // the items alone
    return Stream.of(
        new BadRequest("malformed JSON", 400, "malformed JSON",
            utf8("{\"batch\":[" + items + ",{\"type\":\"span\",\"body\":{\"traceId\":")),
        new BadRequest("not an object", 400, "body: must be a JSON object", utf8("[" + items + "]")),
        new BadRequest("empty body", 400, "body: must be a JSON object", new byte[0]),
        new BadRequest("unknown top-level field", 400, "extra: unknown field",
            utf8("{\"batch\":[" + items + "],\"extra\":1}")),
        new BadRequest("batch not an array", 400, "batch: must be an array",
            utf8("{\"batch\":{\"type\":\"trace\"}}")),
        new BadRequest("batch missing", 400, "batch: required", utf8("{}")),
        new BadRequest("content after the object", 400, "unexpected content",
            utf8(good + "{\"batch\":[]}")),
        new BadRequest("10,000 nested arrays", 400, "nesting deeper than",
            utf8("{\"batch\":[" + items + ",{\"type\":\"span\",\"body\":{\"input\":"
                + "[".repeat(10_000) + "]".repeat(10_000) + "}}]}")),
        new BadRequest("invalid UTF-8", 400, "UTF-8", concat(utf8("{\"batch\":[" + items
            + ",{\"type\":\"trace\",\"body\":{\"traceId\":\"" + Batch.traceId() + "\",\"name\":\"caf"),
            new byte[] {(byte) 0xC3, (byte) 0x28}, utf8("\"}}]}"))),
        new BadRequest("wrong content type", 415, "Content-Type must be application/json",
            utf8(good), "Content-Type", "text/plain"),
        new BadRequest("form content type", 415, "Content-Type must be application/json",
            utf8(good), "Content-Type", "application/x-www-form-urlencoded"),
        new BadRequest("unsupported content encoding", 415, "Content-Encoding must be gzip or identity",
            utf8(good), "Content-Type", "application/json", "Content-Encoding", "br"),
        new BadRequest("invalid gzip", 400, "not valid gzip",
            utf8(good), "Content-Type", "application/json", "Content-Encoding", "gzip"),
        new BadRequest("truncated gzip", 400, "not valid gzip",
            truncate(Batch.gzip(utf8(good)), 10), "Content-Type", "application/json", "Content-Encoding", "gzip"),
        new BadRequest("gzip bomb", 413, "once decompressed",
            Batch.gzip(utf8("{\"batch\":[" + items + "]" + " ".repeat(64 * MAX_BODY) + "}")),
            "Content-Type", "application/json", "Content-Encoding", "gzip"),
        new BadRequest("oversized body", 413, "larger than " + MAX_BODY + " bytes",
            utf8("{\"batch\":[" + items + ",{\"type\":\"trace\",\"body\":{\"traceId\":\""
                + Batch.traceId() + "\",\"input\":\"" + "x".repeat(MAX_BODY) + "\"}}]}")),
        new BadRequest("too many items", 413, "at most 10000 items",
            utf8("{\"batch\":[" + items + ",{}".repeat(10_000) + "]}")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badRequests")
  void aBadRequestIsRefusedWholeAndStoresNothing(BadRequest bad) {
    ApiClient api = server.newProject();
    String[] headers = bad.headers().length > 0 ? bad.headers()
        : new String[] {"Content-Type", "application/json"};
    ApiResponse r = api.post("/api/ingest", bad.body(), headers);

    assertThat(r.status()).as(r.toString()).isEqualTo(bad.status());
    assertThat(r.header("content-type").orElse("")).startsWith("application/json");
    assertThat(r.errorMessage()).contains(bad.message());
    server.awaitApplied();
    assertNothingStored(api);
    assertStillServing(api);
  }

  /** An invalid item beside valid ones. */
  record BadItem(String name, String message, Consumer<Batch> item) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<BadItem> badItems() {
    String t = Batch.traceId();
    String s = Batch.spanId();
    long now = Batch.nowMicros();
    return Stream.of(
        bad("span without traceId", "body.traceId: required", b -> b.span("spanId", s)),
        bad("span without spanId", "body.spanId: required", b -> b.span("traceId", t)),
        bad("trace without traceId", "body.traceId: required", b -> b.trace("name", "x")),
        bad("trace id not hex", "body.traceId: must be 32 hex characters", b -> b.trace("traceId", "xyz")),
        bad("trace id too long", "body.traceId: longer than 32 characters", b -> b.trace("traceId", t + "a")),
        bad("trace id all zero", "not all zero", b -> b.trace("traceId", "0".repeat(32))),
        bad("span id too short", "body.spanId: must be 16 hex characters", b -> b.span("traceId", t, "spanId", "abc")),
        bad("parent id not hex", "body.parentSpanId: must be 16 hex", b -> b.span("traceId", t, "spanId", s,
            "parentSpanId", "g".repeat(16))),
        bad("own parent", "body.parentSpanId: must differ from spanId",
            b -> b.span("traceId", t, "spanId", s, "parentSpanId", s)),
        bad("unknown item type", "type: must be one of \"trace\", \"span\", \"score\"",
            b -> b.item("log", obj("traceId", t))),
        bad("type not a string", "type: must be one of", b -> b.rawItem(obj("type", 1, "body", obj("traceId", t)))),
        bad("missing type", "type: required", b -> b.rawItem(obj("body", obj("traceId", t)))),
        bad("item not an object", "item: must be an object", b -> b.rawItem("trace " + t)),
        bad("body not an object", "body: must be an object", b -> b.item("trace", t)),
        bad("missing body", "body: required", b -> b.rawItem(obj("type", "trace"))),
        bad("unknown item field", "extra: unknown field",
            b -> b.rawItem(obj("type", "trace", "body", obj("traceId", t), "extra", 1))),
        bad("unknown body field", "body.colour: unknown field", b -> b.trace("traceId", t, "colour", "red")),
        bad("rollup field", "body.spanCount: unknown field", b -> b.trace("traceId", t, "spanCount", 3)),
        bad("projectId in body", "body.projectId: set by the API key",
            b -> b.trace("traceId", t, "projectId", "someone-else")),
        bad("name not a string", "body.name: must be a string", b -> b.trace("traceId", t, "name", 42)),
        bad("name too long", "body.name: longer than 512 characters",
            b -> b.trace("traceId", t, "name", "n".repeat(513))),
        bad("startTime a boolean", "body.startTime: must be an ISO-8601 string or epoch microseconds",
            b -> b.trace("traceId", t, "startTime", true)),
        bad("startTime in milliseconds", "looks like milliseconds",
            b -> b.trace("traceId", t, "startTime", System.currentTimeMillis())),
        bad("endTime in seconds", "looks like milliseconds or seconds",
            b -> b.span("traceId", t, "spanId", s, "endTime", System.currentTimeMillis() / 1000)),
        bad("time without a zone", "body.startTime: must be ISO-8601 with a zone",
            b -> b.trace("traceId", t, "startTime", "2026-11-22T10:00:00")),
        bad("time in year 2200", "between years 2000 and 2100",
            b -> b.trace("traceId", t, "startTime", "2200-01-01T00:00:00Z")),
        bad("endTime before startTime", "body.endTime: before startTime",
            b -> b.span("traceId", t, "spanId", s, "startTime", now, "endTime", now - 1)),
        bad("tokens as text", "body.inputTokens: must be an integer",
            b -> b.span("traceId", t, "spanId", s, "inputTokens", "12")),
        bad("negative tokens", "body.outputTokens: must be an integer from 0",
            b -> b.span("traceId", t, "spanId", s, "outputTokens", -1)),
        bad("fractional tokens", "body.inputTokens: must be an integer",
            b -> b.span("traceId", t, "spanId", s, "inputTokens", 1.5)),
        bad("negative cost", "body.cost: must be >= 0", b -> b.span("traceId", t, "spanId", s, "cost", -0.5)),
        bad("cost as text", "body.cost: must be a number", b -> b.span("traceId", t, "spanId", s, "cost", "0.1")),
        bad("tags not an array", "body.tags: must be an array of strings", b -> b.trace("traceId", t, "tags", "vip")),
        bad("tags with a number", "body.tags: must be an array of strings",
            b -> b.trace("traceId", t, "tags", arr("vip", 7))),
        bad("metadata an array", "body.metadata: must be an object", b -> b.trace("traceId", t, "metadata", arr(1))),
        bad("nested attributes", "body.attributes: values must be strings, numbers or booleans",
            b -> b.trace("traceId", t, "attributes", obj("a", obj("b", 1)))),
        bad("user not an object", "body.user: must be an object", b -> b.trace("traceId", t, "user", "bob")),
        bad("user id a number", "body.user.id: must be a string", b -> b.trace("traceId", t, "user", obj("id", 5))),
        bad("unknown user field", "body.user.age: unknown field", b -> b.trace("traceId", t, "user", obj("age", 5))),
        bad("unknown status", "body.status: must be one of", b -> b.trace("traceId", t, "status", "great")),
        bad("unknown span type", "body.type: must be one of", b -> b.span("traceId", t, "spanId", s, "type", "llm")),
        bad("runEvaluation as text", "body.runEvaluation: must be true or false",
            b -> b.span("traceId", t, "spanId", s, "runEvaluation", "yes")),
        bad("score without name", "body.name: required", b -> b.score("traceId", t, "value", 1)),
        bad("score without value or label", "body.value: a score needs a value or a label",
            b -> b.score("traceId", t, "name", "q")),
        bad("score of nothing", "body.traceId: a score belongs to a trace",
            b -> b.score("name", "q", "value", 1)),
        bad("score of a span without trace", "body.traceId: required with spanId",
            b -> b.score("sessionId", "s", "spanId", s, "name", "q", "value", 1)),
        bad("score source unknown", "body.source: must be one of",
            b -> b.score("traceId", t, "name", "q", "value", 1, "source", "robot")),
        bad("score value not finite", "body.value: must be a number",
            b -> b.score("traceId", t, "name", "q", "value", "NaN")));
  }

  private static BadItem bad(String name, String message, Consumer<Batch> item) {
    return new BadItem(name, message, item);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badItems")
  void aBadItemIsRejectedAndItsNeighboursAreStored(BadItem bad) {
    ApiClient api = server.newProject();
    String trace = Batch.traceId();
    String span = Batch.spanId();
    Batch batch = Batch.of().trace("traceId", trace, "name", "neighbour-before");
    bad.item().accept(batch);
    batch.span("traceId", trace, "spanId", span, "name", "neighbour-after");

    ApiResponse r = api.ingest(batch);
    assertThat(r.status()).as(r.toString()).isEqualTo(207);
    JsonNode result = r.json();
    assertThat(result.path("accepted").asInt()).isEqualTo(2);
    assertThat(result.path("rejected").asInt()).isEqualTo(1);
    assertThat(result.path("errors")).hasSize(1);
    assertThat(result.path("errors").get(0).path("index").asInt()).isEqualTo(1);
    assertThat(result.path("errors").get(0).path("message").asText()).contains(bad.message());

    api.awaitTrace(trace, 1);
    assertThat(field(api.getJson("/api/traces"), "traceId")).containsExactly(trace);
    assertThat(field(api.getJson("/api/spans"), "spanId")).containsExactly(span);
    assertThat(api.getJson("/api/scores").path("items")).isEmpty();
    assertStillServing(api);
  }

  @Test
  void aBatchOfOnlyBadItemsIsA400WithAnErrorPerItem() {
    ApiClient api = server.newProject();
    Batch batch = Batch.of()
        .trace("traceId", "nope")
        .span("traceId", Batch.traceId(), "spanId", Batch.spanId(), "startTime", 1_700_000_000_000L)
        .score("traceId", Batch.traceId(), "name", "q");
    ApiResponse r = api.ingest(batch);
    assertThat(r.status()).isEqualTo(400);
    JsonNode result = r.json();
    assertThat(result.path("accepted").asInt()).isZero();
    assertThat(result.path("rejected").asInt()).isEqualTo(3);
    assertThat(values(result.path("errors"), "index")).containsExactly("0", "1", "2");
    assertThat(values(result.path("errors"), "message"))
        .satisfiesExactly(m -> assertThat(m).startsWith("body.traceId:"),
            m -> assertThat(m).startsWith("body.startTime:").contains("milliseconds"),
            m -> assertThat(m).startsWith("body.value:"));
    server.awaitApplied();
    assertNothingStored(api);
    assertStillServing(api);
  }

  @Test
  void anOversizedBodyOfUnknownLengthIs413() {
    ApiClient api = server.newProject();
    Batch batch = validItems().trace("traceId", Batch.traceId(), "input", "x".repeat(MAX_BODY));
    ApiResponse r = api.postChunked("/api/ingest", batch.bytes(), "Content-Type", "application/json");
    assertThat(r.status()).as(r.toString()).isEqualTo(413);
    assertThat(r.errorMessage()).contains("larger than " + MAX_BODY + " bytes");
    server.awaitApplied();
    assertNothingStored(api);
    assertStillServing(api);
  }

  @Test
  void anEmptyBatchIsAcceptedAndStoresNothing() {
    ApiClient api = server.newProject();
    ApiResponse r = api.ingest(Batch.of());
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().path("accepted").asInt()).isZero();
    assertNothingStored(api);
  }

  @Test
  void gzipAndNoContentTypeAreAccepted() {
    ApiClient api = server.newProject();
    String trace = Batch.traceId();
    Batch batch = Batch.of().trace("traceId", trace, "name", "zipped", "input", "y".repeat(100_000));
    ApiResponse r = api.post("/api/ingest", batch.gzipped(),
        "Content-Type", "application/json; charset=utf-8", "Content-Encoding", "gzip");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(api.post("/api/ingest", Batch.of().trace("traceId", Batch.traceId()).bytes()).status())
        .isEqualTo(200);
    assertThat(api.awaitTrace(trace, t -> true).path("trace").path("input").asText()).hasSize(100_000);
  }

  @Test
  void unknownRoutesAndMethodsAreJsonErrors() {
    ApiClient api = server.newProject();
    ApiResponse missing = api.get("/api/nothing-here");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.errorMessage()).contains("/api/nothing-here");
    ApiResponse getIngest = api.get("/api/ingest");
    assertThat(getIngest.status()).isEqualTo(405);
    assertThat(getIngest.header("Allow")).contains("POST");
    assertThat(getIngest.errorMessage()).isEqualTo("/api/ingest takes POST, not GET");
    ApiResponse postTrace = api.post("/api/traces/0123456789abcdef0123456789abcdef", new byte[0]);
    assertThat(postTrace.status()).isEqualTo(405);
    assertThat(postTrace.header("Allow")).hasValue("DELETE, GET");
    assertThat(api.post("/api/traces/a/b/c/d", new byte[0]).status()).isEqualTo(404);
  }

  private static void assertNothingStored(ApiClient api) {
    assertThat(api.getJson("/api/traces").path("items")).isEmpty();
    assertThat(api.getJson("/api/spans").path("items")).isEmpty();
    assertThat(api.getJson("/api/scores").path("items")).isEmpty();
    assertThat(api.getJson("/api/sessions").path("items")).isEmpty();
  }

  /** The server is healthy and the same client's next good request is stored. */
  private static void assertStillServing(ApiClient api) {
    ApiResponse health = api.get("/health");
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.json().path("status").asText()).isEqualTo("ok");
    String trace = Batch.traceId();
    api.ingestOk(Batch.of().trace("traceId", trace, "name", "after"));
    api.awaitTrace(trace, t -> t.path("trace").path("name").asText().equals("after"));
  }

  /** A trace, a span and a score, all valid: what must not be stored when their request is refused. */
  private static Batch validItems() {
    String trace = Batch.traceId();
    return Batch.of()
        .trace("traceId", trace, "name", "valid", "sessionId", "s-" + trace)
        .span("traceId", trace, "spanId", Batch.spanId(), "name", "valid-span")
        .score("traceId", trace, "name", "valid-score", "value", 1);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  private static byte[] truncate(byte[] b, int drop) {
    return java.util.Arrays.copyOf(b, b.length - drop);
  }
}
