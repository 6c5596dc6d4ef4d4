package dev.sightline.internal;

import dev.sightline.Generation;
import dev.sightline.Message;
import dev.sightline.PromptRef;
import dev.sightline.SpanType;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The options of a generation about to start: those of every span ({@link SpanOptions}) and the
 * model call's, recorded into the generation as its setters do. Meant for one thread until
 * started.
 */
final class SdkGenerationBuilder extends SpanOptions<Generation.Builder, Generation>
    implements Generation.Builder {
  private final SdkGeneration generation;

  private SdkGenerationBuilder(SdkGeneration generation) {
    super(generation);
    this.generation = generation;
  }

  /**
   * A generation in {@code trace} under {@code parent} (null for the trace itself), or a detached
   * one if {@code trace} is null (then {@code parent} is null too).
   */
  static Generation.Builder of(Recorder recorder, TraceState trace, SpanState parent, String name) {
    SpanState state = new SpanState(recorder, trace, parent, SpanType.GENERATION, name, new ModelCall());
    return new SdkGenerationBuilder(new SdkGeneration(state));
  }

  @Override
  Generation.Builder self() {
    return this;
  }

  @Override
  public Generation.Builder provider(String provider) {
    generation.setProvider(provider);
    return this;
  }

  @Override
  public Generation.Builder model(String model) {
    generation.setModel(model);
    return this;
  }

  @Override
  public Generation.Builder modelParameters(Map<String, ?> parameters) {
    generation.setModelParameters(parameters);
    return this;
  }

  @Override
  public Generation.Builder modelParameter(String key, Object value) {
    if (key != null) { // merging one entry is putting it
      generation.setModelParameters(Collections.singletonMap(key, value));
    }
    return this;
  }

  @Override
  public Generation.Builder prompt(PromptRef prompt) {
    generation.setPrompt(prompt);
    return this;
  }

  @Override
  public Generation.Builder variables(Map<String, ?> variables) {
    generation.setVariables(variables);
    return this;
  }

  @Override
  public Generation.Builder variable(String key, Object value) {
    if (key != null) {
      generation.setVariables(Collections.singletonMap(key, value));
    }
    return this;
  }

  @Override
  public Generation.Builder messages(List<Message> messages) {
    generation.setInput(messages == null ? null : List.copyOf(messages));
    return this;
  }
}
