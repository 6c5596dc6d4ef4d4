package dev.sightline.core.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
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

  /**
   * The tokenizer reads words from a char array since 2026-12-07: it must hand over exactly what
   * the one before it did (same words, bytes and hashes, same order), or stored index segments
   * would no longer match the words of queries. Compared on random JSON as Jackson writes it (and
   * with every char it may leave plain written as a {@code \\uXXXX} escape instead), on texts
   * made by hand (mixed-case words with accents, final sigma, dotted I, ß, CJK, emoji, escapes,
   * numbers, words longer than {@link SearchWords#MAX_WORD}) and on the same texts as queries.
   */
  /**
   * The words, their bytes, hashes and order, as the tokenizer before the 2026-12-07 rewrite gave
   * them: {@code search-words-digests.txt} holds a digest of its output for each generated text
   * (JSON, with a second text and a null, then the same text as a query), written by it.
   */
  @Test
  void givesWhatTheTokenizerBeforeTheRewriteGave() throws IOException {
    List<String> texts = digestTexts();
    List<String> expected;
    try (InputStream in = SearchWordsTest.class.getResourceAsStream("search-words-digests.txt")) {
      expected = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    }
    assertThat(expected).hasSize(2 * texts.size());
    for (int i = 0; i < texts.size(); i++) {
      String a = texts.get(i);
      String b = texts.get((i * 7 + 3) % texts.size());
      List<String> json = new ArrayList<>();
      stream.json(SEED, (word, length, fnv) -> json.add(token(word, length, fnv)), a, null, b);
      assertThat(digest(json)).as("json: " + a + " + " + b).isEqualTo(expected.get(2 * i));
      List<String> text = new ArrayList<>();
      stream.text(SEED, (word, length, fnv) -> text.add(token(word, length, fnv)), a);
      assertThat(digest(text)).as("text: " + a).isEqualTo(expected.get(2 * i + 1));
    }
  }

  /** The texts of {@link #givesWhatTheTokenizerBeforeTheRewriteGave}: hand-picked, then random JSON. */
  private static List<String> digestTexts() throws IOException {
    Random random = new Random(11);
    List<String> texts = new ArrayList<>(List.of(
        "[{\"role\":\"user\",\"content\":\"What is the Weather in PARIS? Caf\\u00e9 au lait\\nPlease\"}]",
        "{\"a\":\"ΟΔΟΣ odoΣ ΣΑΣ İstanbul STRASSE straße Éclair ÀB9z\",\"b\":[1,-2.5E+7,\"x\\\"y\\\\z\\/w\"]}",
        "\"中文字符 日本語テキスト 한국어 mixed中english 😀emoji😀 done\\ud83d\\ude00x\"",
        "\"tab\\there\\r\\nnew\\bline\\fform \\u0041\\u0062C d\\u00C9F\"",
        "{\"k\\\"ey\":\"v\",\"n\":{\"x\":[true,false,null,0.000125,\"END\"]}}",
        "\"" + "Ab".repeat(SearchWords.MAX_WORD) + " " + "é".repeat(SearchWords.MAX_WORD + 7) + "\"",
        "\"" + "x".repeat(SearchWords.MAX_WORD - 1) + "É" + "y".repeat(9) + "\"",
        "-12345", "[]", "{}", "\"\""));
    for (int i = 0; i < 1000; i++) {
      String json = JSON.writeValueAsString(randomValue(random, 0));
      texts.add(json);
      texts.add(escapeSome(json, random));
    }
    return texts;
  }

  /** The first 16 hex digits of the SHA-256 of the tokens, one per line. */
  private static String digest(List<String> tokens) {
    try {
      byte[] sha = MessageDigest.getInstance("SHA-256")
          .digest(String.join("\n", tokens).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(sha, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  private static String token(byte[] word, int length, long fnv) {
    return new String(word, 0, length, StandardCharsets.UTF_8) + "#" + Long.toHexString(fnv);
  }

  /** The JSON text with some chars inside its strings written as {@code \\uXXXX} escapes. */
  private static String escapeSome(String json, Random random) {
    StringBuilder out = new StringBuilder();
    boolean inString = false;
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      if (inString && c == '\\') {
        int length = json.charAt(i + 1) == 'u' ? 6 : 2;
        out.append(json, i, i + length);
        i += length - 1;
        continue;
      }
      if (c == '"') {
        inString = !inString;
        out.append(c);
      } else if (inString && random.nextInt(3) == 0) {
        out.append(String.format("\\u%04X", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
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
