package dev.sightline.server.prompts;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A checked request for a new version ({@code POST /api/prompts}): what becomes a
 * {@link PromptVersion} once the store numbers it. Immutable as long as its JSON trees are not
 * mutated.
 *
 * @param labels the labels the new version takes (moved from other versions), never {@code latest}
 * @param commitMessage or null
 */
public record Draft(String name, PromptVersion.Type type, JsonNode prompt, JsonNode config, List<String> labels,
    String commitMessage) {

  public Draft {
    labels = List.copyOf(labels);
  }

  /** The version this draft becomes under a number. */
  PromptVersion numbered(int version, long createdAt, String createdBy) {
    return new PromptVersion(name, version, type, prompt, config, commitMessage, createdAt, createdBy);
  }
}
