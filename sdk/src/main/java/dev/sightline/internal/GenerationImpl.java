package dev.sightline.internal;

import dev.sightline.Generation;
import dev.sightline.Message;
import dev.sightline.PromptRef;
import dev.sightline.SpanType;
import java.util.List;
import java.util.Map;

/** A generation span: the model call's own fields on top of a span's. */
final class GenerationImpl extends AbstractSpan<Generation.Builder, Generation>
    implements Generation, Generation.Builder {
  String provider;
  String model;
  Map<String, Object> modelParameters;
  PromptRef prompt;
  Map<String, Object> variables;
  long inputTokens = -1;
  long outputTokens = -1;
  long cacheReadTokens = -1;
  long cacheWriteTokens = -1;
  long reasoningTokens = -1;
  double cost = -1;
  long completionStartMicros;
  private boolean appended;

  GenerationImpl(Recorder recorder, TraceImpl trace, AbstractSpan<?, ?> parent, String name) {
    super(recorder, trace, parent, SpanType.GENERATION, name);
  }

  @Override
  Generation.Builder self() {
    return this;
  }

  /** Appends a detached generation to a trace and parent span (null for the trace itself). */
  static void attach(Generation generation, TraceImpl trace, AbstractSpan<?, ?> parent, Problems problems) {
    if (!(generation instanceof GenerationImpl)) {
      problems.ignored("append: not a generation of this SDK (or null); ignored");
      return;
    }
    GenerationImpl g = (GenerationImpl) generation;
    synchronized (g) {
      if (!g.isDetached() || g.appended || g == parent) {
        problems.ignored("append: the generation already belongs to a trace; ignored");
        return;
      }
      g.appended = true;
    }
    if (g.attachTo(trace, parent)) {
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
  public synchronized Generation.Builder modelParameter(String key, Object value) {
    if (key != null && !isEnded()) {
      modelParameters = Maps.merge(modelParameters, Map.of());
      modelParameters.put(key, value);
    }
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
  public synchronized Generation.Builder variable(String key, Object value) {
    if (key != null && !isEnded()) {
      variables = Maps.merge(variables, Map.of());
      variables.put(key, value);
    }
    return this;
  }

  @Override
  public Generation.Builder messages(List<Message> messages) {
    setInput(messages == null ? null : List.copyOf(messages));
    return this;
  }

  // ---- handle ----------------------------------------------------------------------------

  @Override
  public synchronized Generation setProvider(String provider) {
    if (!isEnded()) {
      this.provider = provider;
    }
    return this;
  }

  @Override
  public synchronized Generation setModel(String model) {
    if (!isEnded()) {
      this.model = model;
    }
    return this;
  }

  @Override
  public Generation setModelParameters(Map<String, ?> parameters) {
    if (parameters == null) {
      return this;
    }
    try {
      synchronized (this) {
        if (!isEnded()) {
          modelParameters = Maps.merge(modelParameters, parameters);
        }
      }
    } catch (RuntimeException e) {
      recorder.problems.report("could not read model parameters", e);
    }
    return this;
  }

  @Override
  public synchronized Generation setPrompt(PromptRef prompt) {
    if (!isEnded()) {
      this.prompt = prompt == null || prompt.slug() == null ? null : prompt;
    }
    return this;
  }

  @Override
  public Generation setVariables(Map<String, ?> variables) {
    if (variables == null) {
      return this;
    }
    try {
      synchronized (this) {
        if (!isEnded()) {
          this.variables = Maps.merge(this.variables, variables);
        }
      }
    } catch (RuntimeException e) {
      recorder.problems.report("could not read variables", e);
    }
    return this;
  }

  @Override
  public synchronized Generation setUsage(long inputTokens, long outputTokens) {
    if (inputTokens < 0 || outputTokens < 0) {
      recorder.problems.ignored("negative token counts ignored");
    } else if (!isEnded()) {
      this.inputTokens = inputTokens;
      this.outputTokens = outputTokens;
    }
    return this;
  }

  @Override
  public synchronized Generation setTokenDetails(long cacheReadTokens, long cacheWriteTokens, long reasoningTokens) {
    if (cacheReadTokens < 0 || cacheWriteTokens < 0 || reasoningTokens < 0) {
      recorder.problems.ignored("negative token counts ignored");
    } else if (!isEnded()) {
      this.cacheReadTokens = cacheReadTokens;
      this.cacheWriteTokens = cacheWriteTokens;
      this.reasoningTokens = reasoningTokens;
    }
    return this;
  }

  @Override
  public synchronized Generation setCost(double costUsd) {
    if (!(costUsd >= 0) || Double.isInfinite(costUsd)) {
      recorder.problems.ignored("cost must be a finite number >= 0; ignored");
    } else if (!isEnded()) {
      this.cost = costUsd;
    }
    return this;
  }

  @Override
  public Generation markCompletionStart() {
    synchronized (this) {
      if (!isEnded() && completionStartMicros == 0) {
        completionStartMicros = Math.max(startMicros, nowMicros());
      }
    }
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
}
