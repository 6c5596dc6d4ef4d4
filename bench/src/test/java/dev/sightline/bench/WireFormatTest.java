package dev.sightline.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class WireFormatTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long START = 1_700_000_000_000_000L;

  @Test
  void bothFormatsCarryTheSameTracesUnderTheIdsOfTheRequest() throws Exception {
    JsonNode items = JSON.readTree(WireFormat.NATIVE.template(100, 7, START).body(0xab, 40)).path("batch");
    List<Span> spans = ExportTraceServiceRequest.parseFrom(WireFormat.OTLP.template(100, 7, START).body(0xab, 40))
        .getResourceSpans(0).getScopeSpans(0).getSpansList();

    List<JsonNode> nativeSpans = items.findParents("spanId");
    assertThat(nativeSpans).hasSize(100);
    assertThat(spans).hasSize(100);
    for (int i = 0; i < spans.size(); i++) {
      JsonNode expected = nativeSpans.get(i);
      Span span = spans.get(i);
      String traceId = BodyTemplate.traceId(0xab, 40 + i / SyntheticBatch.SPANS_PER_TRACE);
      assertThat(expected.path("traceId").asText()).isEqualTo(traceId);
      assertThat(HexFormat.of().formatHex(span.getTraceId().toByteArray())).isEqualTo(traceId);
      assertThat(HexFormat.of().formatHex(span.getSpanId().toByteArray()))
          .isEqualTo(expected.path("spanId").asText());
      assertThat(span.getStartTimeUnixNano()).isEqualTo(expected.path("startTime").asLong() * 1000);
      Map<String, String> attributes = span.getAttributesList().stream().collect(Collectors.toMap(
          KeyValue::getKey, kv -> kv.getValue().hasIntValue()
              ? Long.toString(kv.getValue().getIntValue()) : kv.getValue().getStringValue()));
      assertThat(JSON.readTree(attributes.get("gen_ai.input.messages")).at("/0/parts/0/content").asText())
          .isEqualTo(expected.at("/input/0/content").asText());
      assertThat(JSON.readTree(attributes.get("gen_ai.output.messages")).at("/0/parts/0/content").asText())
          .isEqualTo(expected.at("/output/content").asText());
      if (expected.path("type").asText().equals("generation")) {
        assertThat(attributes).containsEntry("gen_ai.operation.name", "chat")
            .containsEntry("gen_ai.request.model", expected.path("model").asText())
            .containsEntry("gen_ai.usage.input_tokens", expected.path("inputTokens").asText())
            .containsEntry("gen_ai.usage.output_tokens", expected.path("outputTokens").asText());
      }
    }
    assertThat(items.findParents("feature")).extracting(trace -> trace.path("traceId").asText())
        .containsExactlyElementsOf(LongStream.range(40, 50)
            .mapToObj(n -> BodyTemplate.traceId(0xab, n)).toList());
  }

  @Test
  void aSpreadTemplateMovesEveryTimestampByTheGapPerTraceNumberInEveryFormat() throws Exception {
    long gap = 86_400;
    long base = 1_000;
    BodyTemplate nativeBodies = WireFormat.NATIVE.template(100, 7, START).spreadInTime(START, 600_000_000L, gap, base);
    BodyTemplate otlpBodies = WireFormat.OTLP.template(100, 7, START).spreadInTime(START, 600_000_000L, gap, base);
    BodyTemplate zipkinBodies = WireFormat.ZIPKIN.template(100, 7, START).spreadInTime(START, 600_000_000L, gap, base);
    // Native: start and end of 10 traces and 100 spans; OTLP: of 100 spans; Zipkin: 100 starts.
    assertThat(nativeBodies.timestamps()).isEqualTo(220);
    assertThat(otlpBodies.timestamps()).isEqualTo(200);
    assertThat(zipkinBodies.timestamps()).isEqualTo(100);

    JsonNode first = JSON.readTree(nativeBodies.body(0xab, base)).path("batch");
    JsonNode later = JSON.readTree(nativeBodies.body(0xab, base + 500)).path("batch");
    for (int i = 0; i < first.size(); i++) {
      for (String field : List.of("startTime", "endTime")) {
        assertThat(later.get(i).path("body").path(field).asLong() - first.get(i).path("body").path(field).asLong())
            .as(field).isEqualTo(500 * gap);
      }
    }
    List<Span> firstSpans = ExportTraceServiceRequest.parseFrom(otlpBodies.body(0xab, base))
        .getResourceSpans(0).getScopeSpans(0).getSpansList();
    List<Span> laterSpans = ExportTraceServiceRequest.parseFrom(otlpBodies.body(0xab, base + 500))
        .getResourceSpans(0).getScopeSpans(0).getSpansList();
    for (int i = 0; i < firstSpans.size(); i++) {
      assertThat(laterSpans.get(i).getStartTimeUnixNano() - firstSpans.get(i).getStartTimeUnixNano())
          .isEqualTo(500 * gap * 1000);
      assertThat(laterSpans.get(i).getEndTimeUnixNano() - firstSpans.get(i).getEndTimeUnixNano())
          .isEqualTo(500 * gap * 1000);
      assertThat(laterSpans.get(i).getAttributesList()).isEqualTo(firstSpans.get(i).getAttributesList());
    }
    JsonNode zipkinFirst = JSON.readTree(zipkinBodies.body(0xab, base));
    JsonNode zipkinLater = JSON.readTree(zipkinBodies.body(0xab, base + 500));
    for (int i = 0; i < zipkinFirst.size(); i++) {
      assertThat(zipkinLater.get(i).path("timestamp").asLong() - zipkinFirst.get(i).path("timestamp").asLong())
          .isEqualTo(500 * gap);
      assertThat(zipkinLater.get(i).path("duration")).isEqualTo(zipkinFirst.get(i).path("duration"));
    }
  }
}
