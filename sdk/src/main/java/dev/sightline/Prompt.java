package dev.sightline;

import dev.sightline.internal.PromptTemplate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A managed prompt, compiled: its text or messages with the variables filled in, its model config,
 * which version it is and where it came from. {@link #generation(String)} starts the generation
 * that records a call made with it, already linked to this version and carrying the variables.
 * Immutable and thread-safe.
 */
public final class Prompt {
  private final PromptTemplate template;
  private final String label;
  private final Object compiled;
  private final Map<String, Object> variables;
  private final Source source;
  private final String problem;
  private final Function<String, Generation.Builder> generations;

  /** Where a prompt came from. */
  public enum Source {
    /** Fetched from the server for this call. */
    SERVER,
    /** A copy fetched earlier and kept in the client's cache (see {@link #problem()} for its freshness). */
    CACHE,
    /** The fallback the request gave in code: the server could not be reached and nothing was cached. */
    FALLBACK
  }

  Prompt(PromptTemplate template, String label, Map<String, Object> variables, Source source, String problem,
      Function<String, Generation.Builder> generations) {
    this.template = template;
    this.label = label;
    this.variables = variables;
    this.compiled = template.compile(variables);
    this.source = source;
    this.problem = problem;
    this.generations = generations;
  }

  /** The prompt's name. */
  public String name() {
    return template.name();
  }

  /** The version number, from 1; 0 for a {@linkplain Source#FALLBACK fallback}, which has none. */
  public int version() {
    return template.version();
  }

  /** The version's labels on the server ({@code production}, {@code latest}, …); empty for a fallback. */
  public List<String> labels() {
    return template.labels();
  }

  /** The compiled text of a text prompt; null for a chat prompt. */
  public String text() {
    return compiled instanceof String s ? s : null;
  }

  /** The compiled messages of a chat prompt; null for a text prompt. */
  @SuppressWarnings("unchecked")
  public List<Message> messages() {
    return compiled instanceof List ? (List<Message>) compiled : null;
  }

  /** The model config stored with the version (model, temperature, …); empty if none. Unmodifiable. */
  public Map<String, Object> config() {
    return template.config();
  }

  /** The variables it was compiled with. Unmodifiable. */
  public Map<String, Object> variables() {
    return variables;
  }

  public Source source() {
    return source;
  }

  /**
   * Why the server's copy could not be had, or null: for {@link Source#FALLBACK}, why it was
   * used; for {@link Source#CACHE}, why the last refresh of a stale copy failed (it is served
   * until a refresh succeeds).
   */
  public String problem() {
    return problem;
  }

  /**
   * Options of a detached generation for a model call made with this prompt: it carries the
   * prompt reference ({@code {slug: name, version, tag: the label asked for}}), the variables, the
   * compiled text or messages as its input, and the config's {@code model} and {@code provider}
   * (its other entries as model parameters). Start it, {@link SpanParent#append(Generation)
   * append} it to the trace, and end it with the output.
   *
   * @param spanName the generation's name; null for the prompt's name
   */
  public Generation.Builder generation(String spanName) {
    Generation.Builder g = generations.apply(spanName == null ? name() : spanName)
        .prompt(new PromptRef(name(), version() > 0 ? Integer.toString(version()) : null, label))
        .variables(variables);
    Map<String, Object> parameters = new LinkedHashMap<>(config());
    if (parameters.remove("model") instanceof String model) {
      g.model(model);
    }
    if (parameters.remove("provider") instanceof String provider) {
      g.provider(provider);
    }
    if (!parameters.isEmpty()) {
      g.modelParameters(parameters);
    }
    return text() != null ? g.input(text()) : g.messages(messages());
  }

  /** {@link #generation(String)} named after the prompt. */
  public Generation.Builder generation() {
    return generation(null);
  }
}
