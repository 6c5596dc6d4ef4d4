package dev.sightline.server.state;

import java.io.IOException;

/**
 * Where the state that servers share lives: {@code file} (under the data directory, one server)
 * or {@code postgres} (one PostgreSQL database for every server). Immutable.
 *
 * @param backend {@code file} or {@code postgres}
 * @param url a JDBC url ({@code jdbc:postgresql://host:5432/sightline}); required with
 *     {@code postgres}, null otherwise
 * @param user or null for the driver's default
 * @param password or null
 */
public record StateSettings(String backend, String url, String user, String password) {
  public static final String FILE = "file";
  public static final String POSTGRES = "postgres";
  /** Today's files under the data directory. */
  public static final StateSettings FILES = new StateSettings(FILE, null, null, null);

  /** @throws IllegalArgumentException naming the option at fault (as {@code sightline serve} spells it) */
  public StateSettings {
    if (!FILE.equals(backend) && !POSTGRES.equals(backend)) {
      throw new IllegalArgumentException("--state: must be file or postgres, not '" + backend
          + "' (env SIGHTLINE_STATE)");
    }
    if (POSTGRES.equals(backend)) {
      if (url == null || url.isBlank()) {
        throw new IllegalArgumentException("--postgres-url: required with --state postgres, a JDBC url like"
            + " jdbc:postgresql://db:5432/sightline (env SIGHTLINE_POSTGRES_URL)");
      }
      if (!url.startsWith("jdbc:postgresql:")) {
        throw new IllegalArgumentException("--postgres-url: must be a JDBC url like"
            + " jdbc:postgresql://db:5432/sightline, not '" + url + "' (env SIGHTLINE_POSTGRES_URL)");
      }
    } else {
      url = null;
      user = null;
      password = null;
    }
  }

  /** PostgreSQL with these settings. */
  public static StateSettings postgres(String url, String user, String password) {
    return new StateSettings(POSTGRES, url, user, password);
  }

  public boolean shared() {
    return POSTGRES.equals(backend);
  }

  /** Connects to PostgreSQL and creates or migrates its schema; null with {@code file}. */
  public Postgres connect() throws IOException {
    return shared() ? Postgres.connect(url, user, password) : null;
  }

  @Override
  public String toString() {
    return shared() ? "PostgreSQL " + url.replaceFirst("\\?.*", "") : FILE; // never a password
  }
}
