package dev.sightline;

/**
 * The customer organization a trace belongs to. Both components may be null. Immutable and
 * thread-safe.
 *
 * @param id your identifier of the organization, or null
 * @param name a display name, or null
 */
public record Organization(String id, String name) {

  /** An organization known only by id. */
  public static Organization of(String id) {
    return new Organization(id, null);
  }
}
