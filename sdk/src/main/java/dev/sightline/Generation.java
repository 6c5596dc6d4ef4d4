package dev.sightline;

import java.util.List;
import java.util.Map;

/**
 * A span that stands for one call of a language model: provider, model and its parameters, the
 * prompt it came from with its variables, input (text or {@link Message chat messages}), output,
 * token counts and cost in US dollars. Token counts left out are counted by the server from the
 * input and output, and a cost left out is priced from its model price table (marked as inferred
 * there; values sent later replace inferred ones).
 *
 * <p>A generation made by {@link Sightline#generation(String)} is detached: it belongs to no trace
 * until {@link SpanParent#append(Generation) appended}, and is recorded only then. Thread-safe and
 * never throws, like every {@link Span}.
 */
public interface Generation extends Span {

  Generation setProvider(String provider);

  Generation setModel(String model);

  /** Merges model parameters (temperature, max tokens ...). */
  Generation setModelParameters(Map<String, ?> parameters);

  Generation setPrompt(PromptRef prompt);

  /** Merges prompt variables. */
  Generation setVariables(Map<String, ?> variables);

  /** Token counts reported by the provider. */
  Generation setUsage(long inputTokens, long outputTokens);

  /** Cached and reasoning token counts, when the provider reports them. */
  Generation setTokenDetails(long cacheReadTokens, long cacheWriteTokens, long reasoningTokens);

  /** The cost of the call in US dollars (not negative). */
  Generation setCost(double costUsd);

  /** Records now as the time the first output token arrived (streaming). */
  Generation markCompletionStart();

  /** Whether the generation belongs to a trace (it was created in one, or appended to one). */
  boolean isAttached();

  /** Ends the generation with its output, token counts and cost in US dollars; idempotent. */
  void end(Object output, long inputTokens, long outputTokens, double costUsd);

  /** Options of a generation that is about to start. */
  interface Builder extends SpanBuilder<Builder, Generation> {

    Builder provider(String provider);

    Builder model(String model);

    /** Adds model parameters. */
    Builder modelParameters(Map<String, ?> parameters);

    /** Adds one model parameter. */
    Builder modelParameter(String key, Object value);

    Builder prompt(PromptRef prompt);

    /** Adds prompt variables. */
    Builder variables(Map<String, ?> variables);

    /** Adds one prompt variable. */
    Builder variable(String key, Object value);

    /** Sets chat messages as the input. */
    Builder messages(List<Message> messages);
  }
}
