package dev.sightline.server.prompts;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a store knows of one prompt name without its templates: every version's summary, oldest
 * first, and which version each label is on. {@code latest} is never stored: it is always the
 * highest version. Immutable and thread-safe.
 *
 * @param name the prompt's name
 * @param versions one entry per version, oldest first, numbered 1 to n without gaps
 * @param labels label to version number; every label sits on exactly one version
 */
public record PromptIndex(String name, List<Entry> versions, Map<String, Integer> labels) {
  /** The label no client may place: it follows the highest version by itself. */
  public static final String LATEST = "latest";
  /** The label a {@code GET} without {@code version} or {@code label} resolves first. */
  public static final String PRODUCTION = "production";

  public PromptIndex {
    versions = List.copyOf(versions);
    labels = Collections.unmodifiableMap(new TreeMap<>(labels));
  }

  /**
   * The summary of one version.
   *
   * @param type {@code text} or {@code chat}
   * @param commitMessage or null
   * @param createdAt epoch microseconds
   */
  public record Entry(int version, String type, String commitMessage, long createdAt, String createdBy) {}

  /** The highest version number (at least 1: a stored prompt has a version). */
  public int latest() {
    return versions.size();
  }

  public boolean has(int version) {
    return version >= 1 && version <= versions.size();
  }

  /** The version a label is on ({@code latest} included), or null if no version has it. */
  public Integer resolve(String label) {
    return LATEST.equals(label) ? Integer.valueOf(latest()) : labels.get(label);
  }

  /** The version a request without version or label gets: {@code production}'s, else the latest. */
  public int byDefault() {
    Integer production = labels.get(PRODUCTION);
    return production == null ? latest() : production;
  }

  /** The labels on a version, sorted, with {@code latest} last if it is the highest. */
  public List<String> labelsOf(int version) {
    List<String> on = new ArrayList<>();
    labels.forEach((label, v) -> {
      if (v == version) {
        on.add(label);
      }
    });
    if (version == latest()) {
      on.add(LATEST);
    }
    return on;
  }

  /**
   * The next version of the draft's name and the index with it: what every store's create makes.
   *
   * @param before the name's index as stored, or null for a new name
   * @throws IllegalArgumentException if the name has {@link PromptRules#MAX_VERSIONS} versions
   */
  static PromptStore.Created next(PromptIndex before, Draft draft, long createdAt, String createdBy) {
    PromptIndex index = before == null ? new PromptIndex(draft.name(), List.of(), Map.of()) : before;
    if (index.versions().size() >= PromptRules.MAX_VERSIONS) {
      throw new IllegalArgumentException("name: prompt " + draft.name() + " has " + PromptRules.MAX_VERSIONS
          + " versions, the most a prompt can have");
    }
    PromptVersion v = draft.numbered(index.latest() + 1, createdAt, createdBy);
    return new PromptStore.Created(v, index.plus(new Entry(v.version(), v.type().wireName(), v.commitMessage(),
        createdAt, createdBy), draft.labels()));
  }

  /** This index with one more version, carrying {@code labels} (moved from where they were). */
  PromptIndex plus(Entry entry, List<String> newLabels) {
    List<Entry> more = new ArrayList<>(versions);
    more.add(entry);
    return new PromptIndex(name, more, moved(labels, entry.version(), newLabels, false));
  }

  /**
   * This index with the labels of {@code version} set to exactly {@code newLabels}: those move
   * here from any other version, and the ones it had but are not listed are removed.
   */
  PromptIndex relabelled(int version, List<String> newLabels) {
    return new PromptIndex(name, versions, moved(labels, version, newLabels, true));
  }

  private static Map<String, Integer> moved(Map<String, Integer> labels, int version, List<String> newLabels,
      boolean exact) {
    Map<String, Integer> next = new TreeMap<>(labels);
    if (exact) {
      next.values().removeIf(v -> v == version);
    }
    for (String label : newLabels) {
      next.put(label, version);
    }
    return next;
  }
}
