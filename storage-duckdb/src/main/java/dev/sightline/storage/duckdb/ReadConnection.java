package dev.sightline.storage.duckdb;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A pooled reader connection with its prepared statements cached by SQL text: DuckDB spends
 * milliseconds binding and planning a wide SELECT, as long as running a point query, and the
 * listings repeat a few shapes of SQL. Not thread-safe: used by one query at a time
 * ({@link Database#read}).
 */
final class ReadConnection implements AutoCloseable {
  /** Distinct SQL shapes kept per connection; filters combine into many, most are rare. */
  private static final int CACHED = 64;

  private final Connection connection;
  private final Map<String, PreparedStatement> statements = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
      if (size() <= CACHED) {
        return false;
      }
      closeQuietly(eldest.getValue());
      return true;
    }
  };

  ReadConnection(Connection connection) {
    this.connection = connection;
  }

  /** Runs the query; the caller closes the result set (never the cached statement). */
  ResultSet query(SqlBuilder sql) throws SQLException {
    PreparedStatement statement = statements.get(sql.text());
    if (statement == null) {
      statement = connection.prepareStatement(sql.text());
      statements.put(sql.text(), statement);
    }
    statement.clearParameters();
    sql.bind(statement, connection);
    return statement.executeQuery();
  }

  /**
   * Runs the body in one read-only transaction, so that all its queries see the same committed
   * state of the database even while the loader commits between them.
   */
  <T> T snapshot(Database.SqlFunction<T> body) throws SQLException {
    connection.setAutoCommit(false);
    try {
      return body.apply(this);
    } finally {
      connection.rollback();
      connection.setAutoCommit(true);
    }
  }

  @Override
  public void close() {
    statements.values().forEach(ReadConnection::closeQuietly);
    statements.clear();
    try {
      connection.close();
    } catch (SQLException e) {
      // Best effort: the database closes with its last connection.
    }
  }

  private static void closeQuietly(PreparedStatement statement) {
    try {
      statement.close();
    } catch (SQLException e) {
      // Best effort: a statement that cannot close holds nothing we still need.
    }
  }
}
