package dev.sightline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sightline.testing.StubServer;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Scores sent by trace and span id after the fact, checked on the wire; unusable ones are counted, never sent. */
class ScoreByIdTest {
  private static final String TRACE = "4BF92F3577B34DA6A3CE929D0E0E4736";
  private static final String SPAN = "00f067aa0ba902b7";
  private StubServer stub;
  private Sightline sightline;

  @BeforeEach
  void setUp() throws IOException {
    stub = StubServer.start();
    sightline = client(1);
  }

  @AfterEach
  void tearDown() {
    sightline.shutdown(Duration.ofSeconds(5));
    stub.close();
  }

  private Sightline client(double sampleRate) {
    return Sightline.builder().endpoint(stub.endpoint()).apiKey("test-key").sampleRate(sampleRate)
        .flushInterval(Duration.ofMillis(50)).shutdownHook(false).build();
  }

  @Test
  void aScoreByIdIsAScoreItemOfThatTraceOrSpan() {
    sightline.score(TRACE, null, Score.of("helpfulness", 4).withComment("clear").withAuthor("u-7"));
    sightline.score(TRACE, SPAN, Score.labeled("tone", "polite").withSource(Score.Source.ANNOTATION));
    assertThat(sightline.flush(Duration.ofSeconds(10))).isTrue();

    List<JsonNode> scores = stub.bodies("score");
    assertThat(scores).hasSize(2);
    JsonNode rating = scores.get(0);
    assertThat(rating.get("traceId").asText()).isEqualTo(TRACE.toLowerCase());
    assertThat(rating.has("spanId")).isFalse();
    assertThat(rating.get("name").asText()).isEqualTo("helpfulness");
    assertThat(rating.get("value").asDouble()).isEqualTo(4);
    assertThat(rating.has("label")).isFalse();
    assertThat(rating.get("comment").asText()).isEqualTo("clear");
    assertThat(rating.get("author").asText()).isEqualTo("u-7");
    assertThat(rating.get("source").asText()).isEqualTo("feedback");
    assertThat(rating.get("scoreId").asText()).matches("[0-9a-f]{32}");
    assertThat(rating.get("time").asLong()).isPositive();
    JsonNode tone = scores.get(1);
    assertThat(tone.get("spanId").asText()).isEqualTo(SPAN);
    assertThat(tone.get("label").asText()).isEqualTo("polite");
    assertThat(tone.has("value")).isFalse();
    assertThat(tone.get("source").asText()).isEqualTo("annotation");
    assertThat(sightline.stats().recordingErrors()).isZero();
  }

  @Test
  void unusableScoresAreCountedAndNotSent() {
    sightline.score(null, null, Score.of("a", 1));
    sightline.score("abc", null, Score.of("a", 1));
    sightline.score("0".repeat(32), null, Score.of("a", 1));
    sightline.score("g".repeat(32), null, Score.of("a", 1));
    sightline.score(TRACE, "123", Score.of("a", 1));
    sightline.score(TRACE, "0".repeat(16), Score.of("a", 1));
    sightline.score(TRACE, null, null);
    sightline.score(TRACE, null, Score.of(" ", 1));
    sightline.score(TRACE, null, Score.of("a", Double.NaN));
    sightline.score(TRACE, null, Score.labeled("a", null));
    assertThat(sightline.flush(Duration.ofSeconds(10))).isTrue();
    assertThat(stub.bodies("score")).isEmpty();
    assertThat(sightline.stats().recordingErrors()).isEqualTo(10);
  }

  @Test
  void aDisabledClientOrASampledOutTraceIdSendsNothing() {
    Sightline.disabled().score(TRACE, null, Score.of("a", 1));
    Sightline none = client(0);
    none.score(TRACE, null, Score.of("a", 1));
    assertThat(none.flush(Duration.ofSeconds(10))).isTrue();
    none.shutdown(Duration.ofSeconds(5));
    assertThat(stub.bodies("score")).isEmpty();
  }
}
