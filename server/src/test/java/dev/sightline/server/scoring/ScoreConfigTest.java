package dev.sightline.server.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sightline.core.codec.DecodedBatch;
import dev.sightline.core.codec.ItemError;
import dev.sightline.core.model.Row;
import dev.sightline.core.model.Schema;
import dev.sightline.core.model.Table;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The config JSON's field-named refusals, and how scores fit, are completed by, or miss a config. */
class ScoreConfigTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ScoreConfig RANGE = config("helpfulness", "{\"dataType\": \"numeric\", \"min\": 1, \"max\": 5}");
  private static final ScoreConfig FLAG = config("correct", "{\"dataType\": \"boolean\"}");
  private static final ScoreConfig TONE = config("tone", "{\"dataType\": \"categorical\", \"categories\": "
      + "[{\"label\": \"polite\", \"value\": 1}, {\"label\": \"rude\", \"value\": 0}]}");

  @Test
  void badConfigsAreRefusedNamingTheField() {
    assertRefused("{}", "dataType: required");
    assertRefused("{\"dataType\": \"stars\"}", "dataType: must be numeric, boolean or categorical");
    assertRefused("{\"dataType\": \"numeric\", \"min\": 5, \"max\": 1}", "max: must not be below min");
    assertRefused("{\"dataType\": \"numeric\", \"min\": \"1\"}", "min: must be a finite number");
    assertRefused("{\"dataType\": \"boolean\", \"max\": 1}", "max: only for dataType numeric");
    assertRefused("{\"dataType\": \"categorical\"}", "categories: must be an array of 1 to 100");
    assertRefused("{\"dataType\": \"categorical\", \"categories\": []}", "categories: must be an array");
    assertRefused("{\"dataType\": \"categorical\", \"categories\": [{\"label\": \"a\", \"value\": 1}, "
        + "{\"label\": \"a\", \"value\": 2}]}", "categories[1].label: 'a' is already a category");
    assertRefused("{\"dataType\": \"categorical\", \"categories\": [{\"label\": \"a\"}]}", "categories[0]: must be");
    assertRefused("{\"dataType\": \"numeric\", \"categories\": [{\"label\": \"a\", \"value\": 1}]}",
        "categories: only for dataType categorical");
    assertRefused("{\"dataType\": \"numeric\", \"name\": \"other\"}", "name: must be the name in the path");
    assertRefused("{\"dataType\": \"numeric\", \"unit\": \"stars\"}", "unit: unknown field");
  }

  @Test
  void numericScoresMustBeInRange() {
    assertThat(fit(RANGE, 3.0, null)).isNull();
    assertThat(fit(RANGE, 1.0, null)).isNull();
    assertThat(fit(RANGE, 5.5, null)).isEqualTo("value: score 'helpfulness' must be between 1 and 5");
    assertThat(fit(RANGE, null, "great")).isEqualTo("value: score 'helpfulness' is numeric and needs a value");
    ScoreConfig atLeast = config("x", "{\"dataType\": \"numeric\", \"min\": 0.5}");
    assertThat(fit(atLeast, 0.25, null)).isEqualTo("value: score 'x' must be at least 0.5");
    assertThat(fit(atLeast, 1e9, null)).isNull();
  }

  @Test
  void booleanScoresAreZeroOrOneAndALabelGivesTheValue() {
    assertThat(fit(FLAG, 1.0, null)).isNull();
    assertThat(fit(FLAG, 0.5, null)).isEqualTo("value: score 'correct' is boolean and must be 0 or 1");
    assertThat(fit(FLAG, null, "yes")).contains("its label must be \"true\" or \"false\"");
    assertThat(fit(FLAG, 0.0, "true")).isEqualTo("value: score 'correct' with label \"true\" must have value 1");
    Row.Builder labelOnly = score("correct", null, "false");
    assertThat(FLAG.fit(labelOnly)).isNull();
    assertThat(labelOnly.get(Schema.VALUE)).isEqualTo(0.0);
  }

  @Test
  void categoricalScoresAreCompletedFromTheirLabelOrValue() {
    Row.Builder labelOnly = score("tone", null, "rude");
    assertThat(TONE.fit(labelOnly)).isNull();
    assertThat(labelOnly.get(Schema.VALUE)).isEqualTo(0.0);
    Row.Builder valueOnly = score("tone", 1.0, null);
    assertThat(TONE.fit(valueOnly)).isNull();
    assertThat(valueOnly.get(Schema.LABEL)).isEqualTo("polite");
    assertThat(fit(TONE, null, "snarky")).isEqualTo("label: score 'tone' must be one of [polite, rude]");
    assertThat(fit(TONE, 2.0, null)).isEqualTo("value: score 'tone' must be one of the values [1, 0]");
    assertThat(fit(TONE, 0.0, "polite")).isEqualTo("value: score 'tone' with label 'polite' must have value 1");
  }

  @Test
  void aBatchKeepsItsItemNumbersAndIsTheSameWhenEverythingFits() {
    Map<String, ScoreConfig> configs = Map.of("helpfulness", RANGE, "tone", TONE);
    Row span = Row.builder(Table.SPANS).set(Schema.TRACE_ID, "t").set(Schema.SPAN_ID, "s").build();
    Row fits = score("helpfulness", 4.0, null).build();
    Row unconfigured = score("other", 99.0, null).build();
    DecodedBatch asSent = new DecodedBatch(List.of(span, fits, unconfigured), List.of(), 3);
    assertThat(ScoreFit.apply(configs, asSent)).isSameAs(asSent);
    assertThat(ScoreFit.apply(Map.of(), asSent)).isSameAs(asSent);

    // items: 0 span, 1 rejected by the decoder, 2 misfit, 3 completed, 4 fits
    DecodedBatch mixed = new DecodedBatch(List.of(span, score("helpfulness", 9.0, null).build(),
        score("tone", null, "polite").build(), fits), List.of(new ItemError(1, "body.name: required")), 5);
    DecodedBatch checked = ScoreFit.apply(configs, mixed);
    assertThat(checked.items()).isEqualTo(5);
    assertThat(checked.errors()).containsExactly(new ItemError(1, "body.name: required"),
        new ItemError(2, "body.value: score 'helpfulness' must be between 1 and 5"));
    assertThat(checked.rows()).hasSize(3);
    assertThat(checked.rows().get(0)).isEqualTo(span);
    assertThat(checked.rows().get(1).get(Schema.VALUE)).isEqualTo(1.0);
    assertThat(checked.rows().get(2)).isEqualTo(fits);
  }

  private static String fit(ScoreConfig config, Double value, String label) {
    return config.fit(score(config.name(), value, label));
  }

  private static Row.Builder score(String name, Double value, String label) {
    return Row.builder(Table.SCORES).set(Schema.PROJECT_ID, "p").set(Schema.SCORE_ID, name + value + label)
        .set(Schema.TRACE_ID, "0af7651916cd43dd8448eb211c80319c").set(Schema.NAME, name)
        .set(Schema.VALUE, value).set(Schema.LABEL, label);
  }

  private static void assertRefused(String json, String message) {
    assertThatThrownBy(() -> config("s", json)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(message);
  }

  private static ScoreConfig config(String name, String json) {
    try {
      JsonNode node = JSON.readTree(json);
      return ScoreConfigJson.read(name, node);
    } catch (JsonProcessingException e) {
      throw new AssertionError("test JSON", e);
    }
  }
}
