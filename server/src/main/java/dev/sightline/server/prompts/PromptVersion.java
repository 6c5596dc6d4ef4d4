package dev.sightline.server.prompts;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/**
 * One immutable version of a named prompt: its template and model config as they were created.
 * Labels are not part of a version (they move between versions); see {@link PromptIndex}.
 * Thread-safe as long as nobody mutates the JSON trees it holds, which nothing here does.
 *
 * @param name the prompt's name ({@link PromptRules#NAME})
 * @param version 1 for the first version of the name, then one more for each
 * @param type whether {@code prompt} is text or chat messages
 * @param prompt a JSON string ({@link Type#TEXT}), or an array of {@code {"role", "content"}}
 *     objects with string values ({@link Type#CHAT})
 * @param config the model config, a JSON object (empty if none was given); never null
 * @param commitMessage why the version was made, or null
 * @param createdAt epoch microseconds
 * @param createdBy the id of the API key that created it
 */
public record PromptVersion(String name, int version, Type type, JsonNode prompt, JsonNode config,
    String commitMessage, long createdAt, String createdBy) {

  /** The two shapes of template. */
  public enum Type {
    TEXT, CHAT;

    /** {@code text} or {@code chat}, as in the API. */
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
