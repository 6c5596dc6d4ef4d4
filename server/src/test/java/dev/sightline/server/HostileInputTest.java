package dev.sightline.server;

import static dev.sightline.server.testing.ApiClient.field;
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
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What an outside probe sent to {@code POST /api/ingest} and got a 500, a wrapped total or a
 * silently rewritten value for: times far out of range, token counts and costs at the ends of
 * their types, malformed UTF-8 and lone surrogates, NUL characters, gzip with trailing bytes. Each
 * is refused with a 4xx naming the field, for its item only when the body can be read; its valid
 * neighbours are stored, nothing else changes, and the server keeps serving.
 */
class HostileInputTest {
  /** 2^53 − 1, the largest token count an item may carry. */
  static final long MAX_TOKENS = 9_007_199_254_740_991L;
  /** Stands inside a JSON string of an item for bytes the JSON writer would not write. */
  static final String RAW = "RAW-BYTES-HERE";

  @TempDir static Path data;
  static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.builder(data).start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /**
   * An invalid item between two valid ones.
   *
   * @param raw the bytes that replace {@link #RAW} in the request, or null
   */
  record Hostile(String name, String message, Consumer<Batch> item, byte[] raw) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Hostile> times() {
    String t = Batch.traceId();
    String s = Batch.spanId();
    String isoRange = "must be between years 2000 and 2100";
    return Stream.of(
        item("ISO time in year 2263 (past the nanosecond range)", "body.startTime: " + isoRange,
            b -> b.span("traceId", t, "spanId", s, "startTime", "2263-01-01T00:00:00Z")),
        item("ISO time in year 1600", "body.startTime: " + isoRange,
            b -> b.trace("traceId", t, "startTime", "1600-01-01T00:00:00Z")),
        item("ISO time in the last year ISO allows", "body.endTime: " + isoRange,
            b -> b.span("traceId", t, "spanId", s, "endTime", "+999999999-12-31T23:59:59.999999999Z")),
        item("ISO time in the first year ISO allows", "body.endTime: " + isoRange,
            b -> b.trace("traceId", t, "endTime", "-999999999-01-01T00:00:00Z")),
        item("ISO time at the exclusive end", "body.completionStartTime: " + isoRange,
            b -> b.span("traceId", t, "spanId", s, "completionStartTime", "2100-01-01T00:00:00Z")),
        item("ISO time just before the start, with an offset", "body.startTime: " + isoRange,
            b -> b.span("traceId", t, "spanId", s, "startTime", "2000-01-01T00:59:59.999999+01:00")),
        item("score time in year 3000", "body.time: " + isoRange,
            b -> b.score("traceId", t, "name", "q", "value", 1, "time", "3000-01-01T00:00:00Z")),
        item("epoch microseconds at the long maximum",
            "body.endTime: must be epoch microseconds between years 2000 and 2100",
            b -> b.span("traceId", t, "spanId", s, "endTime", Long.MAX_VALUE)));
  }

  static Stream<Hostile> numbers() {
    String t = Batch.traceId();
    String s = Batch.spanId();
    List<Hostile> cases = new ArrayList<>();
    for (String f : List.of("inputTokens", "outputTokens", "totalTokens", "cacheReadTokens",
        "cacheWriteTokens", "reasoningTokens")) {
      cases.add(item(f + " at the long maximum", "body." + f + ": must be an integer from 0 to 9007199254740991",
          b -> b.span("traceId", t, "spanId", s, f, Long.MAX_VALUE)));
    }
    cases.add(item("tokens one past 2^53 − 1", "body.inputTokens: must be an integer from 0 to 9007199254740991",
        b -> b.span("traceId", t, "spanId", s, "inputTokens", MAX_TOKENS + 1)));
    cases.add(item("tokens beyond a long", "body.outputTokens: must be an integer from 0 to 9007199254740991",
        b -> b.span("traceId", t, "spanId", s, "outputTokens", new java.math.BigInteger("100000000000000000000"))));
    cases.add(item("cost of 1.7e308", "body.cost: must be at most 1e9 (US dollars)",
        b -> b.span("traceId", t, "spanId", s, "cost", 1.7e308)));
    cases.add(item("cost just over a billion dollars", "body.cost: must be at most 1e9",
        b -> b.span("traceId", t, "spanId", s, "cost", 1e9 + 1)));
    return cases.stream();
  }

  static Stream<Hostile> text() {
    String t = Batch.traceId();
    String s = Batch.spanId();
    String invalid = "not valid UTF-8";
    String surrogate = "must not contain an unpaired surrogate";
    String nul = "must not contain NUL (U+0000)";
    return Stream.of(
        // Jackson decodes these leniently in the strings it returns ...
        raw("overlong 'A' in a name", "body.name: " + invalid,
            b -> b.trace("traceId", t, "name", "x" + RAW), 0xC1, 0x81),
        raw("overlong NUL in a tag", "body.tags: " + invalid,
            b -> b.trace("traceId", t, "tags", arr("ok", RAW)), 0xC0, 0x80),
        raw("3-byte overlong NUL in user.id", "body.user.id: " + invalid,
            b -> b.trace("traceId", t, "user", obj("id", RAW)), 0xE0, 0x80, 0x80),
        raw("past U+10FFFF in a session id", "body.sessionId: " + invalid,
            b -> b.trace("traceId", t, "sessionId", RAW), 0xF4, 0x90, 0x80, 0x80),
        raw("overlong in a field name", "body.name: field name " + invalid,
            b -> b.trace("traceId", t, "n" + RAW + "me", "x"), 0xC1, 0xA1),
        raw("overlong in the item type", "type: must be one of",
            b -> b.item("tr" + RAW + "ce", obj("traceId", t)), 0xC1, 0xA1),
        raw("overlong in a body sent before its type", "body: " + invalid,
            b -> b.rawItem(obj("body", obj("traceId", t, "name", RAW), "type", "trace")), 0xC1, 0x81),
        raw("overlong in an attribute", "body.attributes: " + invalid,
            b -> b.trace("traceId", t, "attributes", obj("k", RAW)), 0xC1, 0x81),
        // ... and does not check these in the JSON values it skips over.
        raw("encoded surrogate inside input", "body.input: " + invalid,
            b -> b.span("traceId", t, "spanId", s, "input", obj("messages", arr(RAW))), 0xED, 0xA0, 0x80),
        raw("past U+10FFFF inside metadata", "body.metadata: " + invalid,
            b -> b.trace("traceId", t, "metadata", obj("k", RAW)), 0xF5, 0x80, 0x80, 0x80),
        raw("overlong inside output", "body.output: " + invalid, b -> b.span("traceId", t, "spanId", s,
            "output", RAW), 0xC1, 0x81),
        // Lone surrogates as escapes.
        escape("lone high surrogate in a name", "body.name: " + surrogate,
            b -> b.trace("traceId", t, "name", "x" + RAW), "\\ud800"),
        escape("lone low surrogate inside input", "body.input: " + surrogate,
            b -> b.span("traceId", t, "spanId", s, "input", obj("text", RAW)), "\\udc00"),
        escape("surrogate halves in the wrong order in metadata", "body.metadata: " + surrogate,
            b -> b.trace("traceId", t, "metadata", obj("k", RAW)), "\\ude00\\ud83d"),
        escape("high surrogate ending a string of output", "body.output: " + surrogate,
            b -> b.span("traceId", t, "spanId", s, "output", "abc" + RAW), "\\ud83d"),
        escape("lone surrogate in a tag", "body.tags: items " + surrogate,
            b -> b.trace("traceId", t, "tags", arr(RAW)), "\\ud800"),
        // NUL.
        escape("NUL in a name", "body.name: " + nul, b -> b.trace("traceId", t, "name", "a" + RAW + "b"), "\\u0000"),
        escape("NUL in a session id", "body.sessionId: " + nul, b -> b.trace("traceId", t, "sessionId", RAW), "\\u0000"),
        escape("NUL inside input", "body.input: " + nul,
            b -> b.span("traceId", t, "spanId", s, "input", arr(obj("content", RAW))), "\\u0000"),
        escape("NUL in a metadata key", "body.metadata: " + nul, b -> b.trace("traceId", t, "metadata", obj(RAW, 1)),
            "\\u0000"),
        escape("NUL in an attribute", "body.attributes: " + nul, b -> b.trace("traceId", t, "attributes", obj("k", RAW)),
            "\\u0000"),
        escape("NUL in a score comment", "body.comment: " + nul,
            b -> b.score("traceId", t, "name", "q", "value", 1, "comment", RAW), "\\u0000"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource({"times", "numbers", "text"})
  void aHostileItemIsRejectedAloneAndItsNeighboursAreStored(Hostile bad) {
    ApiClient api = server.newProject();
    String trace = Batch.traceId();
    String span = Batch.spanId();
    Batch batch = Batch.of().trace("traceId", trace, "name", "neighbour-before");
    bad.item().accept(batch);
    batch.span("traceId", trace, "spanId", span, "name", "neighbour-after", "inputTokens", 5);
    byte[] body = bad.raw() == null ? batch.bytes() : replace(batch.bytes(), bad.raw());

    ApiResponse r = api.post("/api/ingest", body, "Content-Type", "application/json");
    assertThat(r.status()).as(r.toString()).isEqualTo(207);
    JsonNode result = r.json();
    assertThat(result.path("accepted").asInt()).isEqualTo(2);
    assertThat(result.path("rejected").asInt()).isEqualTo(1);
    assertThat(result.path("errors")).hasSize(1);
    assertThat(result.path("errors").get(0).path("index").asInt()).isEqualTo(1);
    assertThat(result.path("errors").get(0).path("message").asText()).startsWith(bad.message());

    JsonNode tree = api.awaitTrace(trace, 1);
    assertThat(tree.path("trace").path("name").asText()).isEqualTo("neighbour-before");
    assertThat(tree.path("trace").path("inputTokens").asLong()).isEqualTo(5);
    assertThat(field(api.getJson("/api/traces"), "traceId")).containsExactly(trace);
    assertThat(field(api.getJson("/api/spans"), "spanId")).containsExactly(span);
    assertThat(api.getJson("/api/scores").path("items")).isEmpty();
    assertStillServing(api);
  }

  /** The edges of every range, and text that only looks suspicious, are taken as they are. */
  @Test
  void valuesAtTheBoundsAndValidUnicodeAreStoredAsSent() {
    ApiClient api = server.newProject();
    String trace = Batch.traceId();
    String span = Batch.spanId();
    Batch batch = Batch.of()
        .trace("traceId", trace, "name", "emoji " + RAW, "startTime", "2000-01-01T00:00:00Z",
            "endTime", "2099-12-31T23:59:59.999999Z")
        .span("traceId", trace, "spanId", span, "inputTokens", MAX_TOKENS, "outputTokens", MAX_TOKENS,
            "cacheReadTokens", MAX_TOKENS, "cost", 1e9, "startTime", 946_684_800_000_000L,
            "endTime", 4_102_444_799_999_999L, "input", obj("text", "a literal \\u0000, \uFFFD and \uD83D\uDE00"));
    byte[] body = replace(batch.bytes(), "\\ud83d\\ude00".getBytes(StandardCharsets.US_ASCII));
    ApiResponse r = api.post("/api/ingest", body, "Content-Type", "application/json");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);

    JsonNode tree = api.awaitTrace(trace, 1);
    assertThat(tree.path("trace").path("name").asText()).isEqualTo("emoji \uD83D\uDE00");
    assertThat(tree.path("trace").path("startTime").asLong()).isEqualTo(946_684_800_000_000L);
    assertThat(tree.path("trace").path("endTime").asLong()).isEqualTo(4_102_444_799_999_999L);
    JsonNode s = tree.path("spans").get(0);
    assertThat(s.path("inputTokens").asLong()).isEqualTo(MAX_TOKENS);
    assertThat(s.path("totalTokens").asLong()).isEqualTo(2 * MAX_TOKENS);
    assertThat(s.path("cost").asDouble()).isEqualTo(1e9);
    assertThat(s.path("input").path("text").asText()).isEqualTo("a literal \\u0000, \uFFFD and \uD83D\uDE00");
  }

  /**
   * Two traces with spans at the token and cost bounds: trace rollups, the trace tree, sessions and
   * metrics all answer 200 with exact sums (they wrapped negative, then failed with 500, before).
   */
  @Test
  void sumsOfTheLargestCountsAreExactEverywhere() {
    ApiClient api = server.newProject();
    long start = Batch.nowMicros() - 60_000_000L;
    List<String> traces = List.of(Batch.traceId(), Batch.traceId());
    Batch batch = Batch.of();
    for (String t : traces) {
      batch.trace("traceId", t, "sessionId", "sess", "startTime", start)
          .span("traceId", t, "spanId", Batch.spanId(), "startTime", start, "inputTokens", MAX_TOKENS,
              "outputTokens", MAX_TOKENS, "cost", 1e9)
          .span("traceId", t, "spanId", Batch.spanId(), "startTime", start, "inputTokens", MAX_TOKENS,
              "cost", 1e9);
    }
    api.ingestOk(batch);
    for (String t : traces) {
      JsonNode tree = api.awaitTrace(t, 2);
      assertThat(tree.path("trace").path("inputTokens").asLong()).isEqualTo(2 * MAX_TOKENS);
      assertThat(tree.path("trace").path("totalTokens").asLong()).isEqualTo(3 * MAX_TOKENS);
      assertThat(tree.path("trace").path("cost").isNumber()).isTrue();
      assertThat(tree.path("trace").path("cost").asDouble()).isEqualTo(2e9);
      assertThat(tree.path("totals").path("totalTokens").asLong()).isEqualTo(3 * MAX_TOKENS);
    }

    JsonNode metrics = api.getJson(ApiClient.query("/api/metrics", "from", Long.toString(start - 3_600_000_000L),
        "to", Long.toString(start + 3_600_000_000L), "bucket", "2h"));
    JsonNode point = metrics.path("points").get(0);
    assertThat(metrics.path("points")).hasSize(1);
    assertThat(point.path("count").asInt()).isEqualTo(2);
    assertThat(point.path("inputTokens").asLong()).isEqualTo(4 * MAX_TOKENS);
    assertThat(point.path("outputTokens").asLong()).isEqualTo(2 * MAX_TOKENS);
    assertThat(point.path("totalTokens").asLong()).isEqualTo(6 * MAX_TOKENS);
    assertThat(point.path("cost").isNumber()).isTrue();
    assertThat(point.path("cost").asDouble()).isEqualTo(4e9);
    JsonNode spans = api.getJson(ApiClient.query("/api/metrics", "entity", "spans",
        "from", Long.toString(start - 3_600_000_000L), "to", Long.toString(start + 3_600_000_000L), "bucket", "2h"));
    assertThat(spans.path("points").get(0).path("totalTokens").asLong()).isEqualTo(6 * MAX_TOKENS);
    JsonNode session = api.getJson("/api/sessions").path("items").get(0);
    assertThat(session.path("totalTokens").asLong()).isEqualTo(6 * MAX_TOKENS);
    assertThat(session.path("cost").asDouble()).isEqualTo(4e9);
    assertStillServing(api);
  }

  /** Bodies that cannot be read as a whole: refused whole, nothing stored. */
  record BadBody(String name, String message, byte[] body, String... headers) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<BadBody> badBodies() {
    byte[] gzip = Batch.gzip(validItems().bytes());
    String[] gzipped = {"Content-Type", "application/json", "Content-Encoding", "gzip"};
    return Stream.of(
        new BadBody("gzip with trailing garbage", "8 bytes follow the end of the gzip data",
            concat(gzip, "garbage!".getBytes(StandardCharsets.US_ASCII)), gzipped),
        new BadBody("gzip with trailing zeros", "4 bytes follow the end of the gzip data",
            concat(gzip, new byte[4]), gzipped),
        new BadBody("gzip followed by half a gzip header", "not valid gzip",
            concat(gzip, new byte[] {0x1f, (byte) 0x8b, 8}), gzipped),
        new BadBody("gzip with a wrong CRC-32", "CRC-32 or length trailer",
            flip(gzip, gzip.length - 8), gzipped),
        new BadBody("gzip without its length", "not valid gzip",
            java.util.Arrays.copyOf(gzip, gzip.length - 4), gzipped),
        new BadBody("invalid UTF-8 that the parser catches", "malformed JSON",
            replace(validItems().trace("traceId", Batch.traceId(), "name", RAW).bytes(), new byte[] {(byte) 0xC3, 0x28}),
            "Content-Type", "application/json"),
        new BadBody("lone surrogate in a key, which the parser catches", "broken surrogate pair in field name",
            replace(validItems().trace("traceId", Batch.traceId(), "attributes", obj(RAW, 1)).bytes(),
                "\\ud800".getBytes(StandardCharsets.US_ASCII)), "Content-Type", "application/json"),
        new BadBody("Latin-1 instead of UTF-8", "malformed JSON",
            validItems().trace("traceId", Batch.traceId(), "name", "café").json().getBytes(StandardCharsets.ISO_8859_1),
            "Content-Type", "application/json"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badBodies")
  void aBodyThatCannotBeReadIsRefusedWhole(BadBody bad) {
    ApiClient api = server.newProject();
    ApiResponse r = api.post("/api/ingest", bad.body(), bad.headers());
    assertThat(r.status()).as(r.toString()).isEqualTo(400);
    assertThat(r.errorMessage()).contains(bad.message());
    server.awaitApplied();
    assertThat(api.getJson("/api/traces").path("items")).isEmpty();
    assertThat(api.getJson("/api/spans").path("items")).isEmpty();
    assertThat(api.getJson("/api/scores").path("items")).isEmpty();
    assertStillServing(api);
  }

  /** Concatenated gzip members are one gzip body (RFC 1952), read as their contents in order. */
  @Test
  void concatenatedGzipMembersAreOneBody() {
    ApiClient api = server.newProject();
    String trace = Batch.traceId();
    byte[] json = Batch.of().trace("traceId", trace, "name", "in two members").bytes();
    int half = json.length / 2;
    byte[] body = concat(Batch.gzip(java.util.Arrays.copyOfRange(json, 0, half)),
        Batch.gzip(java.util.Arrays.copyOfRange(json, half, json.length)));
    ApiResponse r = api.post("/api/ingest", body, "Content-Type", "application/json", "Content-Encoding", "gzip");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    api.awaitTrace(trace, t -> t.path("trace").path("name").asText().equals("in two members"));
  }

  private static Hostile item(String name, String message, Consumer<Batch> item) {
    return new Hostile(name, message, item, null);
  }

  private static Hostile raw(String name, String message, Consumer<Batch> item, int... bytes) {
    byte[] b = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      b[i] = (byte) bytes[i];
    }
    return new Hostile(name, message, item, b);
  }

  /** An item with a JSON escape the JSON writer would not write, e.g. a lone surrogate. */
  private static Hostile escape(String name, String message, Consumer<Batch> item, String escape) {
    return new Hostile(name, message, item, escape.getBytes(StandardCharsets.US_ASCII));
  }

  /** The request with {@link #RAW} replaced by these bytes. */
  static byte[] replace(byte[] body, byte[] raw) {
    byte[] marker = RAW.getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i + marker.length <= body.length; i++) {
      if (java.util.Arrays.equals(body, i, i + marker.length, marker, 0, marker.length)) {
        return concat(java.util.Arrays.copyOfRange(body, 0, i), raw,
            java.util.Arrays.copyOfRange(body, i + marker.length, body.length));
      }
    }
    throw new AssertionError("no marker in " + new String(body, StandardCharsets.UTF_8));
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  private static byte[] flip(byte[] b, int at) {
    byte[] copy = b.clone();
    copy[at] ^= 1;
    return copy;
  }

  /** A trace, a span and a score, all valid: what must not be stored when their request is refused. */
  private static Batch validItems() {
    String trace = Batch.traceId();
    return Batch.of()
        .trace("traceId", trace, "name", "valid", "sessionId", "s-" + trace)
        .span("traceId", trace, "spanId", Batch.spanId(), "name", "valid-span")
        .score("traceId", trace, "name", "valid-score", "value", 1);
  }

  /** The server is healthy and the same client's next good request is stored. */
  static void assertStillServing(ApiClient api) {
    ApiResponse health = api.get("/health");
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.json().path("status").asText()).isEqualTo("ok");
    String trace = Batch.traceId();
    api.ingestOk(Batch.of().trace("traceId", trace, "name", "after"));
    api.awaitTrace(trace, t -> t.path("trace").path("name").asText().equals("after"));
  }
}
