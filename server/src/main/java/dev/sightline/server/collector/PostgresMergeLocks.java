package dev.sightline.server.collector;

import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;

/**
 * {@link MergeLocks} as PostgreSQL transaction-scoped advisory locks, one per trace (a 64-bit hash
 * of its name; two names sharing a hash only wait for each other), taken in ascending order in one
 * statement and released by the transaction's commit. Every server of a deployment uses the same
 * database, the one that holds their shared state.
 *
 * <p>A batch of thousands of traces takes thousands of locks: PostgreSQL's lock table must hold
 * them ({@code max_locks_per_transaction} x {@code max_connections}; see docs/scale-out.md).
 * Thread-safe only for its one caller, the loader, which never holds two at once.
 */
public final class PostgresMergeLocks implements MergeLocks {
  private static final String LOCK = "SELECT count(pg_advisory_xact_lock(k)) FROM"
      + " (SELECT DISTINCT unnest(?::bigint[]) AS k ORDER BY 1) AS keys";
  private final String url;
  private final Properties credentials;
  private Connection connection;

  /**
   * @param url the JDBC url of the shared-state database, e.g. {@code jdbc:postgresql://db:5432/sightline}
   * @param user may be null
   * @param password may be null
   */
  public PostgresMergeLocks(String url, String user, String password) {
    this.url = url;
    this.credentials = new Properties();
    if (user != null) {
      credentials.setProperty("user", user);
    }
    if (password != null) {
      credentials.setProperty("password", password);
    }
  }

  @Override
  public synchronized Held lock(Set<String> names) {
    if (names.isEmpty()) {
      return () -> {};
    }
    Long[] keys = names.stream().map(PostgresMergeLocks::key).toArray(Long[]::new);
    try {
      Connection c = connection();
      try (PreparedStatement st = c.prepareStatement(LOCK)) {
        Array array = c.createArrayOf("bigint", keys);
        st.setArray(1, array);
        st.executeQuery().close();
      }
      return () -> release(c);
    } catch (SQLException e) {
      drop();
      throw new IllegalStateException("could not take the merge locks in PostgreSQL (" + url + "): " + e.getMessage(), e);
    }
  }

  private synchronized void release(Connection c) {
    try {
      c.commit();
    } catch (SQLException e) {
      // A lost connection releases its locks with it.
      drop();
    }
  }

  private Connection connection() throws SQLException {
    if (connection == null) {
      connection = DriverManager.getConnection(url, credentials);
      connection.setAutoCommit(false);
    }
    return connection;
  }

  private void drop() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // closing a broken connection
      }
      connection = null;
    }
  }

  /** The lock key of a name: 64 bits of its MD5, spread evenly whatever the names look like. */
  static long key(String name) {
    return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).getMostSignificantBits();
  }

  @Override
  public synchronized void close() {
    drop();
  }
}
