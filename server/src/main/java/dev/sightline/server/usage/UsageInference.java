package dev.sightline.server.usage;

import dev.sightline.core.model.Column;
import dev.sightline.core.model.Row;
import dev.sightline.core.model.Schema;
import dev.sightline.core.model.Table;
import dev.sightline.server.state.StateStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Fills in what a model call did not report: its token counts, counted from its input and output
 * ({@link TokenCounter}), and its cost, priced from the {@link PriceTable} at the call's start
 * time. Inferred values are marked ({@link Schema#USAGE_INFERRED}, {@link Schema#COST_INFERRED})
 * and never stand in the way of sent ones: before an event is merged into a stored span, the
 * span's inferred values are taken out ({@link #withoutInferred}), so sent values always win and
 * what is still missing after the merge is inferred again.
 *
 * <p>Calls are spans of type {@code generation} and spans with a model (embeddings, for one).
 * Tokens are inferred only when none of input, output and total tokens was sent, and when the
 * call has an input or an output; cost only when neither cost nor its details were sent, the
 * model is priced, and input or output tokens are known (sent or inferred). Thread-safe.
 */
public final class UsageInference {
  private static final System.Logger LOG = System.getLogger(UsageInference.class.getName());
  /** The fields that decide what is inferred: an event without any leaves the inferred values as they are. */
  private static final List<Column> INPUTS = List.of(Schema.TYPE, Schema.MODEL, Schema.INPUT, Schema.OUTPUT,
      Schema.START_TIME, Schema.INPUT_TOKENS, Schema.OUTPUT_TOKENS, Schema.TOTAL_TOKENS,
      Schema.CACHE_READ_TOKENS, Schema.CACHE_WRITE_TOKENS, Schema.REASONING_TOKENS, Schema.COST,
      Schema.COST_DETAILS);
  private final PriceTable prices;
  private final TokenCounter tokens = new TokenCounter();
  private volatile boolean failureLogged;

  private UsageInference(PriceTable prices) {
    this.prices = prices;
  }

  /**
   * The inference of a server with this data directory (its projects' models in
   * {@code models.json}).
   *
   * @throws IllegalArgumentException naming the field if {@code models.json} holds an invalid model
   */
  public static UsageInference open(Path dataDir) throws IOException {
    return open(StateStore.files(dataDir));
  }

  /** Inference with the projects' own models kept in {@code state}. */
  public static UsageInference open(StateStore state) throws IOException {
    return new UsageInference(new PriceTable(ModelStore.open(state)));
  }

  PriceTable prices() {
    return prices;
  }

  /** Whether merging this event into its span may change what is inferred for the span. */
  public static boolean affects(Row event) {
    if (event.table() != Table.SPANS) {
      return false;
    }
    for (Column c : INPUTS) {
      if (event.get(c) != null) {
        return true;
      }
    }
    return false;
  }

  /** The span without its inferred values, as its events sent it; other rows (and null) as they are. */
  public static Row withoutInferred(Row span) {
    if (span == null || span.table() != Table.SPANS) {
      return span;
    }
    boolean usage = Boolean.TRUE.equals(span.get(Schema.USAGE_INFERRED));
    boolean cost = Boolean.TRUE.equals(span.get(Schema.COST_INFERRED));
    if (!usage && !cost) {
      return span;
    }
    Row.Builder b = span.toBuilder();
    if (usage) {
      b.set(Schema.INPUT_TOKENS, null).set(Schema.OUTPUT_TOKENS, null).set(Schema.TOTAL_TOKENS, null)
          .set(Schema.USAGE_INFERRED, null);
    }
    if (cost) {
      b.set(Schema.COST, null).set(Schema.COST_DETAILS, null).set(Schema.COST_INFERRED, null);
    }
    return b.build();
  }

  /**
   * The span with what it lacks inferred; other rows as they are. Never throws: a span that cannot
   * be inferred (an unexpected failure, logged once) is kept as it is.
   *
   * @param span a merged span without inferred values, its defaults filled in
   */
  public Row infer(Row span) {
    if (span.table() != Table.SPANS) {
      return span;
    }
    String model = span.string(Schema.MODEL);
    if (model == null && !"generation".equals(span.string(Schema.TYPE))) {
      return span;
    }
    try {
      Row.Builder b = span.toBuilder();
      boolean changed = inferTokens(span, model, b);
      return changed | inferCost(span.string(Schema.PROJECT_ID), model, b) ? b.build() : span;
    } catch (RuntimeException e) {
      if (!failureLogged) {
        failureLogged = true;
        LOG.log(System.Logger.Level.WARNING, "could not infer the usage of a span of model " + model
            + "; it is stored without (logged once)", e);
      }
      return span;
    }
  }

  private boolean inferTokens(Row span, String model, Row.Builder b) {
    String input = span.string(Schema.INPUT);
    String output = span.string(Schema.OUTPUT);
    if (span.get(Schema.INPUT_TOKENS) != null || span.get(Schema.OUTPUT_TOKENS) != null
        || span.get(Schema.TOTAL_TOKENS) != null || (input == null && output == null)) {
      return false;
    }
    Tokenizer tokenizer = tokens.tokenizerFor(model);
    long in = input == null ? 0 : tokens.count(tokenizer, input, true);
    long out = output == null ? 0 : tokens.count(tokenizer, output, false);
    b.set(Schema.INPUT_TOKENS, in).set(Schema.OUTPUT_TOKENS, out).set(Schema.TOTAL_TOKENS, in + out)
        .set(Schema.USAGE_INFERRED, true);
    return true;
  }

  private boolean inferCost(String project, String model, Row.Builder b) {
    Long in = (Long) b.get(Schema.INPUT_TOKENS);
    Long out = (Long) b.get(Schema.OUTPUT_TOKENS);
    if (model == null || b.get(Schema.COST) != null || b.get(Schema.COST_DETAILS) != null
        || (in == null && out == null)) {
      return false;
    }
    Optional<ModelPrice> price = prices.find(project, model);
    if (price.isEmpty()) {
      return false;
    }
    Long start = (Long) b.get(Schema.START_TIME);
    PricePeriod.Cost cost = price.get().at(start != null ? start : System.currentTimeMillis() * 1000)
        .cost(orZero(in), orZero(out), orZero((Long) b.get(Schema.CACHE_READ_TOKENS)),
            orZero((Long) b.get(Schema.CACHE_WRITE_TOKENS)), orZero((Long) b.get(Schema.REASONING_TOKENS)));
    b.set(Schema.COST, cost.total()).set(Schema.COST_DETAILS, details(cost)).set(Schema.COST_INFERRED, true);
    return true;
  }

  /** The parts as {@code costDetails} holds them: input and output always, the others when not zero. */
  private static String details(PricePeriod.Cost cost) {
    StringBuilder json = new StringBuilder("{");
    json.append("\"input\":").append(number(cost.input())).append(",\"output\":").append(number(cost.output()));
    part(json, "cachedInput", cost.cachedInput());
    part(json, "cacheCreation", cost.cacheCreation());
    part(json, "reasoning", cost.reasoning());
    return json.append('}').toString();
  }

  private static void part(StringBuilder json, String name, double value) {
    if (value != 0) {
      json.append(",\"").append(name).append("\":").append(number(value));
    }
  }

  private static String number(double v) {
    return Double.toString(v); // a JSON number: finite, and never NaN (prices and counts are not negative)
  }

  private static long orZero(Long v) {
    return v == null ? 0 : v;
  }
}
