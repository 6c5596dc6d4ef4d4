package dev.sightline.internal;

import dev.sightline.PromptRef;
import java.util.Map;

/**
 * What a generation records besides a span's fields: the model call's provider, model and
 * parameters, the prompt and its variables, token counts, cost and time to first token. Held by
 * the generation's {@link SpanState} and guarded by its lock (written only inside a
 * {@link SpanState#change}); read by the exporter once the span has ended. Not thread-safe on its
 * own.
 */
final class ModelCall {
  /** Null while not set, as are the other references. */
  String provider;
  String model;
  Map<String, Object> modelParameters;
  PromptRef prompt;
  Map<String, Object> variables;
  // Token counts and cost: -1 while not set.
  long inputTokens = -1;
  long outputTokens = -1;
  long cacheReadTokens = -1;
  long cacheWriteTokens = -1;
  long reasoningTokens = -1;
  /** US dollars. */
  double cost = -1;
  /** Epoch microseconds; 0 while not set. */
  long completionStartMicros;
}
