package dev.sightline.examples;

import java.util.Locale;

/**
 * Stands in for a language model so the examples run without network or keys: deterministic
 * answers, a short pause like a real call, and token counts and prices of the usual shape.
 */
final class FakeModel {
  static final String PROVIDER = "fake";
  static final String MODEL = "fake-gpt-4o";
  /** US dollars per token, input and output. */
  private static final double INPUT_PRICE = 2.5e-6;
  private static final double OUTPUT_PRICE = 1.0e-5;

  /** One completion: the text and what it cost. */
  record Completion(String text, long inputTokens, long outputTokens, double cost) {}

  Completion complete(String instruction, String content) {
    pause();
    String text = switch (instruction) {
      case "topics" -> "tracing, observability, llm";
      case "enhance" -> content.trim() + " It explains why each step matters.";
      case "translate" -> "[es] " + content.toLowerCase(Locale.ROOT);
      case "summarize" -> "Summary: " + content.split("\\.")[0] + ".";
      default -> "Answer based on the context: " + content.substring(0, Math.min(80, content.length()));
    };
    long in = tokens(instruction) + tokens(content);
    long out = tokens(text);
    return new Completion(text, in, out, in * INPUT_PRICE + out * OUTPUT_PRICE);
  }

  /** A small deterministic embedding: letter frequencies. */
  float[] embed(String text) {
    pause();
    float[] v = new float[26];
    for (char c : text.toLowerCase(Locale.ROOT).toCharArray()) {
      if (c >= 'a' && c <= 'z') {
        v[c - 'a']++;
      }
    }
    return v;
  }

  /** Roughly four characters per token, as with common tokenizers on English. */
  static long tokens(String text) {
    return Math.max(1, text.length() / 4);
  }

  private static void pause() {
    try {
      Thread.sleep(5);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
