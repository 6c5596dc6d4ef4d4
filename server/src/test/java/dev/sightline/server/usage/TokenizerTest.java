package dev.sightline.server.usage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenizerTest {
  private final List<String> counted = new ArrayList<>();
  private final Tokenizer tokenizer = new Tokenizer("test", text -> {
    counted.add(text);
    return text.length() / 4;
  });

  @Test
  void remembersTheCountsOfLongTexts() {
    String prompt = "You are a helpful assistant. ".repeat(20);
    assertThat(tokenizer.count(prompt)).isEqualTo(prompt.length() / 4);
    assertThat(tokenizer.count(new String(prompt))).isEqualTo(prompt.length() / 4); // an equal text, not the same
    assertThat(counted).hasSize(1);
    tokenizer.count("short");
    tokenizer.count("short");
    assertThat(counted).hasSize(3); // short texts are cheaper to count than to keep
  }

  @Test
  void keepsAtMostItsCharactersLeastRecentlyUsedFirstOut() {
    int length = Tokenizer.MAX_KEPT_CHARS / 10;
    List<String> texts = new ArrayList<>();
    for (char c = 'a'; c < 'a' + 12; c++) {
      texts.add(String.valueOf(c).repeat(length));
    }
    texts.subList(0, 10).forEach(tokenizer::count); // exactly the budget
    tokenizer.count(texts.get(0)); // used again: now the most recent
    tokenizer.count(texts.get(10)); // over the budget: "b…" goes
    tokenizer.count(texts.get(11)); // "c…" goes
    counted.clear();
    for (int i : new int[] {0, 3, 9, 10, 11, 1}) {
      tokenizer.count(texts.get(i));
    }
    assertThat(counted).extracting(t -> t.charAt(0)).containsExactly('b');
  }

  @Test
  void countsButDoesNotKeepVeryLongTexts() {
    String huge = "x".repeat(Tokenizer.MAX_KEPT_CHARS / 8 + 1);
    tokenizer.count(huge);
    tokenizer.count(huge);
    assertThat(counted).hasSize(2);
  }
}
