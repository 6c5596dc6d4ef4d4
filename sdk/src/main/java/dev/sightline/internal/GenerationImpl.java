package dev.sightline.internal;

import dev.sightline.Generation;
import dev.sightline.Message;
import dev.sightline.PromptRef;
import dev.sightline.SpanType;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;
import java.util.Map;

/**
 * A generation span: the model call's own fields on top of a span's, guarded by the span's lock
 * like the rest of its state (see {@link SpanState}).
 */
final class GenerationImpl extends AbstractSpan<Generation.Builder, Generation>
    implements Generation, Generation.Builder {
  /** The two maps merged key by key, by handle, so both share one implementation. */
  private static final VarHandle MODEL_PARAMETERS =
      FieldHandles.of(MethodHandles.lookup(), GenerationImpl.class, "modelParameters", Map.class);
  private static final VarHandle VARIABLES =
      FieldHandles.of(MethodHandles.lookup(), GenerationImpl.class, "variables", Map.class);

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

  GenerationImpl(Recorder recorder, TraceImpl trace, SpanLifecycle parent, String name) {
    super(recorder, trace, parent, SpanType.GENERATION, name);
  }

  @Override
  Generation.Builder self() {
    return this;
  }

  /** Appends a detached generation to a trace and parent span (null for the trace itself). */
  static void attach(Generation generation, TraceImpl trace, SpanLifecycle parent, Problems problems) {
    if (!(generation instanceof GenerationImpl)) {
      problems.ignored("append: not a generation of this SDK (or null); ignored");
      return;
    }
    GenerationImpl g = (GenerationImpl) generation;
    Boolean ended = g == parent ? null : g.attachTo(trace, parent);
    if (ended == null) {
      problems.ignored("append: the generation already belongs to a trace; ignored");
    } else if (ended) {
      g.submitIfAttached(); // it ended while detached: it is recorded now
    }
  }

  // ---- builder ---------------------------------------------------------------------------

  @Override
  public Generation.Builder provider(String provider) {
    setProvider(provider);
    return this;
  }

  @Override
  public Generation.Builder model(String model) {
    setModel(model);
    return this;
  }

  @Override
  public Generation.Builder modelParameters(Map<String, ?> parameters) {
    setModelParameters(parameters);
    return this;
  }

  @Override
  public Generation.Builder modelParameter(String key, Object value) {
    putEntry(MODEL_PARAMETERS, key, value);
    return this;
  }

  @Override
  public Generation.Builder prompt(PromptRef prompt) {
    setPrompt(prompt);
    return this;
  }

  @Override
  public Generation.Builder variables(Map<String, ?> variables) {
    setVariables(variables);
    return this;
  }

  @Override
  public Generation.Builder variable(String key, Object value) {
    putEntry(VARIABLES, key, value);
    return this;
  }

  @Override
  public Generation.Builder messages(List<Message> messages) {
    setInput(messages == null ? null : List.copyOf(messages));
    return this;
  }

  // ---- handle ----------------------------------------------------------------------------

  @Override
  public Generation setProvider(String provider) {
    int s = lock();
    if ((s & ENDED) == 0) {
      this.provider = provider;
    }
    unlock(s);
    return this;
  }

  @Override
  public Generation setModel(String model) {
    int s = lock();
    if ((s & ENDED) == 0) {
      this.model = model;
    }
    unlock(s);
    return this;
  }

  @Override
  public Generation setModelParameters(Map<String, ?> parameters) {
    mergeEntries(MODEL_PARAMETERS, parameters, "could not read model parameters");
    return this;
  }

  @Override
  public Generation setPrompt(PromptRef prompt) {
    PromptRef value = prompt == null || prompt.slug() == null ? null : prompt;
    int s = lock();
    if ((s & ENDED) == 0) {
      this.prompt = value;
    }
    unlock(s);
    return this;
  }

  @Override
  public Generation setVariables(Map<String, ?> variables) {
    mergeEntries(VARIABLES, variables, "could not read variables");
    return this;
  }

  @Override
  public Generation setUsage(long inputTokens, long outputTokens) {
    if (inputTokens < 0 || outputTokens < 0) {
      recorder.problems.ignored("negative token counts ignored");
      return this;
    }
    int s = lock();
    if ((s & ENDED) == 0) {
      this.inputTokens = inputTokens;
      this.outputTokens = outputTokens;
    }
    unlock(s);
    return this;
  }

  @Override
  public Generation setTokenDetails(long cacheReadTokens, long cacheWriteTokens, long reasoningTokens) {
    if (cacheReadTokens < 0 || cacheWriteTokens < 0 || reasoningTokens < 0) {
      recorder.problems.ignored("negative token counts ignored");
      return this;
    }
    int s = lock();
    if ((s & ENDED) == 0) {
      this.cacheReadTokens = cacheReadTokens;
      this.cacheWriteTokens = cacheWriteTokens;
      this.reasoningTokens = reasoningTokens;
    }
    unlock(s);
    return this;
  }

  @Override
  public Generation setCost(double costUsd) {
    if (!(costUsd >= 0) || Double.isInfinite(costUsd)) {
      recorder.problems.ignored("cost must be a finite number >= 0; ignored");
      return this;
    }
    int s = lock();
    if ((s & ENDED) == 0) {
      this.cost = costUsd;
    }
    unlock(s);
    return this;
  }

  @Override
  public Generation markCompletionStart() {
    long now = nowMicros();
    int s = lock();
    if ((s & ENDED) == 0 && completionStartMicros == 0) {
      completionStartMicros = Math.max(startMicros, now);
    }
    unlock(s);
    return this;
  }

  @Override
  public boolean isAttached() {
    return !isDetached();
  }

  @Override
  public void end(Object output, long inputTokens, long outputTokens, double costUsd) {
    setUsage(inputTokens, outputTokens);
    setCost(costUsd);
    end(output);
  }

  /** Puts one entry into a map field unless the generation has ended; a null key is ignored. */
  private void putEntry(VarHandle field, String key, Object value) {
    if (key != null) {
      int s = lock();
      try {
        if ((s & ENDED) == 0) {
          field.set(this, Maps.put(entries(field), key, value));
        }
      } finally {
        unlock(s);
      }
    }
  }

  /** Merges the caller's map into a map field unless the generation has ended; null is ignored. */
  private void mergeEntries(VarHandle field, Map<String, ?> entries, String failure) {
    Map<String, Object> copy = entries == null ? null : Maps.copy(entries, recorder.problems, failure);
    if (copy != null) {
      int s = lock();
      try {
        if ((s & ENDED) == 0) {
          field.set(this, Maps.mergeCopy(entries(field), copy));
        }
      } finally {
        unlock(s);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> entries(VarHandle field) {
    return (Map<String, Object>) field.get(this);
  }
}
