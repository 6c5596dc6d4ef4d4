package dev.sightline.server.usage;

import static org.assertj.core.api.Assertions.assertThat;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@link TiktokenEncoding} against jtokkit: counts of both encodings, and the pieces of
 * {@code o200k_base} against its pattern.
 */
class TiktokenEncodingTest {
  static {
    // jtokkit's cl100k_base asserts that its text is valid UTF-16 (no lone surrogate); the server
    // runs without assertions, so compare with what it does there: before its classes load.
    TiktokenEncodingTest.class.getClassLoader().setPackageAssertionStatus("com.knuddels.jtokkit", false);
  }

  private static final Encoding O200K = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
  private static final Encoding CL100K = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);
  /** jtokkit 1.1.0's pre-tokenizer of {@code o200k_base}, compiled as jtokkit compiles it. */
  private static final Pattern PIECES = Pattern.compile(String.join("|",
      "[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]*[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?",
      "[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]+[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?",
      "\\p{N}{1,3}", " ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*", "\\s*[\\r\\n]+", "\\s+(?!\\S)", "\\s+"),
      Pattern.UNICODE_CHARACTER_CLASS);
  /** Pieces of text that exercise every alternative of the pattern and every kind of character. */
  private static final String[] FRAGMENTS = {
    // English, mixed case, contractions (any case, and the long s that folds to s)
    "The", " quick", " brown", " fox", " jumps", " over", " the", " lazy", " dog", ".", " Hello", " world", "!",
    "camelCaseWord", "HTTPServer", "getURLForID", "ALLCAPS", "lowercase", "Title", "iPhone", "McDonald",
    "don't", "I'm", "we're", "they've", "you'll", "she'd", "it's", "DON'T", "WE'RE", "You'LL", "He'S", "x'ſ",
    "it'sx", "'s", "'", "''", "'re'", " 'quoted'", "rock'n'roll", "o'clock", "we'v", "y'all", "’s", "it’s",
    // numbers of every kind
    "0", "7", "42", "123", "1234", "12345678901", " 3.14159", "1,000,000", "-273.15", "1e-9", "0x1F", "v2.0.1",
    "٣٤٥", "²³", "½", "Ⅻ", "①②③", "१२३", "〇", "𝟘𝟙",
    // whitespace runs
    " ", "  ", "    ", "\t", "\t\t", "\n", "\n\n", "\r\n", "\r", " \n ", "  \n\n  ", "\u00a0", "\u2028", "\u2029",
    "\u3000", "\u0085", "\u000b", "\u000c", "\u1680", "\u200b", "\ufeff", "   \t\n", "\n   ",
    // punctuation and code
    "//", "/*", "*/", "...", "!!!", "?!", "===", "->", "=>", "::", "{", "}", "[]", "()", "\"", "`", "```", " #", " @",
    "!\n/", ".\r\n", "/\n/", " +", " -", "$", "%", "&&", "||", "<|endoftext|>", "<|endofprompt|>",
    "public static void main(String[] args) {\n", "    return x + 1;\n", "}\n", "if (a != b) { c++; }",
    "def f(x):\n    return x ** 2\n", "SELECT * FROM spans WHERE _seq > 10;", "{\"role\":\"user\",\"content\":\"hi\"}",
    "https://example.com/a/b?c=d&e=f", "user@example.com", "#include <stdio.h>", "a_b_c", "__init__",
    // other scripts, marks, titlecase and modifier letters
    "日本語のテキスト", "中文文本，没有空格。", "한국어 텍스트", "カタカナ", "ひらがな", "Ελληνικά", "ΚΕΦΑΛΑΙΑ",
    "Русский", "ПРИВЕТ", "العربية", "עברית", "नमस्ते दुनिया", "ภาษาไทย", "Tiếng Việt", "café", "cafe\u0301",
    "e\u0301\u0302", "\u0301", " \u0301", "Ǆǅǆ", "ǅa", "ʰʲ", "aʰ", "Aʰ", "ʰA", "ß", "ẞ", "Ǳ", "ﬁ", "İı",
    // emoji and other supplementary characters, lone surrogates
    "😀", "👍🏽", "👨‍👩‍👧‍👦", "❤️", "🇩🇪", "𝒜𝒷𝒸", "𐐀𐐨", "𠀀𠀁", "\ud83d", "\ude00", "a\ud800b", "\udc00\ud800",
    // long runs: pieces of more than 500 bytes
    " ".repeat(700), "-".repeat(600), "a".repeat(520), "的".repeat(400), "ab".repeat(300), "\n".repeat(50),
    "😀".repeat(200), "Aa".repeat(260),
  };

  @Test
  void countsAsJtokkitOnAVariedCorpus() {
    Random random = new Random(13);
    for (int i = 0; i < 5000; i++) {
      StringBuilder text = new StringBuilder();
      for (int n = random.nextInt(40) + 1; n > 0; n--) {
        text.append(FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
      }
      assertSameAsJtokkit(text.toString());
    }
  }

  @Test
  void countsAsJtokkitOnRandomCharacters() {
    Random random = new Random(17);
    for (int i = 0; i < 3000; i++) {
      StringBuilder text = new StringBuilder();
      for (int n = random.nextInt(60); n > 0; n--) {
        int kind = random.nextInt(10);
        int c = kind < 4 ? random.nextInt(0x80) : kind < 6 ? random.nextInt(0x800) : kind < 8 ? random.nextInt(0x10000)
            : random.nextInt(Character.MAX_CODE_POINT + 1);
        text.appendCodePoint(c);
      }
      assertSameAsJtokkit(text.toString());
    }
  }

  @Test
  void countsEdgeCases() {
    for (String text : List.of("", " ", "a", "\n", "'s", " 's", "123 4567", "\ud83d", "a ".repeat(5000),
        "的".repeat(30_000), "x".repeat(100_000), String.join("", FRAGMENTS))) {
      assertSameAsJtokkit(text);
    }
    assertThat(TiktokenEncoding.O200K_BASE.count("tiktoken is great!")).isEqualTo(6);
    assertThat(TiktokenEncoding.CL100K_BASE.count("tiktoken is great!")).isEqualTo(6);
  }

  /**
   * Every character in the places where the classes and contractions tell characters apart: the
   * pieces of {@code o200k_base} as its pattern's, the counts of both encodings as jtokkit's.
   */
  @Test
  void splitsEveryCharacterAsJtokkit() {
    for (int c = 0; c <= Character.MAX_CODE_POINT; c++) {
      String one = new String(Character.toChars(c));
      for (String text : new String[] {one, one + "a", "a" + one, " " + one + "x", one + one + "  ", "'" + one,
          "'" + one + "e", "'" + one + "l", "'l" + one, "'r" + one, "\n" + one + " x"}) {
        assertThat(pieces(text)).as("U+%04X in %s", c, text).isEqualTo(regexPieces(text));
        if (c % 7 == 0 || c < 0x3000) { // jtokkit's count is the slow part: every character of the BMP's alphabets
          assertThat(TiktokenEncoding.CL100K_BASE.count(text)).as("cl100k_base U+%04X in %s", c, text)
              .isEqualTo(CL100K.countTokensOrdinary(text));
        }
      }
    }
  }

  private static void assertSameAsJtokkit(String text) {
    assertThat(pieces(text)).as("pieces of %s", text).isEqualTo(regexPieces(text));
    assertThat(TiktokenEncoding.O200K_BASE.count(text)).as("o200k_base tokens of %s", text)
        .isEqualTo(O200K.countTokensOrdinary(text));
    assertThat(TiktokenEncoding.CL100K_BASE.count(text)).as("cl100k_base tokens of %s", text)
        .isEqualTo(CL100K.countTokensOrdinary(text));
  }

  private static List<String> pieces(String text) {
    List<String> pieces = new ArrayList<>();
    for (int start = 0; start < text.length(); ) {
      int end = PieceSplitter.o200kEnd(text, start);
      pieces.add(text.substring(start, end));
      start = end;
    }
    return pieces;
  }

  private static List<String> regexPieces(String text) {
    List<String> pieces = new ArrayList<>();
    for (Matcher m = PIECES.matcher(text); m.find(); ) {
      pieces.add(m.group());
    }
    return pieces;
  }
}
