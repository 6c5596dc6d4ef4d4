package dev.sightline.server.otlp;

import static dev.sightline.server.testing.Otlp.CHILD;
import static dev.sightline.server.testing.Otlp.ROOT;
import static dev.sightline.server.testing.Otlp.T0;
import static dev.sightline.server.testing.Otlp.bytes;
import static dev.sightline.server.testing.Otlp.child;
import static dev.sightline.server.testing.Otlp.decode;
import static dev.sightline.server.testing.Otlp.event;
import static dev.sightline.server.testing.Otlp.json;
import static dev.sightline.server.testing.Otlp.parse;
import static dev.sightline.server.testing.Otlp.span;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.sightline.core.codec.DecodedBatch;
import dev.sightline.core.codec.IngestException;
import dev.sightline.core.codec.ItemError;
import dev.sightline.core.model.Row;
import dev.sightline.core.model.Schema;
import dev.sightline.core.model.Table;
import dev.sightline.server.testing.Otlp;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What every OTLP span maps to, whatever its conventions: ids, times, status, events, resource. */
class OtlpSpanTest {

  @Test
  void aRootSpanAlsoYieldsItsTraceRowFromTheSpanAndItsResource() {
    DecodedBatch batch = decode(Otlp.request(List.of("service.name", "checkout", "service.version", "4.2",
            "deployment.environment", "prod", "host.name", "web-1", "process.pid", 42),
        span(ROOT, "POST /checkout", "user.id", "u-1", "session.id", "s-1", "http.route", "/checkout")
            .setKind(Span.SpanKind.SPAN_KIND_SERVER)
            .setTraceState("vendor=1")
            .addLinks(Span.Link.newBuilder().setTraceId(bytes("0af7651916cd43dd8448eb211c80319c"))
                .setSpanId(bytes("b7ad6b7169203331")).addAttributes(Otlp.kv("reason", "retry")))));

    assertThat(batch.errors()).isEmpty();
    Row s = Otlp.span(batch, ROOT);
    assertThat(s.string(Schema.TRACE_ID)).isEqualTo(Otlp.TRACE);
    assertThat(s.get(Schema.PARENT_SPAN_ID)).isNull();
    assertThat(s.string(Schema.NAME)).isEqualTo("POST /checkout");
    assertThat(s.longValue(Schema.START_TIME)).isEqualTo(T0 / 1000);
    assertThat(s.longValue(Schema.END_TIME)).isEqualTo(T0 / 1000 + 1_000_000);
    assertThat(s.string(Schema.STATUS)).as("UNSET once ended").isEqualTo("success");
    assertThat(s.get(Schema.TYPE)).as("defaulted by the pipeline").isNull();
    assertThat(json(s, Schema.ATTRIBUTES)).as("unmapped span attributes and every resource attribute")
        .isEqualTo(parse("{\"service.name\":\"checkout\",\"service.version\":\"4.2\",\"deployment.environment\":\"prod\","
            + "\"host.name\":\"web-1\",\"process.pid\":42,\"http.route\":\"/checkout\"}"));
    assertThat(json(s, Schema.METADATA)).isEqualTo(parse("{\"otel.kind\":\"server\",\"otel.traceState\":\"vendor=1\","
        + "\"otel.links\":[{\"traceId\":\"0af7651916cd43dd8448eb211c80319c\",\"spanId\":\"b7ad6b7169203331\","
        + "\"attributes\":{\"reason\":\"retry\"}}],\"otel.scope.name\":\"test-scope\",\"otel.scope.version\":\"1.0\"}"));

    Row t = Otlp.trace(batch);
    assertThat(t.string(Schema.NAME)).isEqualTo("POST /checkout");
    assertThat(t.string(Schema.FEATURE)).isEqualTo("checkout");
    assertThat(t.string(Schema.RELEASE)).isEqualTo("4.2");
    assertThat(t.string(Schema.ENVIRONMENT)).isEqualTo("prod");
    assertThat(t.string(Schema.USER_ID)).isEqualTo("u-1");
    assertThat(t.string(Schema.SESSION_ID)).isEqualTo("s-1");
    assertThat(t.longValue(Schema.START_TIME)).isEqualTo(T0 / 1000);
    assertThat(t.string(Schema.STATUS)).isEqualTo("success");
    assertThat(json(t, Schema.ATTRIBUTES).path("host.name").asText()).isEqualTo("web-1");
  }

  @Test
  void withoutAServiceNameTheFeatureIsTheRootSpanName() {
    Row t = Otlp.trace(decode(Otlp.request(List.of("service.name", "unknown_service:java"), span(ROOT, "nightly-report"))));
    assertThat(t.string(Schema.FEATURE)).isEqualTo("nightly-report");
  }

  @Test
  void errorStatusAndTheLastExceptionEventMakeTheError() {
    DecodedBatch batch = decode(span(ROOT, "charge")
        .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR))
        .addEvents(event("exception", 10, "exception.type", "TimeoutError", "exception.message", "first try"))
        .addEvents(event("cache.miss", 20, "key", "k1", "tries", List.of(1, 2)))
        .addEvents(event("exception", 30, "exception.type", "RateLimitError",
            "exception.message", "429 from provider", "exception.stacktrace", "at charge(Pay.java:10)",
            "exception.escaped", true)));

    assertThat(batch.errors()).isEmpty();
    Row s = Otlp.span(batch, ROOT);
    assertThat(s.string(Schema.STATUS)).isEqualTo("failure");
    assertThat(s.string(Schema.STATUS_MESSAGE)).isEqualTo("RateLimitError: 429 from provider");
    assertThat(json(s, Schema.ERROR)).isEqualTo(parse("{\"type\":\"RateLimitError\",\"message\":\"429 from provider\","
        + "\"stacktrace\":\"at charge(Pay.java:10)\",\"escaped\":true}"));
    List<Row> events = batch.rows().stream()
        .filter(r -> r.table() == Table.SPANS && ROOT.equals(r.get(Schema.PARENT_SPAN_ID))).toList();
    assertThat(events).extracting(r -> r.string(Schema.NAME)).containsExactly("exception", "cache.miss");
    Row miss = events.get(1);
    assertThat(miss.string(Schema.TYPE)).isEqualTo("event");
    assertThat(miss.longValue(Schema.START_TIME)).isEqualTo((T0 + 20) / 1000).isEqualTo(miss.longValue(Schema.END_TIME));
    assertThat(json(miss, Schema.ATTRIBUTES)).isEqualTo(parse("{\"key\":\"k1\",\"tries\":\"[1,2]\"}"));
    assertThat(miss.string(Schema.SPAN_ID)).as("derived, so a resent span maps onto the same rows")
        .isEqualTo(Otlp.span(decode(span(ROOT, "charge").addEvents(event("exception", 10))
            .addEvents(event("cache.miss", 20))), miss.string(Schema.SPAN_ID)).string(Schema.SPAN_ID));
  }

  @Test
  void unmappedAttributesOfEveryKindAreKeptFlat() {
    Row s = Otlp.span(decode(span(ROOT, "x", "s", "text", "i", 7, "d", 1.5, "b", false,
        "arr", List.of("a", 1), "kv", Map.of("k", "v"), "nan", Double.NaN)), ROOT);
    assertThat(json(s, Schema.ATTRIBUTES)).isEqualTo(parse("{\"service.name\":\"support-bot\",\"s\":\"text\","
        + "\"i\":7,\"d\":1.5,\"b\":false,\"arr\":\"[\\\"a\\\",1]\",\"kv\":\"{\\\"k\\\":\\\"v\\\"}\",\"nan\":\"NaN\"}"));
  }

  @Test
  void aSpanWithBadIdsOrValuesIsRejectedAloneWithItsPosition() {
    byte[] zero16 = new byte[16];
    DecodedBatch batch = decode(
        span(ROOT, "ok"),
        span(CHILD, "zero trace id").setTraceId(ByteString.copyFrom(zero16)),
        span(CHILD, "short span id").setSpanId(ByteString.copyFrom(new byte[] {1, 2, 3})),
        child(CHILD, "bad parent").setParentSpanId(ByteString.copyFrom(new byte[] {1})),
        span("1111111111111111", "negative tokens", "gen_ai.usage.input_tokens", -5),
        span("2222222222222222", "ends before it starts").setEndTimeUnixNano(T0 - 1),
        span("3333333333333333", "milliseconds").setStartTimeUnixNano(1_795_341_600_000L),
        span("4444444444444444", "long name".repeat(100)),
        child("5555555555555555", "fine child"));

    assertThat(batch.items()).isEqualTo(9);
    assertThat(batch.errors()).extracting(ItemError::index).containsExactly(1, 2, 3, 4, 5, 6, 7);
    assertThat(batch.errors()).extracting(ItemError::message).satisfiesExactly(
        m -> assertThat(m).isEqualTo("\"zero trace id\": traceId: must be 16 bytes, not all zero (got 16 zero bytes)"),
        m -> assertThat(m).contains("spanId: must be 8 bytes, not all zero (got 3 bytes)"),
        m -> assertThat(m).contains("parentSpanId: must be 8 bytes"),
        m -> assertThat(m).contains("gen_ai.usage.input_tokens: must be an integer from 0"),
        m -> assertThat(m).contains("endTime: before startTime"),
        m -> assertThat(m).contains("startTimeUnixNano: must be unix nanoseconds between years 2000 and 2100")
            .contains("looks like microseconds, milliseconds or seconds"),
        m -> assertThat(m).contains("name: longer than 512 characters").startsWith("\"long name"));
    assertThat(batch.rows()).filteredOn(r -> r.table() == Table.SPANS).extracting(r -> r.get(Schema.SPAN_ID))
        .containsExactly(ROOT, "5555555555555555");
  }

  @Test
  void anAllZeroParentMeansNoParent() {
    Row s = Otlp.span(decode(span(ROOT, "root").setParentSpanId(ByteString.copyFrom(new byte[8]))), ROOT);
    assertThat(s.get(Schema.PARENT_SPAN_ID)).isNull();
  }

  @Test
  void spansAreCountedAcrossResourcesAndScopes() {
    ExportTraceServiceRequest twoResources = Otlp.request(List.of(), span(ROOT, "a")).toBuilder()
        .addResourceSpans(ResourceSpans.newBuilder().addScopeSpans(ScopeSpans.newBuilder()
            .addSpans(span(CHILD, "b").setSpanId(ByteString.EMPTY)))).build();
    assertThat(decode(twoResources).errors()).extracting(ItemError::index).containsExactly(1);
  }

  @Test
  void tooManySpansOrEventsIsTooLarge() {
    Span.Builder[] spans = new Span.Builder[TraceRequestMapper.MAX_SPANS + 1];
    Arrays.fill(spans, span(ROOT, "x"));
    assertThatThrownBy(() -> decode(spans)).isInstanceOf(IngestException.class)
        .hasMessageContaining("at most 10000 spans").extracting(e -> ((IngestException) e).status()).isEqualTo(413);
    Span.Builder many = span(ROOT, "x");
    for (int i = 0; i <= TraceRequestMapper.MAX_EVENTS; i++) {
      many.addEvents(event("e", i));
    }
    assertThatThrownBy(() -> decode(many)).hasMessageContaining("span events");
  }

  @Test
  void truncatedProtobufIsRefusedWhole() {
    byte[] body = Otlp.request(List.of(), span(ROOT, "x")).toByteArray();
    assertThatThrownBy(() -> new OtlpProtobufDecoder().decode(Arrays.copyOf(body, body.length - 3), "p1", 0))
        .isInstanceOf(IngestException.class).hasMessageContaining("not an OTLP ExportTraceServiceRequest");
  }
}
