package dev.sightline.server.governance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sightline.server.auth.StateFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Each project's settings, kept in {@code settings.json} under the data directory:
 * {@code {"projects": {"default": {"masking": {...}}}}}. The API changes them; an operator may also
 * edit the file, which a running server rereads within a second. A file that does not read stops
 * the server at start with the field at fault; an edit that does not read while it runs is logged
 * and the settings in force are kept. A project without an entry has everything off. Thread-safe.
 */
public final class SettingsStore {
  private static final System.Logger LOG = System.getLogger(SettingsStore.class.getName());
  private final StateFile<Stored> file;
  private Map<String, JsonNode> raw = Map.of();
  private Map<String, ProjectSettings> byProject = Map.of();

  /** The stored form: each project's settings as sent, checked on read. */
  record Stored(Map<String, JsonNode> projects) {}

  private SettingsStore(Path file) {
    this.file = new StateFile<>(file, Stored.class);
  }

  /**
   * Opens the settings under {@code dataDir}.
   *
   * @throws IllegalArgumentException naming the field if the file holds an invalid setting
   */
  public static SettingsStore open(Path dataDir) throws IOException {
    SettingsStore store = new SettingsStore(dataDir.resolve("settings.json"));
    if (store.file.exists()) {
      synchronized (store) {
        store.load();
      }
    }
    return store;
  }

  /** The project's settings in force. */
  synchronized ProjectSettings get(String project) {
    if (file.changedOnDisk()) {
      try {
        load();
      } catch (IOException | IllegalArgumentException e) {
        LOG.log(System.Logger.Level.WARNING, "settings.json changed but does not read, keeping the settings in"
            + " force: " + e.getMessage());
      }
    }
    return byProject.getOrDefault(project, ProjectSettings.DEFAULTS);
  }

  /** The masking of the project's ingest, if it masks anything. */
  public Optional<Masker> masker(String project) {
    return Optional.ofNullable(get(project).masker());
  }

  /**
   * Replaces the project's settings.
   *
   * @throws IllegalArgumentException naming the field at fault; nothing is changed then
   */
  synchronized ProjectSettings put(String project, JsonNode settings) {
    ProjectSettings parsed = ProjectSettings.parse(settings, "");
    Map<String, JsonNode> next = new HashMap<>(raw);
    next.put(project, parsed.toJson());
    try {
      file.write(new Stored(next));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    apply(next);
    return parsed;
  }

  private void load() throws IOException {
    Stored stored = file.read();
    apply(stored.projects() == null ? Map.of() : stored.projects());
  }

  private void apply(Map<String, JsonNode> projects) {
    Map<String, ProjectSettings> parsed = new HashMap<>();
    projects.forEach((project, node) -> parsed.put(project,
        ProjectSettings.parse(node, "settings.json: projects." + project)));
    raw = Map.copyOf(projects);
    byProject = parsed;
  }

  /** What a project sets. Immutable. */
  record ProjectSettings(MaskingSettings masking, Masker masker) {
    static final ProjectSettings DEFAULTS = new ProjectSettings(MaskingSettings.OFF, null);

    /** {@code {"masking": {...}}}; fields are named under {@code prefix} in errors. */
    static ProjectSettings parse(JsonNode node, String prefix) {
      String at = prefix.isEmpty() ? "" : prefix + ".";
      if (node == null || !node.isObject()) {
        throw new IllegalArgumentException((prefix.isEmpty() ? "body" : prefix) + ": must be a JSON object");
      }
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
        String name = it.next();
        if (!Set.of("masking").contains(name)) {
          throw new IllegalArgumentException(at + name + ": unknown setting; there is masking"
              + " (retention is not built yet)");
        }
      }
      MaskingSettings masking = MaskingSettings.parse(node.get("masking"), at + "masking");
      return new ProjectSettings(masking, masking.active() ? new Masker(masking) : null);
    }

    /** The settings as the API answers them, every switch listed. */
    ObjectNode toJson() {
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      out.set("masking", masking.toJson());
      return out;
    }
  }
}
