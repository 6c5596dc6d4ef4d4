package dev.sightline.core.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link SearchWords}, the one tokenizer of full-text search, against examples and against a
 * plain reference (a JSON parser's string and number values, split on
 * {@link Character#isLetterOrDigit}) on random JSON.
 */
class SearchWordsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long SEED = 0x1234_5678_9abc_def0L;
  private final SearchWords stream = new SearchWords();

  @Test
  void wordsOfValuesNotKeysNorLiterals() throws IOException {
    assertThat(words("[{\"role\":\"user\",\"content\":\"What is the Weather in PARIS?\"}]"))
        .containsExactlyInAnyOrder("user", "what", "is", "the", "weather", "in", "paris");
    assertThat(words("{\"a\":true,\"b\":null,\"c\":[false,-1.5e10,{\"d\":\"x\\\"y\"}],\"n\":42}"))
        .containsExactlyInAnyOrder("1", "5e10", "x", "y", "42");
    assertThat(words("\"caf\\u00e9 \\u2014 CAFÉ\\nTake\"", "7")).containsExactlyInAnyOrder("café", "take", "7");
    assertThat(words("{}", null, "[]")).isEmpty();
  }

  @Test
  void everyOccurrenceInOrder() {
    assertThat(tokens("\"Paris paris PARIS café CAFÉ\"", "[\"paris\", 7, \"7\"]"))
        .containsExactly("paris", "paris", "paris", "café", "café", "paris", "7", "7");
  }

  @Test
  void longWordsAreCutIntoPieces() throws IOException {
    String json = "\"" + "a".repeat(SearchWords.MAX_WORD + 3) + "\"";
    assertThat(tokens(json)).containsExactly("a".repeat(SearchWords.MAX_WORD), "aaa");
    assertThat(QuerySemantics.words("a".repeat(SearchWords.MAX_WORD + 3)))
        .containsExactlyInAnyOrder("a".repeat(SearchWords.MAX_WORD), "aaa");
  }

  @Test
  void aQuerysWordsAreThoseOfItsPlainText() {
    assertThat(QuerySemantics.words("Weather in \"PARIS\", 2024-05-01: café/CAFÉ {x}"))
        .containsExactlyInAnyOrder("weather", "in", "paris", "2024", "05", "01", "café", "x");
    assertThat(QuerySemantics.words(" \t-- ")).isEmpty();
    assertThat(QuerySemantics.words(null)).isEmpty();
  }

  @Test
  void agreesWithTheReferenceOnRandomJson() throws IOException {
    Random random = new Random(3);
    for (int i = 0; i < 2000; i++) {
      String json = JSON.writeValueAsString(randomValue(random, 0));
      assertThat(words(json)).as(json).isEqualTo(reference(json));
      assertThat(QuerySemantics.jsonWords(json)).as(json).isEqualTo(reference(json));
    }
  }

  /** The words of a JSON text's decoded string and number values, by the plainest means. */
  private static Set<String> reference(String json) throws IOException {
    Set<String> words = new HashSet<>();
    try (JsonParser p = JSON.createParser(json)) {
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        if (t == JsonToken.VALUE_STRING || t.isNumeric()) {
          for (String word : p.getText().split("[^\\p{javaLetterOrDigit}]+")) {
            if (!word.isEmpty()) {
              words.add(word.toLowerCase(Locale.ROOT));
            }
          }
        }
      }
    }
    return words;
  }

  private Set<String> words(String... jsons) {
    return new HashSet<>(tokens(jsons));
  }

  private List<String> tokens(String... jsons) {
    List<String> out = new ArrayList<>();
    stream.json(SEED, (word, length, fnv) -> {
      assertThat(fnv).isEqualTo(SearchWords.fnv(SEED, word, length));
      out.add(new String(word, 0, length, StandardCharsets.UTF_8));
    }, jsons);
    return out;
  }

  private static Object randomValue(Random random, int depth) {
    switch (depth > 3 ? random.nextInt(4) : random.nextInt(6)) {
      case 0:
        return randomText(random);
      case 1:
        return random.nextInt(3) == 0 ? random.nextDouble() * 1e6 - 5e5 : random.nextInt();
      case 2:
        return random.nextBoolean() ? null : random.nextBoolean();
      case 3:
        return randomText(random);
      case 4:
        List<Object> list = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
          list.add(randomValue(random, depth + 1));
        }
        return list;
      default:
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = random.nextInt(4); i > 0; i--) {
          map.put(randomText(random), randomValue(random, depth + 1));
        }
        return map;
    }
  }

  /** Letters, digits, punctuation, escapes, accents, CJK and a surrogate pair. */
  private static String randomText(Random random) {
    String alphabet = "aZ9 _-.,:\"\\/\n\té€ÉßİΣ中\u0000\ud83d\ude00";
    StringBuilder out = new StringBuilder();
    for (int i = random.nextInt(20); i > 0; i--) {
      out.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return out.toString();
  }
}
