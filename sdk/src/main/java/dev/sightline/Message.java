package dev.sightline;

/**
 * One chat message of a generation's input or output; a {@code List<Message>} is recorded as a
 * JSON array of {@code {"role": ..., "content": ...}}. Immutable and thread-safe.
 *
 * @param role {@code system}, {@code user}, {@code assistant}, {@code tool} or your own; may be null
 * @param content the text; may be null
 */
public record Message(String role, String content) {

  public static Message system(String content) {
    return new Message("system", content);
  }

  public static Message user(String content) {
    return new Message("user", content);
  }

  public static Message assistant(String content) {
    return new Message("assistant", content);
  }
}
