package dev.sightline.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ZipkinBodiesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long START = 1_700_000_000_000_000L;

  @Test
  void zipkinSpansCarryTheNativeSpansUnderTheIdsOfTheRequest() throws Exception {
    JsonNode zipkin = JSON.readTree(WireFormat.ZIPKIN.template(100, 7, START).body(0xab, 40));
    JsonNode items = JSON.readTree(WireFormat.NATIVE.template(100, 7, START).body(0xab, 40)).path("batch");
    List<JsonNode> nativeSpans = items.findParents("spanId");
    List<JsonNode> nativeTraces = items.findParents("feature");

    assertThat(zipkin.isArray()).isTrue();
    assertThat(zipkin).hasSize(100);
    for (int i = 0; i < zipkin.size(); i++) {
      JsonNode span = zipkin.get(i);
      JsonNode expected = nativeSpans.get(i);
      JsonNode trace = nativeTraces.get(i / SyntheticBatch.SPANS_PER_TRACE);
      boolean root = i % SyntheticBatch.SPANS_PER_TRACE == 0;

      assertThat(span.path("traceId").asText())
          .isEqualTo(BodyTemplate.traceId(0xab, 40 + i / SyntheticBatch.SPANS_PER_TRACE))
          .isEqualTo(expected.path("traceId").asText())
          .matches("[0-9a-f]{32}");
      assertThat(span.path("id").asText()).isEqualTo(expected.path("spanId").asText()).matches("[0-9a-f]{16}");
      if (root) {
        assertThat(span.has("parentId")).isFalse();
        assertThat(span.path("id").asText()).isEqualTo("0000000000000001");
      } else {
        assertThat(span.path("parentId").asText()).isEqualTo(expected.path("parentSpanId").asText())
            .isEqualTo(zipkin.get(i - i % SyntheticBatch.SPANS_PER_TRACE).path("id").asText());
      }
      assertThat(span.path("name").asText()).isEqualTo(expected.path("name").asText());
      assertThat(span.path("timestamp").isIntegralNumber()).isTrue();
      assertThat(span.path("timestamp").asLong()).isEqualTo(expected.path("startTime").asLong());
      assertThat(span.path("duration").asLong())
          .isEqualTo(expected.path("endTime").asLong() - expected.path("startTime").asLong())
          .isPositive();
      assertThat(span.at("/localEndpoint/serviceName").asText()).isEqualTo(trace.path("feature").asText());

      JsonNode tags = span.path("tags");
      tags.fields().forEachRemaining(tag -> assertThat(tag.getValue().isTextual()).as(tag.getKey()).isTrue());
      assertThat(tags.path("span.type").asText()).isEqualTo(expected.path("type").asText());
      assertThat(JSON.readTree(tags.path("input").asText())).isEqualTo(expected.path("input"));
      assertThat(JSON.readTree(tags.path("output").asText())).isEqualTo(expected.path("output"));
      if (expected.path("type").asText().equals("generation")) {
        assertThat(span.path("kind").asText()).isEqualTo("CLIENT");
        assertThat(tags.path("gen_ai.request.model").asText()).isEqualTo(expected.path("model").asText());
        assertThat(tags.path("gen_ai.provider.name").asText()).isNotEmpty();
        assertThat(tags.path("gen_ai.usage.input_tokens").asText()).isEqualTo(expected.path("inputTokens").asText());
        assertThat(tags.path("gen_ai.usage.output_tokens").asText())
            .isEqualTo(expected.path("outputTokens").asText());
        assertThat(Double.parseDouble(tags.path("gen_ai.usage.cost").asText()))
            .isEqualTo(expected.path("cost").asDouble());
      } else {
        assertThat(span.has("kind")).isFalse();
        assertThat(tags.has("gen_ai.request.model")).isFalse();
      }
      if (root) {
        assertThat(tags.path("session.id").asText()).isEqualTo(trace.path("sessionId").asText());
        assertThat(tags.path("user.id").asText()).isEqualTo(trace.at("/user/id").asText());
        assertThat(tags.path("status").asText()).isEqualTo(trace.path("status").asText());
        assertThat(tags.has("error")).isEqualTo(trace.path("status").asText().equals("failure"));
      } else {
        assertThat(tags.has("session.id")).isFalse();
      }
    }
  }

  @Test
  void everyRequestGetsFreshTraceIdsAndNothingElseChanges() throws Exception {
    BodyTemplate template = WireFormat.ZIPKIN.template(100, 7, START);
    JsonNode first = JSON.readTree(template.body(1, 0));
    JsonNode next = JSON.readTree(template.body(1, template.traces()));

    assertThat(template.traces()).isEqualTo(10);
    assertThat(first.findValuesAsText("traceId")).doesNotContainAnyElementsOf(next.findValuesAsText("traceId"));
    for (int i = 0; i < next.size(); i++) {
      assertThat(next.get(i).path("traceId").asText())
          .isEqualTo(BodyTemplate.traceId(1, 10 + i / SyntheticBatch.SPANS_PER_TRACE));
      ((ObjectNode) first.get(i)).remove("traceId");
      ((ObjectNode) next.get(i)).remove("traceId");
    }
    assertThat(first).isEqualTo(next);
  }

  @Test
  void bodiesAreAboutAsLargeAsNativeOnes() {
    Map<WireFormat, Integer> bytes = Map.of(
        WireFormat.NATIVE, WireFormat.NATIVE.template(100, 7, START).body(1, 0).length,
        WireFormat.ZIPKIN, WireFormat.ZIPKIN.template(100, 7, START).body(1, 0).length);

    assertThat((double) bytes.get(WireFormat.ZIPKIN) / bytes.get(WireFormat.NATIVE)).isBetween(0.9, 1.1);
  }
}
