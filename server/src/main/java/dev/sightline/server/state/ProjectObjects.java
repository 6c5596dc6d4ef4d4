package dev.sightline.server.state;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * A state document of each project's JSON objects by name,
 * {@code {"projects": {"default": {"helpfulness": {...}}}}} (score configs, evaluators), changed
 * one project at a time on what is stored now. Thread-safe.
 */
public final class ProjectObjects {
  private final StateDocument<Stored> document;

  /** The stored form. */
  record Stored(Map<String, Map<String, JsonNode>> projects) {}

  /**
   * What a change did.
   *
   * @param changed whether the edit changed anything (if not, nothing was written)
   * @param projects every project's objects as stored afterwards
   */
  public record Change(boolean changed, Map<String, Map<String, JsonNode>> projects) {}

  /** The document of this name in {@code state}. */
  public ProjectObjects(StateStore state, String name) {
    this.document = state.document(name, Stored.class);
  }

  /** Every project's objects as stored now; empty if none ever were. */
  public Map<String, Map<String, JsonNode>> read() throws IOException {
    return projects(document.read());
  }

  /** See {@link StateDocument#changed()}. */
  public boolean changed() {
    return document.changed();
  }

  /**
   * Changes one project's objects as stored now, atomically: {@code edit} gets a sorted copy it
   * may change and says whether it did.
   */
  public Change change(String project, Predicate<Map<String, JsonNode>> edit) throws IOException {
    boolean[] changed = new boolean[1];
    Stored after = document.update(before -> {
      Map<String, JsonNode> objects = new TreeMap<>(projects(before).getOrDefault(project, Map.of()));
      changed[0] = edit.test(objects);
      if (!changed[0]) {
        return before;
      }
      Map<String, Map<String, JsonNode>> next = new HashMap<>(projects(before));
      next.put(project, objects);
      return new Stored(next);
    });
    return new Change(changed[0], projects(after));
  }

  private static Map<String, Map<String, JsonNode>> projects(Stored stored) {
    return stored == null || stored.projects() == null ? Map.of() : stored.projects();
  }
}
