package dev.sightline.storage.tests;

import java.util.Random;

/**
 * A vocabulary with a Zipf-like frequency, so that full-text queries range from common words
 * (matching many traces) to rare ones (matching few), as in real prompts: the texts of the
 * benchmarks' generated spans, shared by {@code bench} and the storage backends' own cost
 * measurements. Immutable.
 */
public final class ZipfWords {
  /** 4,000 made-up words, the most frequent first. */
  public static final String[] VOCABULARY = build(4000);

  /** {@code n} words separated by spaces (JSON-safe: letters only). */
  public static String sentence(Random random, int n) {
    StringBuilder out = new StringBuilder(n * 7);
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        out.append(' ');
      }
      out.append(VOCABULARY[zipf(random)]);
    }
    return out.toString();
  }

  /** Rank r has probability about proportional to 1 / (r + 1). */
  public static int zipf(Random random) {
    double u = random.nextDouble();
    return (int) Math.min(VOCABULARY.length - 1, Math.floor(Math.exp(u * Math.log(VOCABULARY.length + 1)) - 1));
  }

  private static String[] build(int n) {
    String[] syllables = {"ka", "lo", "mi", "ren", "to", "sa", "vi", "nor", "el", "qua", "dri", "ph",
        "an", "ost", "ur", "ix", "be", "zo", "ma", "te"};
    String[] words = new String[n];
    for (int i = 0; i < n; i++) {
      StringBuilder w = new StringBuilder();
      int x = i;
      do {
        w.append(syllables[x % syllables.length]);
        x /= syllables.length;
      } while (x > 0);
      w.append(syllables[(i * 7) % syllables.length]);
      words[i] = w.toString();
    }
    return words;
  }

  private ZipfWords() {}
}
