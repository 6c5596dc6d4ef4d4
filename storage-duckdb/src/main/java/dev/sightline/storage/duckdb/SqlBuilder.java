package dev.sightline.storage.duckdb;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * SQL text with its bind parameters, built side by side so that every user-supplied value travels
 * as a parameter, never as SQL text. Not thread-safe.
 */
final class SqlBuilder {
  private final StringBuilder sql = new StringBuilder();
  private final List<Object> params = new ArrayList<>();

  /** Appends trusted SQL text: identifiers from the schema and fixed keywords only. */
  SqlBuilder sql(String text) {
    sql.append(text);
    return this;
  }

  /** Appends SQL text containing {@code ?} placeholders and their values, in order. */
  SqlBuilder sql(String text, Object... values) {
    sql.append(text);
    params.addAll(List.of(values));
    return this;
  }

  /**
   * Appends a subquery yielding these strings ({@code (SELECT unnest(?))}), so that DuckDB can
   * semi-join a whole id set bound as one list parameter.
   */
  SqlBuilder in(Collection<String> values) {
    sql.append(" IN (SELECT unnest(?))");
    params.add(List.copyOf(values));
    return this;
  }

  /** Appends another builder's text and parameters. */
  SqlBuilder append(SqlBuilder other) {
    sql.append(other.sql);
    params.addAll(other.params);
    return this;
  }

  boolean isEmpty() {
    return sql.length() == 0;
  }

  String text() {
    return sql.toString();
  }

  /** Prepares the statement on this connection and binds the parameters. */
  PreparedStatement prepare(Connection connection) throws SQLException {
    PreparedStatement statement = connection.prepareStatement(sql.toString());
    try {
      for (int i = 0; i < params.size(); i++) {
        Object value = params.get(i);
        if (value instanceof List) {
          statement.setArray(i + 1, connection.createArrayOf("VARCHAR", ((List<?>) value).toArray()));
        } else {
          statement.setObject(i + 1, value);
        }
      }
      return statement;
    } catch (SQLException | RuntimeException e) {
      statement.close();
      throw e;
    }
  }

  @Override
  public String toString() {
    return sql + " " + params;
  }
}
