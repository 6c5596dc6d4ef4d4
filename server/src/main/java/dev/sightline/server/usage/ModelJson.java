package dev.sightline.server.usage;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads and writes a {@link ModelPrice} as JSON: {@code {"id", "provider", "match", "prices":
 * [{"from": "2024-10-02", "input": 2.5, "cachedInput": 1.25, "output": 10}]}}, prices in US dollars
 * per million tokens. The same form is the built-in table's, a project's stored models' and the
 * API's. Stateless and thread-safe.
 */
final class ModelJson {
  private static final Set<String> FIELDS = Set.of("id", "provider", "match", "prices");
  private static final Set<String> PRICE_FIELDS =
      Set.of("from", "input", "output", "cachedInput", "cacheCreation", "reasoning");
  private static final double MAX_PRICE = 1e6;
  private static final long DAY_MICROS = 86_400_000_000L;

  private ModelJson() {}

  /**
   * Reads one model.
   *
   * @throws IllegalArgumentException naming the field at fault
   */
  static ModelPrice read(JsonNode node, boolean builtIn) {
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("body: must be a JSON object");
    }
    unknown(node, FIELDS, "");
    String id = text(node, "id", 128, true);
    if (!id.matches("[A-Za-z0-9._:@/-]+")) {
      throw new IllegalArgumentException("id: letters, digits and . _ : @ / - only");
    }
    String provider = text(node, "provider", 128, false);
    String match = text(node, "match", 1024, false);
    Pattern pattern;
    try {
      pattern = Pattern.compile(match == null ? Pattern.quote(id) : match, Pattern.CASE_INSENSITIVE);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("match: not a regular expression: " + e.getDescription());
    }
    JsonNode prices = node.get("prices");
    if (prices == null || !prices.isArray() || prices.isEmpty() || prices.size() > 100) {
      throw new IllegalArgumentException("prices: must be an array of 1 to 100 prices");
    }
    List<PricePeriod> periods = new ArrayList<>();
    for (int i = 0; i < prices.size(); i++) {
      PricePeriod p = period(prices.get(i), "prices[" + i + "].");
      if (!periods.isEmpty() && p.from() <= periods.get(periods.size() - 1).from()) {
        throw new IllegalArgumentException("prices[" + i + "].from: must be after the previous price's");
      }
      periods.add(p);
    }
    return new ModelPrice(id, provider, pattern, periods, builtIn);
  }

  /** Writes one model, with {@code builtIn} saying where it comes from. */
  static void write(JsonGenerator g, ModelPrice m) throws IOException {
    g.writeStartObject();
    g.writeStringField("id", m.id());
    if (m.provider() != null) {
      g.writeStringField("provider", m.provider());
    }
    g.writeStringField("match", m.match().pattern());
    g.writeArrayFieldStart("prices");
    for (PricePeriod p : m.prices()) {
      g.writeStartObject();
      g.writeStringField("from", LocalDate.ofEpochDay(Math.floorDiv(p.from(), DAY_MICROS)).toString());
      price(g, "input", p.input());
      price(g, "output", p.output());
      price(g, "cachedInput", p.cachedInput());
      price(g, "cacheCreation", p.cacheCreation());
      price(g, "reasoning", p.reasoning());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeBooleanField("builtIn", m.builtIn());
    g.writeEndObject();
  }

  private static PricePeriod period(JsonNode node, String at) {
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException(at.substring(0, at.length() - 1) + ": must be an object");
    }
    unknown(node, PRICE_FIELDS, at);
    String from = text(node, "from", 10, true, at);
    long fromMicros;
    try {
      fromMicros = LocalDate.parse(from).atStartOfDay(ZoneOffset.UTC).toEpochSecond() * 1_000_000L;
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(at + "from: must be a date like 2024-10-02");
    }
    PricePeriod p = new PricePeriod(fromMicros, number(node, "input", at), number(node, "output", at),
        number(node, "cachedInput", at), number(node, "cacheCreation", at), number(node, "reasoning", at));
    if (p.input() == null && p.output() == null) {
      throw new IllegalArgumentException(at + "input: a price needs an input or an output price");
    }
    return p;
  }

  private static Double number(JsonNode node, String field, String at) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isNumber() || !(v.asDouble() >= 0) || v.asDouble() > MAX_PRICE) {
      throw new IllegalArgumentException(at + field + ": must be a number from 0 to " + (long) MAX_PRICE
          + " (US dollars per million tokens)");
    }
    return v.asDouble();
  }

  private static String text(JsonNode node, String field, int max, boolean required) {
    return text(node, field, max, required, "");
  }

  private static String text(JsonNode node, String field, int max, boolean required, String at) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        throw new IllegalArgumentException(at + field + ": required");
      }
      return null;
    }
    if (!v.isTextual() || v.asText().isBlank() || v.asText().length() > max) {
      throw new IllegalArgumentException(at + field + ": must be a non-blank string of at most " + max
          + " characters");
    }
    return v.asText();
  }

  private static void unknown(JsonNode node, Set<String> known, String at) {
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name)) {
        throw new IllegalArgumentException(at + name + ": unknown field; known: " + known);
      }
    }
  }

  private static void price(JsonGenerator g, String name, Double v) throws IOException {
    if (v != null) {
      g.writeNumberField(name, v);
    }
  }
}
