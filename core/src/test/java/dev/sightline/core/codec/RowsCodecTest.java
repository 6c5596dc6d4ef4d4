package dev.sightline.core.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sightline.core.model.Row;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RowsCodecTest {
  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private final RowsCodec codec = new RowsCodec();

  /** Every column type, nested user fields, JSON kept as sent (spacing, escapes, number forms). */
  @Test
  void rowsReadBackEqual() {
    String batch = "{\"batch\":["
        + "{\"type\":\"trace\",\"body\":{\"traceId\":\"" + TRACE + "\",\"name\":\"chat\",\"tags\":[\"a\",\"b\"],"
        + "\"user\":{\"id\":\"u-1\",\"name\":\"Ada\"},\"startTime\":1795342530000000,"
        + "\"input\":{ \"q\" : \"caf\\u00e9 \\\"quoted\\\"\", \"n\": 1.50e2 },\"metadata\":{\"k\":[1,{\"x\":null}]}}},"
        + "{\"type\":\"span\",\"body\":{\"traceId\":\"" + TRACE + "\",\"spanId\":\"00f067aa0ba902b7\","
        + "\"type\":\"generation\",\"inputTokens\":420,\"cost\":0.0001925,\"runEvaluation\":true,"
        + "\"output\":\"plain text\"}},"
        + "{\"type\":\"score\",\"body\":{\"traceId\":\"" + TRACE + "\",\"name\":\"helpful\",\"value\":0.5}}]}";
    List<Row> rows = new NativeDecoder().decode(batch.getBytes(StandardCharsets.UTF_8), "p1", 1_795_342_531_000_000L)
        .rows();
    assertThat(rows).hasSize(3);

    DecodedBatch back = codec.decode(codec.encode(rows), "p1", 0);

    assertThat(back.rows()).isEqualTo(rows);
    assertThat(back.errors()).isEmpty();
    assertThat(new String(codec.encode(rows), StandardCharsets.UTF_8)).doesNotContain("p1");
  }

  @Test
  void somethingElseIsRefused() {
    assertThatThrownBy(() -> codec.decode("{\"batch\":[]}".getBytes(StandardCharsets.UTF_8), "p1", 0))
        .isInstanceOf(IngestException.class);
    assertThatThrownBy(() -> codec.decode("{\"rows\":[{\"table\":\"log\",\"values\":{}}]}"
        .getBytes(StandardCharsets.UTF_8), "p1", 0)).isInstanceOf(IngestException.class);
  }
}
