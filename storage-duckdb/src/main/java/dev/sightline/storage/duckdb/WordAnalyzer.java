package dev.sightline.storage.duckdb;

import dev.sightline.server.storage.QuerySemantics;
import java.io.IOException;
import java.util.Locale;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.util.CharTokenizer;

/**
 * Splits text into the words of {@link QuerySemantics#words}: maximal runs of letters and digits,
 * lower-cased with {@link String#toLowerCase(Locale)} in the root locale. Like that method it
 * looks at UTF-16 chars one by one, so a supplementary character (a surrogate pair) separates
 * words. Thread-safe (Lucene reuses components per thread).
 */
final class WordAnalyzer extends Analyzer {
  /**
   * Longer runs are cut into pieces of this many chars: Lucene refuses terms over 32766 UTF-8
   * bytes, and a lower-cased char may become two chars of up to three bytes each.
   */
  static final int MAX_WORD = 5000;

  @Override
  protected TokenStreamComponents createComponents(String fieldName) {
    Tokenizer tokenizer = new CharTokenizer(TokenStream.DEFAULT_TOKEN_ATTRIBUTE_FACTORY, MAX_WORD) {
      @Override
      protected boolean isTokenChar(int c) {
        return Character.isBmpCodePoint(c) && Character.isLetterOrDigit(c);
      }
    };
    return new TokenStreamComponents(tokenizer, new RootLowerCase(tokenizer));
  }

  /** Lower-cases whole words as String does, which differs from per-char rules for a few letters. */
  private static final class RootLowerCase extends TokenFilter {
    private final CharTermAttribute term = addAttribute(CharTermAttribute.class);

    RootLowerCase(TokenStream input) {
      super(input);
    }

    @Override
    public boolean incrementToken() throws IOException {
      if (!input.incrementToken()) {
        return false;
      }
      String lower = term.toString().toLowerCase(Locale.ROOT);
      term.setEmpty().append(lower);
      return true;
    }
  }
}
