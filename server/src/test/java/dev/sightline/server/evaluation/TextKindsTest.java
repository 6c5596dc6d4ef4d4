package dev.sightline.server.evaluation;

import static dev.sightline.server.evaluation.Fixtures.judge;
import static dev.sightline.server.evaluation.Fixtures.output;
import static dev.sightline.server.evaluation.Fixtures.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TextKindsTest {
  @Test
  void jsonValidParsesTheDecodedStringOrTakesTheValue() throws Exception {
    Judge judge = judge("json-valid", "{}");
    assertThat(judge.remote()).isFalse();
    assertThat(judge.judge(text("{\"a\": [1, 2]}"))).extracting(Verdict::value, Verdict::label)
        .containsExactly(1.0, "pass");
    assertThat(judge.judge(output("{\"a\":1}")).label()).isEqualTo("pass");
    Verdict bad = judge.judge(text("{\"a\": 1"));
    assertThat(bad.value()).isEqualTo(0.0);
    assertThat(bad.label()).isEqualTo("fail");
    assertThat(bad.comment()).startsWith("not JSON: ").contains("line 1");
    assertThat(judge.judge(text("{} trailing")).label()).isEqualTo("fail");
    assertThat(judge.judge(text("")).label()).isEqualTo("fail");
  }

  @Test
  void textKindsReadTheConfiguredFieldAndNeedIt() throws Exception {
    Judge onInput = judge("contains", "{\"values\": [\"question\"], \"field\": \"input\"}");
    assertThat(onInput.judge(text("no")).label()).isEqualTo("pass");
    Subject noOutput = output(null);
    assertThatThrownBy(() -> judge("json-valid", "{}").judge(noOutput))
        .isInstanceOf(EvaluationException.class).hasMessage("no output to judge");
    assertThatThrownBy(() -> judge("regex", "{\"pattern\": \"x\", \"field\": \"body\"}"))
        .hasMessage("config.field: must be one of [output, input]");
  }

  @Test
  void jsonSchemaListsTheFirstViolations() throws Exception {
    Judge judge = judge("json-schema", "{\"schema\": {\"type\": \"object\", \"required\": [\"name\", \"age\"],"
        + " \"properties\": {\"age\": {\"type\": \"integer\", \"minimum\": 0}}}}");
    assertThat(judge.judge(text("{\"name\": \"Ada\", \"age\": 36}")).label()).isEqualTo("pass");
    assertThat(judge.judge(output("{\"name\":\"Ada\",\"age\":36}")).label()).isEqualTo("pass");
    Verdict bad = judge.judge(output("{\"age\":-1}"));
    assertThat(bad.label()).isEqualTo("fail");
    assertThat(bad.comment()).isEqualTo("2 violations: /age: must have a minimum value of 0; required property 'name' not found");
    assertThat(judge.judge(text("plain words")).label()).isEqualTo("fail");
    assertThat(judge("json-schema", "{\"schema\": {\"type\": \"string\"}}").judge(text("plain words")).label())
        .isEqualTo("pass");
    Judge draft4 = judge("json-schema", "{\"schema\": {\"$schema\": \"http://json-schema.org/draft-04/schema#\","
        + " \"type\": \"number\", \"minimum\": 0, \"exclusiveMinimum\": true}}");
    assertThat(draft4.judge(output("0")).label()).isEqualTo("fail");
    assertThat(draft4.judge(output("0.5")).label()).isEqualTo("pass");
  }

  @Test
  void jsonSchemaRefusesABadSchema() {
    assertThatThrownBy(() -> judge("json-schema", "{}")).hasMessage("config.schema: required");
    assertThatThrownBy(() -> judge("json-schema", "{\"schema\": [1]}"))
        .hasMessage("config.schema: must be a JSON Schema object");
    assertThatThrownBy(() -> judge("json-schema", "{\"schema\": {\"properties\": {\"a\": {\"type\": 5}}}}"))
        .hasMessageStartingWith("config.schema: not a valid JSON Schema: /properties/a/type: ");
    for (String ref : new String[] {"https://example.com/s.json", "file:///etc/passwd", "classpath:/logback.xml"}) {
      assertThatThrownBy(() -> judge("json-schema", "{\"schema\": {\"$ref\": \"" + ref + "\"}}"))
          .hasMessage("config.schema: not a usable JSON Schema: Schema from '" + ref + "' is not allowed to be loaded.");
    }
  }

  @Test
  void regexFindsAMatchAnywhereOrMustNot() throws Exception {
    Judge must = judge("regex", "{\"pattern\": \"order #\\\\d+\"}");
    assertThat(must.judge(text("your order #42 shipped")).label()).isEqualTo("pass");
    Verdict none = must.judge(text("your order shipped"));
    assertThat(none.label()).isEqualTo("fail");
    assertThat(none.comment()).isEqualTo("no match of order #\\d+");
    Judge mustNot = judge("regex", "{\"pattern\": \"(?i)as an ai\", \"mustMatch\": false}");
    assertThat(mustNot.judge(text("As an AI, I cannot")).label()).isEqualTo("fail");
    assertThat(mustNot.judge(text("Sure.")).label()).isEqualTo("pass");
  }

  @Test
  void regexStopsAPatternThatBacktracksWithoutEnd() throws Exception {
    // Exponential even for Java's engine, which memoizes simpler cases: 24 characters take 15 s unbounded.
    Judge judge = judge("regex", "{\"pattern\": \"((a+)\\\\2?)+$\"}");
    assertThat(judge.judge(text("a".repeat(40))).label()).isEqualTo("pass");
    long start = System.nanoTime();
    assertThatThrownBy(() -> judge.judge(text("a".repeat(40) + "!"))).isInstanceOf(EvaluationException.class)
        .hasMessage("the pattern took too long on this text (it backtracks too much)");
    assertThat(System.nanoTime() - start).as("stopped, not run for hours").isLessThan(5_000_000_000L);
  }

  @Test
  void regexConfigErrorsNameTheField() {
    assertThatThrownBy(() -> judge("regex", "{}")).hasMessage("config.pattern: required");
    assertThatThrownBy(() -> judge("regex", "{\"pattern\": \"(\"}"))
        .hasMessageStartingWith("config.pattern: not a valid regular expression: ");
    assertThatThrownBy(() -> judge("regex", "{\"pattern\": \"a\", \"mustMatch\": \"yes\"}"))
        .hasMessage("config.mustMatch: must be true or false");
    assertThatThrownBy(() -> judge("regex", "{\"pattern\": \"a\", \"flags\": \"i\"}"))
        .hasMessage("config.flags: unknown field; there are [field, mustMatch, pattern]");
  }

  @Test
  void containsByMode() throws Exception {
    Subject s = text("Refunds take 5 days. Contact Support.");
    assertThat(judge("contains", "{\"values\": [\"refund\", \"cancel\"]}").judge(s).label()).isEqualTo("pass");
    assertThat(judge("contains", "{\"values\": [\"refund\"], \"caseSensitive\": true}").judge(s).label())
        .isEqualTo("fail");
    Verdict all = judge("contains", "{\"values\": [\"refund\", \"cancel\"], \"mode\": \"all\"}").judge(s);
    assertThat(all.label()).isEqualTo("fail");
    assertThat(all.comment()).isEqualTo("missing \"cancel\"");
    assertThat(judge("contains", "{\"values\": [\"refunds\", \"support\"], \"mode\": \"all\"}").judge(s).label())
        .isEqualTo("pass");
    Verdict none = judge("contains", "{\"values\": [\"support\"], \"mode\": \"none\"}").judge(s);
    assertThat(none.label()).isEqualTo("fail");
    assertThat(none.comment()).isEqualTo("contains \"support\"");
    assertThat(judge("contains", "{\"values\": [\"lawsuit\"], \"mode\": \"none\"}").judge(s).label())
        .isEqualTo("pass");
  }

  @Test
  void containsConfigErrorsNameTheField() {
    assertThatThrownBy(() -> judge("contains", "{}")).hasMessage("config.values: must be a non-empty list of strings");
    assertThatThrownBy(() -> judge("contains", "{\"values\": []}")).hasMessageStartingWith("config.values: ");
    assertThatThrownBy(() -> judge("contains", "{\"values\": [\"a\", 3]}"))
        .hasMessage("config.values[1]: must be a non-empty string");
    assertThatThrownBy(() -> judge("contains", "{\"values\": [\"a\"], \"mode\": \"some\"}"))
        .hasMessage("config.mode: must be one of [any, all, none]");
  }

  @Test
  void lengthCountsCharactersWithinBounds() throws Exception {
    Judge judge = judge("length", "{\"min\": 3, \"max\": 5}");
    assertThat(judge.judge(text("abcd")).label()).isEqualTo("pass");
    assertThat(judge.judge(text("ab")).comment()).isEqualTo("2 characters, fewer than 3");
    assertThat(judge.judge(text("abcdef")).comment()).isEqualTo("6 characters, more than 5");
    assertThat(judge.judge(text("\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00")).label()).as("code points").isEqualTo("pass");
    assertThat(judge("length", "{\"max\": 2}").judge(text("abc")).label()).isEqualTo("fail");
    assertThat(judge("length", "{\"min\": 1}").judge(text("abc")).label()).isEqualTo("pass");
  }

  @Test
  void lengthConfigErrorsNameTheField() {
    assertThatThrownBy(() -> judge("length", "{}")).hasMessage("config.min: give min, max or both");
    assertThatThrownBy(() -> judge("length", "{\"min\": 5, \"max\": 3}")).hasMessage("config.max: must be at least min (5)");
    assertThatThrownBy(() -> judge("length", "{\"min\": -1}")).hasMessageStartingWith("config.min: must be an integer");
    assertThatThrownBy(() -> judge("length", "{\"max\": 2.5}")).hasMessageStartingWith("config.max: must be an integer");
  }
}
