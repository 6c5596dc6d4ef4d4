package dev.sightline.server.usage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The prices the server infers costs with: the built-in table ({@code model-prices.json}, shipped
 * with the server and dated) and each project's own models, which win over the built-in ones.
 * Within each, the first model whose pattern matches a name wins (a project's most recently added
 * first). Lookups are cached per project and name until a project's models change. Thread-safe.
 */
final class PriceTable {
  static final String RESOURCE = "model-prices.json";
  private static final int MAX_CACHED = 10_000;
  private final List<ModelPrice> builtIn;
  private final String asOf;
  private final ModelStore projects;
  private final Map<String, Optional<ModelPrice>> cache = new ConcurrentHashMap<>();
  private volatile long cachedVersion = -1;

  PriceTable(ModelStore projects) {
    this.projects = projects;
    JsonNode table = readBuiltIn();
    this.asOf = table.get("asOf").asText();
    List<ModelPrice> models = new ArrayList<>();
    for (JsonNode m : table.get("models")) {
      models.add(ModelJson.read(m, true));
    }
    this.builtIn = List.copyOf(models);
  }

  /** The built-in models, in matching order. */
  List<ModelPrice> builtIn() {
    return builtIn;
  }

  /** The date of the built-in prices, e.g. {@code 2026-12-01}. */
  String asOf() {
    return asOf;
  }

  ModelStore projects() {
    return projects;
  }

  /** The model that prices this name for a project, if any. */
  Optional<ModelPrice> find(String project, String model) {
    long version = projects.version();
    if (version != cachedVersion || cache.size() > MAX_CACHED) {
      cache.clear();
      cachedVersion = version;
    }
    return cache.computeIfAbsent(project + '\u0000' + model, k -> lookup(project, model));
  }

  private Optional<ModelPrice> lookup(String project, String model) {
    String normal = ModelNames.normalize(model);
    for (ModelPrice m : projects.of(project)) {
      if (m.matches(model, normal)) {
        return Optional.of(m);
      }
    }
    for (ModelPrice m : builtIn) {
      if (m.matches(model, normal)) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }

  private static JsonNode readBuiltIn() {
    try (InputStream in = PriceTable.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the server's jar");
      }
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }
}
