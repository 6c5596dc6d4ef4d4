package dev.sightline.internal;

import dev.sightline.Generation;
import dev.sightline.PromptRef;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Map;

/**
 * A started {@link Generation}: a span's handle ({@link SpanHandle}) plus the model call's own
 * fields, kept in the state's {@link ModelCall} and stored under the span's lock like the rest of
 * its state. Thread-safe; arguments may be null (ignored, or counted as {@link Generation} says).
 */
final class SdkGeneration extends SpanHandle implements Generation {
  /** The call's two maps that merge key by key, by handle, so both share one implementation. */
  private static final VarHandle MODEL_PARAMETERS =
      FieldHandles.of(MethodHandles.lookup(), ModelCall.class, "modelParameters", Map.class);
  private static final VarHandle VARIABLES =
      FieldHandles.of(MethodHandles.lookup(), ModelCall.class, "variables", Map.class);

  /** @param state a generation's state: its {@link SpanState#call} is not null */
  SdkGeneration(SpanState state) {
    super(state);
  }

  /**
   * Appends a detached generation to {@code trace} under {@code parent} (null for the trace
   * itself); anything else, or a generation that belongs to a trace, is counted and ignored.
   */
  static void append(Generation generation, TraceState trace, SpanState parent, Problems problems) {
    if (!(generation instanceof SdkGeneration)) {
      problems.ignored("append: not a generation of this SDK (or null); ignored");
      return;
    }
    SpanState g = ((SdkGeneration) generation).state;
    if (g == parent || !SpanLifecycle.attach(g, trace, parent)) {
      problems.ignored("append: the generation already belongs to a trace; ignored");
    }
  }

  @Override
  public Generation setProvider(String provider) {
    state.change((s, v) -> s.call.provider = v, provider);
    return this;
  }

  @Override
  public Generation setModel(String model) {
    state.change((s, v) -> s.call.model = v, model);
    return this;
  }

  @Override
  public Generation setModelParameters(Map<String, ?> parameters) {
    return merge(MODEL_PARAMETERS, parameters, "could not read model parameters");
  }

  @Override
  public Generation setPrompt(PromptRef prompt) {
    state.change((s, v) -> s.call.prompt = v, prompt == null || prompt.slug() == null ? null : prompt);
    return this;
  }

  @Override
  public Generation setVariables(Map<String, ?> variables) {
    return merge(VARIABLES, variables, "could not read variables");
  }

  /** Merges a copy of {@code entries} (null is ignored) into one of the call's maps. */
  private Generation merge(VarHandle field, Map<String, ?> entries, String failure) {
    Map<String, Object> copy = entries == null ? null : Maps.copy(entries, state.recorder.problems, failure);
    if (copy != null) {
      state.change(SdkGeneration::mergeInto, field, copy);
    }
    return this;
  }

  @SuppressWarnings("unchecked") // both fields are Map<String, Object>
  private static void mergeInto(SpanState s, VarHandle field, Map<String, Object> copy) {
    field.set(s.call, Maps.mergeCopy((Map<String, Object>) field.get(s.call), copy));
  }

  @Override
  public Generation setUsage(long inputTokens, long outputTokens) {
    if (inputTokens < 0 || outputTokens < 0) {
      state.recorder.problems.ignored("negative token counts ignored");
      return this;
    }
    state.change((s, in, out) -> {
      s.call.inputTokens = in;
      s.call.outputTokens = out;
    }, inputTokens, outputTokens);
    return this;
  }

  @Override
  public Generation setTokenDetails(long cacheReadTokens, long cacheWriteTokens, long reasoningTokens) {
    if (cacheReadTokens < 0 || cacheWriteTokens < 0 || reasoningTokens < 0) {
      state.recorder.problems.ignored("negative token counts ignored");
      return this;
    }
    // Three counts recorded by one call: one change, so a concurrent end sees all or none.
    state.change((s, n) -> {
      s.call.cacheReadTokens = n[0];
      s.call.cacheWriteTokens = n[1];
      s.call.reasoningTokens = n[2];
    }, new long[] {cacheReadTokens, cacheWriteTokens, reasoningTokens});
    return this;
  }

  @Override
  public Generation setCost(double costUsd) {
    if (!(costUsd >= 0) || Double.isInfinite(costUsd)) {
      state.recorder.problems.ignored("cost must be a finite number >= 0; ignored");
      return this;
    }
    state.change((s, v) -> s.call.cost = v, costUsd);
    return this;
  }

  @Override
  public Generation markCompletionStart() {
    state.change((s, now) -> {
      if (s.call.completionStartMicros == 0) {
        s.call.completionStartMicros = Math.max(s.startMicros, now);
      }
    }, state.nowMicros());
    return this;
  }

  @Override
  public boolean isAttached() {
    return state.traceNow() != null;
  }

  @Override
  public void end(Object output, long inputTokens, long outputTokens, double costUsd) {
    setUsage(inputTokens, outputTokens);
    setCost(costUsd);
    end(output);
  }
}
