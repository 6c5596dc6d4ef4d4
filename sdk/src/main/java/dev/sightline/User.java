package dev.sightline;

/**
 * The end user a trace was recorded for. Every component may be null (the server stores what is
 * given); an {@code id} is what analytics group by. Immutable and thread-safe.
 *
 * @param id your identifier of the user, or null
 * @param name a display name, or null
 * @param email an email address, or null
 */
public record User(String id, String name, String email) {

  /** A user known only by id. */
  public static User of(String id) {
    return new User(id, null, null);
  }

  /** A user with an id and a display name. */
  public static User of(String id, String name) {
    return new User(id, name, null);
  }
}
