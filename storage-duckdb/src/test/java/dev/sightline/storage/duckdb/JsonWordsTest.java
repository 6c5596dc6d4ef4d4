package dev.sightline.storage.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sightline.core.storage.QuerySemantics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link JsonWords} finds exactly the words that {@link QuerySemantics} defines. */
class JsonWordsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final JsonWords stream = new JsonWords();

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
    String json = "\"" + "a".repeat(JsonWords.MAX_WORD + 3) + "\"";
    assertThat(tokens(json)).containsExactly("a".repeat(JsonWords.MAX_WORD), "aaa");
  }

  @Test
  void agreesWithQuerySemanticsOnRandomJson() throws IOException {
    Random random = new Random(3);
    for (int i = 0; i < 2000; i++) {
      String json = JSON.writeValueAsString(randomValue(random, 0));
      assertThat(words(json)).as(json).isEqualTo(QuerySemantics.words(QuerySemantics.searchText(json)));
    }
  }

  private Set<String> words(String... jsons) {
    return new HashSet<>(tokens(jsons));
  }

  private List<String> tokens(String... jsons) {
    List<String> out = new ArrayList<>();
    long seed = Terms.projectSeed("p");
    stream.words(seed, (word, length, hash) -> {
      assertThat(hash).isEqualTo(Terms.hash(seed, word, length));
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
