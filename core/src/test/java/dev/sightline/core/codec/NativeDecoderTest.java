package dev.sightline.core.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sightline.core.model.Row;
import dev.sightline.core.model.Schema;
import dev.sightline.core.model.Table;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class NativeDecoderTest {
  static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  final NativeDecoder decoder = new NativeDecoder();

  DecodedBatch decode(String json) {
    return decoder.decode(json.getBytes(StandardCharsets.UTF_8), "p1", 1_800_000_000_000_000L);
  }

  static JsonNode json(String text) throws Exception {
    return new ObjectMapper().readTree(text);
  }

  @Test
  void keepsJsonValuesExactlyAndReadsEveryType() throws Exception {
    String body = "{\"traceId\":\"" + TRACE.toUpperCase() + "\",\"spanId\":\"00f067aa0ba902b7\","
        + "\"type\":\"generation\",\"input\":[{\"role\":\"user\",\"content\":\"caf\\u00e9 \\\"quoted\\\"\"}],"
        + "\"output\":\"plain \\n text\",\"metadata\":{\"a\":{\"b\":[1,2.50]}},\"attributes\":{\"k\":true},"
        + "\"inputTokens\":12,\"cost\":0.25,\"tags\":[\"x\",\"y\"],"
        + "\"startTime\":\"2026-11-22T10:00:00.123456789Z\",\"endTime\":1795341600200000}";
    List<String> orders = List.of("{\"type\":\"span\",\"body\":" + body + "}",
        "{\"body\":" + body + ",\"type\":\"span\"}");
    for (String item : orders) {
      DecodedBatch batch = decode("{\"batch\":[" + item + "]}");
      assertThat(batch.errors()).isEmpty();
      Row span = batch.rows().get(0);
      assertThat(span.table()).isSameAs(Table.SPANS);
      assertThat(span.string(Schema.PROJECT_ID)).isEqualTo("p1");
      assertThat(span.string(Schema.TRACE_ID)).isEqualTo(TRACE);
      assertThat(json(span.string(Schema.INPUT)))
          .isEqualTo(json("[{\"role\":\"user\",\"content\":\"caf\u00e9 \\\"quoted\\\"\"}]"));
      assertThat(json(span.string(Schema.OUTPUT))).isEqualTo(json("\"plain \\n text\""));
      assertThat(json(span.string(Schema.METADATA))).isEqualTo(json("{\"a\":{\"b\":[1,2.5]}}"));
      assertThat(span.string(Schema.ATTRIBUTES)).isEqualTo("{\"k\":true}");
      assertThat(span.longValue(Schema.INPUT_TOKENS)).isEqualTo(12);
      assertThat(span.doubleValue(Schema.COST)).isEqualTo(0.25);
      assertThat(span.list(Schema.TAGS)).containsExactly("x", "y");
      assertThat(span.longValue(Schema.START_TIME)).isEqualTo(1795341600123456L);
    }
  }

  @Test
  void rejectsBadItemsByIndexAndKeepsTheirNeighbours() {
    DecodedBatch batch = decode("{\"batch\":["
        + "{\"type\":\"trace\",\"body\":{\"traceId\":\"" + TRACE + "\",\"attributes\":{\"n\":{\"deep\":1}},\"name\":\"x\"}},"
        + "{\"type\":\"trace\",\"body\":{\"traceId\":\"" + TRACE + "\",\"user\":{\"id\":\"u\"}}},"
        + "{\"type\":\"span\",\"body\":{\"traceId\":\"" + TRACE + "\",\"spanId\":\"00f067aa0ba902b7\",\"tags\":[1,{\"a\":[]}],\"name\":\"n\"}},"
        + "{\"type\":\"score\",\"body\":{\"traceId\":\"" + TRACE + "\",\"name\":\"THUMBS_UP\",\"value\":1}},"
        + "{\"type\":\"span\",\"body\":{\"traceId\":\"" + TRACE + "\",\"spanId\":\"00f067aa0ba902b7\",\"startTime\":1795341600000}},"
        + "{\"type\":\"trace\",\"body\":{\"traceId\":\"" + TRACE + "\",\"projectId\":\"other\"}}"
        + "]}");
    assertThat(batch.items()).isEqualTo(6);
    assertThat(batch.rows()).hasSize(2);
    assertThat(batch.rows().get(0).string(Schema.USER_ID)).isEqualTo("u");
    Row score = batch.rows().get(1);
    assertThat(score.string(Schema.SOURCE)).isEqualTo("api");
    assertThat(score.longValue(Schema.TIME)).isEqualTo(1_800_000_000_000_000L);
    assertThat(score.string(Schema.SCORE_ID)).hasSize(32);
    assertThat(batch.errors()).extracting(ItemError::index).containsExactly(0, 2, 4, 5);
    assertThat(batch.errors().get(0).message()).startsWith("body.attributes:");
    assertThat(batch.errors().get(1).message()).startsWith("body.tags:");
    assertThat(batch.errors().get(2).message()).contains("body.startTime").contains("milliseconds");
    assertThat(batch.errors().get(3).message()).contains("body.projectId");
  }

  @Test
  void sameScoreWithoutIdGetsTheSameIdSoRetriesDoNotDoubleCount() {
    String item = "{\"batch\":[{\"type\":\"score\",\"body\":{\"traceId\":\"" + TRACE
        + "\",\"name\":\"THUMBS_UP\",\"value\":1}}]}";
    String first = decode(item).rows().get(0).string(Schema.SCORE_ID);
    assertThat(decoder.decode(item.getBytes(StandardCharsets.UTF_8), "p1", 1_800_000_000_000_999L)
        .rows().get(0).string(Schema.SCORE_ID)).isEqualTo(first);
  }

  @Test
  void failsWholeRequestsThatCannotBeRead() {
    assertThatThrownBy(() -> decode("{\"batch\":[{\"type\":\"trace\",")).isInstanceOf(IngestException.class)
        .hasMessageStartingWith("malformed JSON");
    assertThatThrownBy(() -> decode("{\"batch\":" + "[".repeat(200) + "]".repeat(200) + "}"))
        .isInstanceOf(IngestException.class).hasMessageContaining("nesting");
    assertThatThrownBy(() -> decode("[]")).hasMessageContaining("must be a JSON object");
    byte[] badUtf8 = ("{\"batch\":[{\"type\":\"trace\",\"body\":{\"traceId\":\"" + TRACE
        + "\",\"input\":{\"t\":\"\u0000\"}}}]}").getBytes(StandardCharsets.UTF_8);
    badUtf8[badUtf8.length - 7] = (byte) 0xff;
    assertThatThrownBy(() -> decoder.decode(badUtf8, "p1", 0)).isInstanceOf(IngestException.class)
        .extracting(e -> ((IngestException) e).status()).isEqualTo(400);
  }
}
