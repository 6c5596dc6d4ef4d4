package dev.sightline.server.usage;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A model of the price table: the names it matches and its prices over time. Immutable.
 *
 * @param id unique within the built-in table, or within a project's models
 * @param provider e.g. {@code openai}; may be null
 * @param match a regular expression that must match a whole model name, case-insensitively, as
 *     sent or in its {@linkplain ModelNames normal form}
 * @param prices by start date, oldest first, at least one
 * @param builtIn whether it comes with the server rather than from a project
 */
record ModelPrice(String id, String provider, Pattern match, List<PricePeriod> prices, boolean builtIn) {

  ModelPrice {
    prices = List.copyOf(prices);
  }

  /** Whether this entry prices a model name, given as sent and in normal form. */
  boolean matches(String sent, String normal) {
    return match.matcher(normal).matches() || match.matcher(sent).matches();
  }

  /**
   * The prices in force at a time: the last period that started by then, or the first one for a
   * call from before any (a clock behind, or data older than the table).
   */
  PricePeriod at(long timeMicros) {
    PricePeriod found = prices.get(0);
    for (PricePeriod p : prices) {
      if (p.from() <= timeMicros) {
        found = p;
      }
    }
    return found;
  }
}
