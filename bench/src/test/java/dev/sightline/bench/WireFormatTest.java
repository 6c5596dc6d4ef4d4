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
}
