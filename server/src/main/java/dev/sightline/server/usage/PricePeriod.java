package dev.sightline.server.usage;

/**
 * A model's prices from a start date on, in US dollars per million tokens of each usage type. A
 * price left out (null) falls back: cached input and cache creation to the input price, reasoning
 * to the output price, the others to nothing (those tokens cost nothing). Immutable.
 *
 * @param from the first moment the prices apply, epoch microseconds (midnight UTC of the date)
 * @param input uncached input tokens
 * @param output output tokens other than reasoning tokens
 * @param cachedInput input tokens read from the provider's prompt cache
 * @param cacheCreation input tokens written to the provider's prompt cache
 * @param reasoning reasoning (thinking) tokens, a part of the output tokens
 */
record PricePeriod(long from, Double input, Double output, Double cachedInput, Double cacheCreation,
    Double reasoning) {
  private static final double TOKENS_PER_PRICE = 1_000_000;

  /** The cost of a call, its parts in {@link Cost}; token counts as {@link Cost#of} takes them. */
  Cost cost(long inputTokens, long outputTokens, long cacheReadTokens, long cacheWriteTokens,
      long reasoningTokens) {
    long uncached = Math.max(0, inputTokens - cacheReadTokens - cacheWriteTokens);
    long plainOutput = Math.max(0, outputTokens - reasoningTokens);
    return new Cost(
        part(uncached, input),
        part(plainOutput, output),
        part(cacheReadTokens, cachedInput == null ? input : cachedInput),
        part(cacheWriteTokens, cacheCreation == null ? input : cacheCreation),
        part(reasoningTokens, reasoning == null ? output : reasoning));
  }

  private static double part(long tokens, Double perMillion) {
    // Divided rather than multiplied by 1e-6, which is not exact: 12 tokens at 2.5 cost 3.0E-5, not 2.9999999999999997E-5.
    return tokens <= 0 || perMillion == null ? 0 : tokens * perMillion / TOKENS_PER_PRICE;
  }

  /**
   * A call's cost in US dollars by usage type; {@link #total()} is their sum.
   */
  record Cost(double input, double output, double cachedInput, double cacheCreation, double reasoning) {
    double total() {
      return input + output + cachedInput + cacheCreation + reasoning;
    }
  }
}
