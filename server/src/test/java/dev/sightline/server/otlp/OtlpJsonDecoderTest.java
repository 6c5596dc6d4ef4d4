package dev.sightline.server.otlp;

import static dev.sightline.server.testing.Otlp.CHILD;
import static dev.sightline.server.testing.Otlp.ROOT;
import static dev.sightline.server.testing.Otlp.TRACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.sightline.core.codec.DecodedBatch;
import dev.sightline.core.codec.IngestException;
import dev.sightline.core.model.Row;
import dev.sightline.core.model.Schema;
import dev.sightline.server.testing.Otlp;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** OTLP's JSON encoding decodes to exactly the rows of the same request in protobuf. */
class OtlpJsonDecoderTest {
  /** As the OTLP specification writes it: hex ids, int64 as strings, enums as integers. */
  static final String REQUEST = """
      {"resourceSpans": [{
        "resource": {"attributes": [{"key": "service.name", "value": {"stringValue": "support-bot"}}]},
        "scopeSpans": [{
          "scope": {"name": "test-scope", "version": "1.0"},
          "spans": [{
            "traceId": "%1$s", "spanId": "%2$s", "parentSpanId": "%3$s",
            "name": "chat gpt-4o", "kind": 3,
            "startTimeUnixNano": "1795341600000000000", "endTimeUnixNano": "1795341601000000000",
            "attributes": [
              {"key": "gen_ai.operation.name", "value": {"stringValue": "chat"}},
              {"key": "gen_ai.usage.input_tokens", "value": {"intValue": "420"}},
              {"key": "gen_ai.request.temperature", "value": {"doubleValue": 0.2}},
              {"key": "stream", "value": {"boolValue": true}},
              {"key": "stops", "value": {"arrayValue": {"values": [{"stringValue": "END"}]}}},
              {"key": "blob", "value": {"bytesValue": "AAE="}}
            ],
            "status": {"code": 2, "message": "boom"},
            "futureField": {"ignored": [1, 2, 3]}
          }]
        }]
      }]}
      """.formatted(TRACE, CHILD, ROOT);

  final OtlpJsonDecoder decoder = new OtlpJsonDecoder();

  DecodedBatch decode(String json) {
    return decoder.decode(json.getBytes(StandardCharsets.UTF_8), "p1", Otlp.RECEIVED);
  }

  @Test
  void decodesLikeTheProtobufForm() {
    DecodedBatch fromJson = decode(REQUEST);
    DecodedBatch fromProtobuf = Otlp.decode(Otlp.child(CHILD, "chat gpt-4o",
            "gen_ai.operation.name", "chat", "gen_ai.usage.input_tokens", 420, "gen_ai.request.temperature", 0.2,
            "stream", true, "stops", List.of("END"))
        .addAttributes(KeyValue.newBuilder().setKey("blob")
            .setValue(AnyValue.newBuilder().setBytesValue(ByteString.copyFrom(new byte[] {0, 1}))))
        .setKind(Span.SpanKind.SPAN_KIND_CLIENT)
        .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR).setMessage("boom")));

    assertThat(fromJson.errors()).isEmpty();
    assertThat(fromJson.rows()).isEqualTo(fromProtobuf.rows());
    Row s = Otlp.span(fromJson, CHILD);
    assertThat(s.string(Schema.PARENT_SPAN_ID)).isEqualTo(ROOT);
    assertThat(s.longValue(Schema.INPUT_TOKENS)).isEqualTo(420);
    assertThat(s.string(Schema.STATUS)).isEqualTo("failure");
    assertThat(Otlp.json(s, Schema.METADATA).path("otel.kind").asText()).isEqualTo("client");
    assertThat(Otlp.json(s, Schema.ATTRIBUTES).path("blob").asText()).isEqualTo("AAE=");
  }

  @Test
  void acceptsSnakeCaseKeysNumbersForInt64AndEnumNames() {
    DecodedBatch batch = decode("""
        {"resource_spans": [{"scope_spans": [{"spans": [{
          "trace_id": "%s", "span_id": "%s", "name": "x", "kind": "SPAN_KIND_SERVER",
          "start_time_unix_nano": 1795341600000000000, "end_time_unix_nano": 1795341600500000000}]}]}]}
        """.formatted(TRACE.toUpperCase(), ROOT));
    assertThat(batch.errors()).isEmpty();
    Row s = Otlp.span(batch, ROOT);
    assertThat(s.longValue(Schema.END_TIME)).isEqualTo(1_795_341_600_500_000L);
    assertThat(Otlp.json(s, Schema.METADATA).path("otel.kind").asText()).isEqualTo("server");
  }

  @Test
  void anUnknownEnumNumberIsKeptAsUnrecognised() {
    DecodedBatch batch = decode(REQUEST.replace("\"kind\": 3", "\"kind\": 99"));
    assertThat(batch.errors()).isEmpty();
    assertThat(Otlp.json(Otlp.span(batch, CHILD), Schema.METADATA).has("otel.kind")).isFalse();
  }

  @Test
  void wrongLengthIdsRejectTheirSpanOnly() {
    DecodedBatch batch = decode(REQUEST.replace("\"spanId\": \"" + CHILD + "\"", "\"spanId\": \"abcd\""));
    assertThat(batch.items()).isEqualTo(1);
    assertThat(batch.errors()).singleElement().satisfies(e -> assertThat(e.message()).contains("spanId: must be 8 bytes"));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"resourceSpans\": [",
      "[]",
      "{\"resourceSpans\": {}}",
      "{\"resourceSpans\": [{\"scopeSpans\": [{\"spans\": [{\"traceId\": \"not hex!\"}]}]}]}",
      "{\"resourceSpans\": [{\"scopeSpans\": [{\"spans\": [{\"startTimeUnixNano\": \"soon\"}]}]}]}",
      "{\"resourceSpans\": [{\"scopeSpans\": [{\"spans\": [{\"kind\": \"SIDEWAYS\"}]}]}]}",
      "{\"resourceSpans\": []} {}"})
  void malformedJsonIsRefusedWhole(String body) {
    assertThatThrownBy(() -> decode(body)).isInstanceOf(IngestException.class)
        .satisfies(e -> assertThat(((IngestException) e).status()).isEqualTo(400));
  }

  @Test
  void nestingIsBounded() {
    String deep = "{\"arrayValue\":{\"values\":[".repeat(200) + "]}}".repeat(200);
    String body = "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"attributes\":[{\"key\":\"k\",\"value\":"
        + deep + "}]}]}]}]}";
    assertThatThrownBy(() -> decode(body)).isInstanceOf(IngestException.class).hasMessageContaining("nesting");
  }
}
