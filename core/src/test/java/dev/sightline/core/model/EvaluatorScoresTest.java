package dev.sightline.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class EvaluatorScoresTest {
  @Test
  void theIdIsTheFirstHalfOfTheSha256OfTheFourParts() throws Exception {
    byte[] sha = MessageDigest.getInstance("SHA-256")
        .digest("pii\n3\n0af7651916cd43dd8448eb211c80319c\nb7ad6b7169203331".getBytes(StandardCharsets.UTF_8));
    String expected = HexFormat.of().formatHex(sha).substring(0, 32);
    assertThat(EvaluatorScores.id("pii", 3, "0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331"))
        .isEqualTo(expected)
        .isEqualTo(EvaluatorScores.id("pii", 3, "0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331"));
    assertThat(EvaluatorScores.id("pii", 4, "0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331"))
        .isNotEqualTo(expected);
  }

  @Test
  void theVersionIsReadFromTheStartOfTheMetadataOnly() {
    assertThat(EvaluatorScores.version("{\"evaluatorVersion\":12,\"kind\":\"pii\"}")).isEqualTo(12);
    assertThat(EvaluatorScores.version("{\"evaluatorVersion\":0,\"error\":true}")).isZero();
    assertThat(EvaluatorScores.version("{\"evaluatorVersion\":12}")).isEqualTo(-1);
    assertThat(EvaluatorScores.version("{\"evaluatorVersion\":1.5,\"kind\":\"x\"}")).isEqualTo(-1);
    assertThat(EvaluatorScores.version("{\"evaluatorVersion\":-1,\"kind\":\"x\"}")).isEqualTo(-1);
    assertThat(EvaluatorScores.version("{\"evaluatorVersion\":1234567890,\"kind\":\"x\"}")).isEqualTo(-1);
    assertThat(EvaluatorScores.version("{\"kind\":\"x\",\"evaluatorVersion\":1,}")).isEqualTo(-1);
    assertThat(EvaluatorScores.version(null)).isEqualTo(-1);
  }

  @Test
  void aVerdictOnASpanIsTheScoreRowOfItsEvaluatorDatedAtTheSpansEnd() {
    Row span = Row.builder(Table.SPANS).set(Schema.PROJECT_ID, "p").set(Schema.TRACE_ID, "0af7651916cd43dd8448eb211c80319c")
        .set(Schema.SPAN_ID, "b7ad6b7169203331").set(Schema.START_TIME, 10L).set(Schema.END_TIME, 20L).build();
    EvaluatorVerdict v = new EvaluatorVerdict("pii", 3, 2.0, "found", "email: 2", "{\"evaluatorVersion\":3,\"kind\":\"pii\"}");
    Row score = EvaluatorScores.row(span, v);
    assertThat(score.string(Schema.SCORE_ID)).isEqualTo(EvaluatorScores.id("pii", 3, "0af7651916cd43dd8448eb211c80319c",
        "b7ad6b7169203331"));
    assertThat(score.longValue(Schema.TIME)).isEqualTo(20L);
    assertThat(score.string(Schema.SOURCE)).isEqualTo(EvaluatorScores.SOURCE);
    assertThat(score.doubleValue(Schema.VALUE)).isEqualTo(2.0);
    assertThat(score.string(Schema.COMMENT)).isEqualTo("email: 2");
    assertThat(EvaluatorScores.row(span.toBuilder().set(Schema.END_TIME, null).build(), v).longValue(Schema.TIME))
        .as("no end: the start").isEqualTo(10L);
  }

  @Test
  void aVerdictMustCarryItsVersionInItsMetadataAndAFiniteValue() {
    assertThatThrownBy(() -> new EvaluatorVerdict("pii", 3, 1.0, null, null, "{\"evaluatorVersion\":2,\"kind\":\"pii\"}"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("metadata");
    assertThatThrownBy(() -> new EvaluatorVerdict("pii", 3, Double.NaN, null, null, "{\"evaluatorVersion\":3,\"kind\":\"pii\"}"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("finite");
    assertThatThrownBy(() -> new dev.sightline.core.storage.SpanVerdicts(Row.builder(Table.TRACES).set(Schema.PROJECT_ID, "p")
        .set(Schema.TRACE_ID, "t").set(Schema.START_TIME, 1L).build(), java.util.List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("span rows");
  }
}
