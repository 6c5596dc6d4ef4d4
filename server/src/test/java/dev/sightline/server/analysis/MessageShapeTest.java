package dev.sightline.server.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Messages that differ only in ids, numbers and values share a pattern; others do not. */
class MessageShapeTest {
  @Test
  void idsNumbersAndValuesBecomePlaceholders() {
    assertThat(MessageShape.of("Rate limit exceeded for key sk-Abc123def456GHI789: retry in 12.5s (request 7f3a9c2e11)"))
        .isEqualTo("Rate limit exceeded for key <id>: retry in <num>s (request <id>)");
    assertThat(MessageShape.of("user 3fa85f64-5717-4562-b3fc-2c963f66afa6 not found"))
        .isEqualTo("user <id> not found");
    assertThat(MessageShape.of("GET https://api.example.com/v1/items?id=9 failed: 503"))
        .isEqualTo("GET <url> failed: <num>");
    assertThat(MessageShape.of("cannot open /var/data/run-42/out.json"))
        .isEqualTo("cannot open <path>");
    assertThat(MessageShape.of("invalid value \"blue\" for 'color' from ann@example.org"))
        .isEqualTo("invalid value \"<str>\" for \"<str>\" from <email>");
    assertThat(MessageShape.of("deadline 2026-11-22T10:15:30.123Z passed at 0x1F4"))
        .isEqualTo("deadline <time> passed at <id>");
    assertThat(MessageShape.of("  tool   failed\n  twice  ")).isEqualTo("tool failed twice");
    assertThat(MessageShape.of("don't retry: it's over")).isEqualTo("don't retry: it's over");
  }

  @Test
  void messagesDifferingOnlyInIdsAndNumbersGroupTogetherAndOthersDoNot() {
    PatternTally tally = new PatternTally(1000);
    String[] messages = {
        "Timeout after 30000 ms calling tool search (trace 4bf92f3577b34da6a3ce929d0e0e4736)",
        "Timeout after 12000 ms calling tool search (trace 00f067aa0ba902b7aaaa929d0e0e4736)",
        "Timeout after 5 ms calling tool search (trace 1234567890abcdef1234567890abcdef)",
        "Model refused: content policy",
        "Timeout while connecting to the vector store",
    };
    long t = 1_000;
    for (String m : messages) {
      tally.add(MessageShape.of(m), t, "chat", "trace" + t, m);
      t += 1_000;
    }

    assertThat(tally.patterns()).extracting(PatternTally.Pattern::pattern, PatternTally.Pattern::count)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("Timeout after <num> ms calling tool search (trace <id>)", 3L),
            org.assertj.core.groups.Tuple.tuple("Model refused: content policy", 1L),
            org.assertj.core.groups.Tuple.tuple("Timeout while connecting to the vector store", 1L));
    PatternTally.Pattern top = tally.patterns().get(0);
    assertThat(top.firstSeen()).isEqualTo(1_000);
    assertThat(top.lastSeen()).isEqualTo(3_000);
    assertThat(top.examples()).containsExactly("trace3000", "trace2000", "trace1000");
    assertThat(top.example()).isEqualTo(messages[2]);
    assertThat(top.features()).containsExactly("chat");
  }

  @Test
  void patternsBeyondTheCapAreCountedAsOther() {
    PatternTally tally = new PatternTally(2);
    tally.add("a", 1, null, "t1", "a");
    tally.add("b", 2, null, "t2", "b");
    tally.add("c", 3, "f", "t3", "c");
    tally.add("d", 4, null, "t4", "d");
    tally.add("a", 5, null, "t5", "a");

    assertThat(tally.patterns()).extracting(PatternTally.Pattern::pattern, PatternTally.Pattern::count)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("<other>", 2L),
            org.assertj.core.groups.Tuple.tuple("a", 2L), org.assertj.core.groups.Tuple.tuple("b", 1L));
    assertThat(tally.patterns().get(0).examples()).containsExactly("t4", "t3");
  }
}
