package dev.sightline.server.scoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sightline.server.auth.StateFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Each project's score configs, kept in {@code score-configs.json} under the data directory:
 * {@code {"projects": {"default": {"helpfulness": {"name": "helpfulness", "dataType": "numeric",
 * "min": 1, "max": 5}}}}}. The API changes them; an operator may also edit the file, which a
 * running server rereads within a second (an edit that does not read is logged and the configs in
 * force are kept; at start it stops the server with the field at fault). Thread-safe.
 */
public final class ScoreConfigStore {
  private static final System.Logger LOG = System.getLogger(ScoreConfigStore.class.getName());
  private static final String FILE = "score-configs.json";
  private final StateFile<Stored> file;
  private Map<String, Map<String, JsonNode>> raw = Map.of();
  private Map<String, Map<String, ScoreConfig>> byProject = Map.of();

  /** The stored form: each project's configs by score name, checked on read. */
  record Stored(Map<String, Map<String, JsonNode>> projects) {}

  /** What {@link #put} did: the config now in force, and whether the name had none before. */
  public record Put(ScoreConfig config, boolean created) {}

  private ScoreConfigStore(Path file) {
    this.file = new StateFile<>(file, Stored.class);
  }

  /**
   * Opens the score configs under {@code dataDir}.
   *
   * @throws IllegalArgumentException naming the project, score and field if the file holds an
   *     invalid config
   */
  public static ScoreConfigStore open(Path dataDir) throws IOException {
    ScoreConfigStore store = new ScoreConfigStore(dataDir.resolve(FILE));
    if (store.file.exists()) {
      synchronized (store) {
        store.load();
      }
    }
    return store;
  }

  /** A project's configs by score name, sorted by name; empty if it has none. */
  public synchronized Map<String, ScoreConfig> of(String project) {
    if (file.changedOnDisk()) {
      try {
        load();
      } catch (IOException | IllegalArgumentException e) {
        LOG.log(System.Logger.Level.WARNING, FILE + " changed but does not read, keeping the configs in force: "
            + e.getMessage());
      }
    }
    return byProject.getOrDefault(project, Map.of());
  }

  /**
   * Creates or replaces the config of a score name.
   *
   * @throws IllegalArgumentException naming the field at fault; nothing changes then
   */
  public synchronized Put put(String project, String name, JsonNode config) {
    ScoreConfig parsed = ScoreConfigJson.read(name, config);
    ObjectNode stored = ((ObjectNode) config).deepCopy().put("name", name);
    Map<String, JsonNode> configs = new TreeMap<>(raw.getOrDefault(project, Map.of()));
    boolean created = configs.put(name, stored) == null;
    Map<String, Map<String, JsonNode>> next = new HashMap<>(raw);
    next.put(project, configs);
    save(next);
    return new Put(parsed, created);
  }

  /** Removes a score name's config; false if it has none. */
  public synchronized boolean delete(String project, String name) {
    Map<String, JsonNode> configs = new TreeMap<>(raw.getOrDefault(project, Map.of()));
    if (configs.remove(name) == null) {
      return false;
    }
    Map<String, Map<String, JsonNode>> next = new HashMap<>(raw);
    next.put(project, configs);
    save(next);
    return true;
  }

  private void save(Map<String, Map<String, JsonNode>> next) {
    try {
      file.write(new Stored(next));
    } catch (IOException e) {
      throw new UncheckedIOException("could not save " + FILE, e);
    }
    use(next);
  }

  private void load() throws IOException {
    Stored stored = file.read();
    use(stored.projects() == null ? Map.of() : stored.projects());
  }

  private void use(Map<String, Map<String, JsonNode>> next) {
    Map<String, Map<String, ScoreConfig>> parsed = new HashMap<>();
    for (Map.Entry<String, Map<String, JsonNode>> project : next.entrySet()) {
      Map<String, ScoreConfig> configs = new TreeMap<>();
      for (Map.Entry<String, JsonNode> c : project.getValue().entrySet()) {
        try {
          configs.put(c.getKey(), ScoreConfigJson.read(c.getKey(), c.getValue()));
        } catch (IllegalArgumentException bad) {
          throw new IllegalArgumentException(FILE + ": project " + project.getKey() + ", score " + c.getKey()
              + ": " + bad.getMessage(), bad);
        }
      }
      parsed.put(project.getKey(), Collections.unmodifiableMap(configs));
    }
    raw = next;
    byProject = parsed;
  }
}
