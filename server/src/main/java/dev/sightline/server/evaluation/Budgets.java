package dev.sightline.server.evaluation;

import java.math.BigDecimal;
import java.util.Locale;

/** {@code latency-budget} and {@code cost-budget}: the subject's duration or cost is within a limit. */
final class Budgets {
  private Budgets() {}

  /** Passes when the duration is at most {@code config.maxMs} milliseconds. */
  static Judge latency(Config config) {
    Double maxMs = config.number("maxMs", 0, true);
    if (maxMs == null) {
      throw Config.error("maxMs", "required");
    }
    double maxMicros = maxMs * 1000;
    return new LocalJudge(subject -> {
      if (subject.durationMicros() == null) {
        throw new EvaluationException("no duration to judge (the span has not ended)");
      }
      long micros = subject.durationMicros();
      return Verdict.of(micros <= maxMicros, String.format(Locale.ROOT, "took %s ms, budget %s ms",
          decimal(micros / 1000.0), decimal(maxMs)));
    });
  }

  /** Passes when the cost is at most {@code config.maxUsd} US dollars. */
  static Judge cost(Config config) {
    Double maxUsd = config.number("maxUsd", 0, false);
    if (maxUsd == null) {
      throw Config.error("maxUsd", "required");
    }
    return new LocalJudge(subject -> {
      if (subject.costUsd() == null) {
        throw new EvaluationException("no cost to judge (no usage or no price for the model)");
      }
      double usd = subject.costUsd();
      return Verdict.of(usd <= maxUsd, "cost $" + decimal(usd) + ", budget $" + decimal(maxUsd));
    });
  }

  /** A number without a trailing {@code .0} and without exponent. */
  private static String decimal(double d) {
    return new BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString();
  }
}
