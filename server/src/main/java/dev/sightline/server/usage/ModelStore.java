package dev.sightline.server.usage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sightline.server.state.StateDocument;
import dev.sightline.server.state.StateStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Each project's own models and prices, kept in {@code models.json} under the data directory:
 * {@code {"projects": {"default": [{"id": ..., "match": ..., "prices": [...]}]}}}. The API changes
 * them; an operator may also edit the file (another server the document, when the state is in
 * PostgreSQL), which a running server rereads within a second (an
 * edit that does not read is logged and the models in force are kept; at start it stops the server
 * with the field at fault). Thread-safe.
 */
final class ModelStore {
  private static final System.Logger LOG = System.getLogger(ModelStore.class.getName());
  private final StateDocument<Stored> file;
  private Map<String, List<ModelPrice>> byProject = Map.of();
  private long version;

  /** The stored form: each project's models as sent, checked on read. */
  record Stored(Map<String, List<JsonNode>> projects) {}

  private ModelStore(StateDocument<Stored> file) {
    this.file = file;
  }

  /**
   * Opens the models under {@code dataDir}.
   *
   * @throws IllegalArgumentException naming the project and field if the file holds an invalid model
   */
  static ModelStore open(Path dataDir) throws IOException {
    return open(StateStore.files(dataDir));
  }

  /** Opens the models kept in {@code state}. */
  static ModelStore open(StateStore state) throws IOException {
    ModelStore store = new ModelStore(state.document("models.json", Stored.class));
    synchronized (store) {
      store.load();
    }
    return store;
  }

  /** A project's models, most recently added first. */
  synchronized List<ModelPrice> of(String project) {
    reloadIfChanged();
    return byProject.getOrDefault(project, List.of());
  }

  /** A number that changes whenever any project's models change. */
  synchronized long version() {
    reloadIfChanged();
    return version;
  }

  /**
   * Adds a model to a project, replacing the project's model of the same id.
   *
   * @throws IllegalArgumentException naming the field at fault; nothing changes then
   */
  synchronized ModelPrice put(String project, JsonNode model) {
    ModelPrice parsed = ModelJson.read(model, false);
    save(before -> {
      List<JsonNode> models = new ArrayList<>();
      models.add(model);
      for (JsonNode m : before.getOrDefault(project, List.of())) {
        if (!m.get("id").asText().equals(parsed.id())) {
          models.add(m);
        }
      }
      return models;
    }, project);
    return parsed;
  }

  /** Removes a project's model; false if it has none with this id. */
  synchronized boolean delete(String project, String id) {
    boolean[] found = new boolean[1];
    save(before -> {
      List<JsonNode> models = new ArrayList<>(before.getOrDefault(project, List.of()));
      found[0] = models.removeIf(m -> m.get("id").asText().equals(id));
      return found[0] ? models : null;
    }, project);
    return found[0];
  }

  private void reloadIfChanged() {
    if (file.changed()) {
      try {
        load();
      } catch (IOException | IllegalArgumentException e) {
        LOG.log(System.Logger.Level.WARNING, "models.json changed but does not read, keeping the models in force: "
            + e.getMessage());
      }
    }
  }

  /**
   * Replaces a project's models, as stored now, with what {@code change} makes of them; a null
   * from it changes nothing.
   */
  private void save(Function<Map<String, List<JsonNode>>, List<JsonNode>> change, String project) {
    try {
      use(file.update(before -> {
        List<JsonNode> models = change.apply(projects(before));
        if (models == null) {
          return before;
        }
        Map<String, List<JsonNode>> next = new HashMap<>(projects(before));
        next.put(project, models);
        return new Stored(next);
      }));
    } catch (IOException e) {
      throw new UncheckedIOException("could not save models.json", e);
    }
  }

  private void load() throws IOException {
    use(file.read());
  }

  private void use(Stored stored) {
    byProject = parse(projects(stored));
    version++;
  }

  private static Map<String, List<JsonNode>> projects(Stored stored) {
    return stored == null || stored.projects() == null ? Map.of() : stored.projects();
  }

  private static Map<String, List<ModelPrice>> parse(Map<String, List<JsonNode>> stored) {
    Map<String, List<ModelPrice>> parsed = new LinkedHashMap<>();
    for (Map.Entry<String, List<JsonNode>> e : stored.entrySet()) {
      List<ModelPrice> models = new ArrayList<>();
      for (int i = 0; i < e.getValue().size(); i++) {
        try {
          models.add(ModelJson.read(e.getValue().get(i), false));
        } catch (IllegalArgumentException bad) {
          throw new IllegalArgumentException("models.json: project " + e.getKey() + ", model " + i + ": "
              + bad.getMessage(), bad);
        }
      }
      parsed.put(e.getKey(), List.copyOf(models));
    }
    return parsed;
  }
}
