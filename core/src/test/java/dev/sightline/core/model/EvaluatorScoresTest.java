package dev.sightline.core.model;

import static org.assertj.core.api.Assertions.assertThat;

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
}
