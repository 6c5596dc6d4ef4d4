package dev.sightline;

import dev.sightline.internal.PromptCache;
import dev.sightline.internal.PromptTemplate;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Managed prompts of the client's project ({@link Sightline#prompts()}): fetches a version by
 * name, label or number, compiles it with the request's variables, and hands back a
 * {@link Prompt} whose {@link Prompt#generation(String)} records the model call linked to that
 * version.
 *
 * <pre>{@code
 * Prompt prompt = sightline.prompts().get("support-answer",
 *     PromptRequest.label("production").variable("question", question).fallback("Answer: {{question}}"));
 * Generation g = prompt.generation().start();
 * trace.append(g);
 * g.end(callModel(prompt.text()), 0, 0, 0);
 * }</pre>
 *
 * <p>Versions are cached per name and request for the client's {@code promptCacheTtl} (60 s by
 * default): a fresh copy is served without a request; a stale one is served at once and fetched
 * again in the background. Only the first {@code get} of a name and request waits for the server
 * (up to the client's connect and request timeouts). When the server cannot be reached the
 * cached copy is served ({@link Prompt.Source#CACHE}, with {@link Prompt#problem()}), else the
 * request's fallback ({@link Prompt.Source#FALLBACK}), else {@link PromptUnavailableException}.
 * Compiling is done here by the server's rules (docs/api.md, "Compiling"). Thread-safe.
 */
public final class Prompts {
  private final PromptCache cache;
  private final Function<String, Generation.Builder> generations;

  /** @param cache null for a client without an endpoint: only fallbacks */
  Prompts(PromptCache cache, Function<String, Generation.Builder> generations) {
    this.cache = cache;
    this.generations = generations;
  }

  /** The server's default version (labelled {@code production}, else the latest), without variables. */
  public Prompt get(String name) {
    return get(name, PromptRequest.byDefault());
  }

  /**
   * A version of a prompt, compiled with the request's variables.
   *
   * @throws IllegalArgumentException naming a variable the template uses that the request lacks
   *     ({@code variables.city: …}), or if the name is blank
   * @throws PromptUnavailableException if the prompt could not be fetched, no copy is cached and
   *     the request has no fallback
   */
  public Prompt get(String name, PromptRequest request) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("name: must not be blank");
    }
    String selector = request.version() != null ? PromptCache.version(request.version())
        : request.label() != null ? PromptCache.label(request.label()) : "";
    IOException failure;
    if (cache == null) {
      failure = new IOException("no endpoint configured");
    } else {
      try {
        PromptCache.Result r = cache.get(name, selector);
        return new Prompt(r.template(), request.label(), request.variables(),
            r.fetched() ? Prompt.Source.SERVER : Prompt.Source.CACHE, r.problem(), generations);
      } catch (IOException e) {
        failure = e;
      }
    }
    if (!request.hasFallback()) {
      throw new PromptUnavailableException("prompt " + name + " is unavailable and the request has no fallback: "
          + failure.getMessage(), failure);
    }
    PromptTemplate fallback = new PromptTemplate(name, 0, request.fallbackText(), request.fallbackMessages(),
        Map.of(), List.of());
    return new Prompt(fallback, request.label(), request.variables(), Prompt.Source.FALLBACK, failure.getMessage(),
        generations);
  }
}
