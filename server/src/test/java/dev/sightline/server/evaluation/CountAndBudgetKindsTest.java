package dev.sightline.server.evaluation;

import static dev.sightline.server.evaluation.Fixtures.judge;
import static dev.sightline.server.evaluation.Fixtures.output;
import static dev.sightline.server.evaluation.Fixtures.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CountAndBudgetKindsTest {
  @Test
  void piiCountsEachKind() throws Exception {
    Verdict v = judge("pii", "{}").judge(text("Mail ada@example.com or bob@example.org, card 4111 1111 1111 1111,"
        + " IBAN GB82 WEST 1234 5698 7654 32, call +44 20 7946 0958, key sk-abcdefghijklmnopqrstuvwxyz123456,"
        + " header Authorization: Bearer abcdefghijklmnopqrstuvwxyz"));
    assertThat(v.label()).isEqualTo("found");
    assertThat(v.details()).isEqualTo(Map.of("apiKey", 2, "email", 2, "iban", 1, "creditCard", 1, "phone", 1));
    assertThat(v.value()).isEqualTo(7.0);
    assertThat(v.comment()).isEqualTo("apiKey: 2, email: 2, iban: 1, creditCard: 1, phone: 1");
  }

  @Test
  void piiChecksCandidatesAndFindsNoneInPlainText() throws Exception {
    Judge judge = judge("pii", "{}");
    Verdict none = judge.judge(text("Order 4111 1111 1111 1112 shipped on 2024-05-01; 3 items."));
    assertThat(none.value()).isEqualTo(0.0);
    assertThat(none.label()).isEqualTo("none");
    assertThat(none.details()).isEmpty();
    assertThat(judge.judge(output("{\"to\":\"ada@example.com\"}")).details()).isEqualTo(Map.of("email", 1));
    assertThat(judge.judge(text("use sk-proj-4155550123415555012341 now")).details())
        .as("the digits of a key are not also a phone number").isEqualTo(Map.of("apiKey", 1));
  }

  @Test
  void piiKindsRestrictTheScan() throws Exception {
    Verdict v = judge("pii", "{\"kinds\": [\"creditCard\", \"ipAddress\"]}")
        .judge(text("ada@example.com paid with 4111111111111111 from 10.0.0.7"));
    assertThat(v.details()).isEqualTo(Map.of("creditCard", 1, "ipAddress", 1));
    assertThatThrownBy(() -> judge("pii", "{\"kinds\": [\"ssn\"]}"))
        .hasMessageStartingWith("config.kinds: unknown kind ssn; there are [apiKey, email");
  }

  @Test
  void wordListMatchesWholeWordsIgnoringCase() throws Exception {
    Judge judge = judge("word-list", "{\"words\": [\"darn\", \"heck\", \"c++\"]}");
    Verdict v = judge.judge(text("Darn it, what the HECK. Darn! C++ again; darned and hecking do not count."));
    assertThat(v.value()).isEqualTo(4.0);
    assertThat(v.label()).isEqualTo("found");
    assertThat(v.comment()).isEqualTo("found \"darn\", \"heck\", \"c++\"");
    Verdict none = judge.judge(text("darned hecking"));
    assertThat(none.value()).isEqualTo(0.0);
    assertThat(none.label()).isEqualTo("none");
    assertThatThrownBy(() -> judge("word-list", "{}")).hasMessage("config.words: must be a non-empty list of strings");
  }

  @Test
  void latencyBudgetComparesMicroseconds() throws Exception {
    Subject s = output("\"x\""); // 1.5 s
    Verdict over = judge("latency-budget", "{\"maxMs\": 1000}").judge(s);
    assertThat(over.label()).isEqualTo("fail");
    assertThat(over.comment()).isEqualTo("took 1500 ms, budget 1000 ms");
    assertThat(judge("latency-budget", "{\"maxMs\": 1500}").judge(s).label()).isEqualTo("pass");
    Subject open = new Subject("p", "t", "s", "span", null, null, null, null, null, null, null, null);
    assertThatThrownBy(() -> judge("latency-budget", "{\"maxMs\": 1}").judge(open))
        .isInstanceOf(EvaluationException.class).hasMessageStartingWith("no duration to judge");
    assertThatThrownBy(() -> judge("latency-budget", "{}")).hasMessage("config.maxMs: required");
    assertThatThrownBy(() -> judge("latency-budget", "{\"maxMs\": 0}")).hasMessage("config.maxMs: must be a number above 0");
  }

  @Test
  void costBudgetComparesDollars() throws Exception {
    Subject s = output("\"x\""); // $0.02
    Verdict over = judge("cost-budget", "{\"maxUsd\": 0.01}").judge(s);
    assertThat(over.label()).isEqualTo("fail");
    assertThat(over.comment()).isEqualTo("cost $0.02, budget $0.01");
    assertThat(judge("cost-budget", "{\"maxUsd\": 0.02}").judge(s).value()).isEqualTo(1.0);
    Subject unpriced = new Subject("p", "t", "s", "span", null, null, null, null, null, null, 5L, null);
    assertThatThrownBy(() -> judge("cost-budget", "{\"maxUsd\": 0}").judge(unpriced))
        .isInstanceOf(EvaluationException.class).hasMessageStartingWith("no cost to judge");
    assertThatThrownBy(() -> judge("cost-budget", "{\"maxUsd\": -1}")).hasMessage("config.maxUsd: must be a number of at least 0");
    assertThatThrownBy(() -> judge("cost-budget", "{\"maxUsd\": \"1\"}")).hasMessageStartingWith("config.maxUsd: ");
  }

  @Test
  void kindsAreNamedAndConfigsChecked() {
    assertThat(Kinds.names()).containsExactly("contains", "cost-budget", "json-schema", "json-valid",
        "latency-budget", "length", "llm-judge", "pii", "regex", "webhook", "word-list");
    assertThatThrownBy(() -> judge("sentiment", "{}")).hasMessage("kind: must be one of " + Kinds.names());
    assertThatThrownBy(() -> Kinds.create(null, null, k -> null)).hasMessageStartingWith("kind: must be one of");
    assertThatThrownBy(() -> judge("json-valid", "[]")).hasMessage("config: must be an object");
    assertThat(Kinds.create("json-valid", null, k -> null).remote()).isFalse();
  }
}
