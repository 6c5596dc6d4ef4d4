package dev.sightline.server.usage;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * One encoding's token counts of texts, remembering the counts of the texts it counted last:
 * chat applications send the same system prompt and the conversation so far with every turn, so
 * most of a prompt's messages were counted before. Texts of at least {@value #MIN_KEPT_CHARS}
 * characters are kept, least recently used first out, up to {@value #MAX_KEPT_CHARS} characters in
 * all (a few MB of heap; a longer text is counted, not kept). Thread-safe.
 */
final class Tokenizer {
  static final int MIN_KEPT_CHARS = 256;
  static final int MAX_KEPT_CHARS = 2_000_000;
  private final String name;
  private final ToIntFunction<String> counter;
  /** Guarded by itself. */
  private final LinkedHashMap<String, Integer> recent = new LinkedHashMap<>(64, 0.75f, true);
  /** The characters of the texts in {@link #recent}; guarded by {@link #recent}. */
  private long keptChars;

  /**
   * @param counter the number of tokens of a text, counted as ordinary text (special tokens' texts
   *     are plain text); thread-safe
   */
  Tokenizer(String name, ToIntFunction<String> counter) {
    this.name = name;
    this.counter = counter;
  }

  /** The encoding's name, as tiktoken calls it ({@code o200k_base}, {@code cl100k_base}). */
  String name() {
    return name;
  }

  /** The number of tokens of {@code text}. */
  int count(String text) {
    if (text.length() < MIN_KEPT_CHARS || text.length() > MAX_KEPT_CHARS / 8) {
      return counter.applyAsInt(text);
    }
    synchronized (recent) {
      Integer known = recent.get(text);
      if (known != null) {
        return known;
      }
    }
    int tokens = counter.applyAsInt(text);
    synchronized (recent) {
      if (recent.put(text, tokens) == null) {
        keptChars += text.length();
        for (Iterator<Map.Entry<String, Integer>> oldest = recent.entrySet().iterator(); keptChars > MAX_KEPT_CHARS; ) {
          keptChars -= oldest.next().getKey().length();
          oldest.remove();
        }
      }
    }
    return tokens;
  }
}
