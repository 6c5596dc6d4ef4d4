package dev.sightline.server.prompts;

import java.util.List;

/**
 * Where prompts are kept: numbered immutable versions per project and name, and labels that each
 * sit on one version of their name. {@code latest} is not stored: it is the highest version.
 *
 * <p>Every implementation passes {@code PromptStoreContract} (server tests): the file store
 * ({@link FilePromptStore}) for one server, and any later shared store (PostgreSQL, ClickHouse)
 * for several servers over one database. An implementation is thread-safe, and creates of the
 * same name, however concurrent, get distinct consecutive version numbers.
 */
public interface PromptStore {

  /** The project's prompts, sorted by name; empty if it has none. */
  List<PromptIndex> list(String project);

  /** A prompt's versions and labels, or null if the project has no prompt of that name. */
  PromptIndex index(String project, String name);

  /** One version, or null if the project has no such prompt or version. */
  PromptVersion version(String project, String name, int version);

  /**
   * Creates the next version of the draft's name (1 for a new name) and moves the draft's labels
   * onto it.
   *
   * @param createdAt epoch microseconds
   * @param createdBy the id of the key that creates it
   * @throws IllegalArgumentException if the name has {@link PromptRules#MAX_VERSIONS} versions
   */
  Created create(String project, Draft draft, long createdAt, String createdBy);

  /**
   * Sets the labels of one version to exactly {@code labels}: each moves there from whatever
   * version of the name had it, and the version's other labels are removed from the prompt.
   *
   * @return the prompt after the change, or null if it has no such version (nothing changed)
   */
  PromptIndex relabel(String project, String name, int version, List<String> labels);

  /** What {@link #create} made: the new version and the prompt after it. */
  record Created(PromptVersion version, PromptIndex index) {}
}
