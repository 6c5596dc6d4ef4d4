package dev.sightline.server.scoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sightline.server.state.ProjectObjects;
import dev.sightline.server.state.StateStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Each project's score configs, kept in {@code score-configs.json} under the data directory:
 * {@code {"projects": {"default": {"helpfulness": {"name": "helpfulness", "dataType": "numeric",
 * "min": 1, "max": 5}}}}}. The API changes them; an operator may also edit the file (another
 * server the document, when the state is in PostgreSQL), which a running server rereads within a
 * second (an edit that does not read is logged and the configs in
 * force are kept; at start it stops the server with the field at fault). Thread-safe.
 */
public final class ScoreConfigStore {
  private static final System.Logger LOG = System.getLogger(ScoreConfigStore.class.getName());
  private static final String FILE = "score-configs.json";
  private final ProjectObjects file;
  private Map<String, Map<String, ScoreConfig>> byProject = Map.of();

  /** What {@link #put} did: the config now in force, and whether the name had none before. */
  public record Put(ScoreConfig config, boolean created) {}

  private ScoreConfigStore(ProjectObjects file) {
    this.file = file;
  }

  /**
   * Opens the score configs under {@code dataDir}.
   *
   * @throws IllegalArgumentException naming the project, score and field if the file holds an
   *     invalid config
   */
  public static ScoreConfigStore open(Path dataDir) throws IOException {
    return open(StateStore.files(dataDir));
  }

  /** Opens the score configs kept in {@code state}. */
  public static ScoreConfigStore open(StateStore state) throws IOException {
    ScoreConfigStore store = new ScoreConfigStore(new ProjectObjects(state, FILE));
    synchronized (store) {
      store.load();
    }
    return store;
  }

  /** A project's configs by score name, sorted by name; empty if it has none. */
  public synchronized Map<String, ScoreConfig> of(String project) {
    if (file.changed()) {
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
    boolean[] created = new boolean[1];
    save(project, configs -> {
      created[0] = configs.put(name, stored) == null;
      return true;
    });
    return new Put(parsed, created[0]);
  }

  /** Removes a score name's config; false if it has none. */
  public synchronized boolean delete(String project, String name) {
    return save(project, configs -> configs.remove(name) != null);
  }

  /**
   * Changes a project's configs as stored now; {@code change} edits a copy and says whether it
   * changed it (if not, nothing is written).
   *
   * @return what {@code change} said
   */
  private boolean save(String project, Predicate<Map<String, JsonNode>> change) {
    try {
      ProjectObjects.Change done = file.change(project, change);
      use(done.projects());
      return done.changed();
    } catch (IOException e) {
      throw new UncheckedIOException("could not save " + FILE, e);
    }
  }

  private void load() throws IOException {
    use(file.read());
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
    byProject = parsed;
  }
}
