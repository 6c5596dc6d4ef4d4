package dev.sightline.server.auth;

import java.util.Locale;

/** What a key may do in its project. Stored by {@link #wireName()}; never renamed. */
public enum Role {
  /** Queries only: anything but reading gets 403. For dashboards and the UI of viewers. */
  READ,
  /** Queries, ingests, changes the project's settings and deletes its data: an application's key. */
  WRITE,
  /** As {@link #WRITE}, and manages the project's keys through {@code /api/keys}. */
  ADMIN;

  /** {@code read}, {@code write}, {@code admin}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The role of a stored name; keys stored before roles existed are {@link #WRITE}. */
  static Role of(String stored) {
    return stored == null ? WRITE : valueOf(stored.toUpperCase(Locale.ROOT));
  }

  /**
   * Reads a role as an API client or the CLI names it.
   *
   * @throws IllegalArgumentException naming the accepted ones otherwise
   */
  public static Role parse(String field, String text) {
    for (Role r : values()) {
      if (r.wireName().equals(text)) {
        return r;
      }
    }
    throw new IllegalArgumentException(field + ": must be read, write or admin");
  }
}
