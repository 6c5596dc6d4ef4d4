package dev.sightline.storage.duckdb;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The projects that may have scores: rows in the {@code scores} table, and scores packed into their
 * spans' rows ({@link Verdicts}). Reads of a trace's or a page's scores skip the statements that
 * could find nothing in a project without any (most projects have no score rows, many no scores at
 * all): each is a few milliseconds of DuckDB planning and scanning at ten million spans, a quarter
 * of a trace list's first page (BENCHMARKS.md, issue 9). Read from the tables at open; the loader
 * adds a project before it appends a score row or a packed score of it, so a reader never skips a
 * committed one. Deleting scores does not remove a project (a read then only runs a statement that
 * finds nothing). Thread-safe.
 */
final class ScoredProjects {
  private final Set<String> withRows = ConcurrentHashMap.newKeySet();
  private final Set<String> withPacked = ConcurrentHashMap.newKeySet();

  /** The projects that have score rows or packed scores in the database now. */
  static ScoredProjects load(Connection connection) throws SQLException {
    ScoredProjects scored = new ScoredProjects();
    try (Statement s = connection.createStatement()) {
      read(s, "SELECT DISTINCT project_id FROM scores", scored.withRows);
      read(s, "SELECT DISTINCT project_id FROM spans WHERE " + Verdicts.COLUMN + " IS NOT NULL", scored.withPacked);
    }
    return scored;
  }

  private static void read(Statement s, String sql, Set<String> into) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        into.add(rs.getString(1));
      }
    }
  }

  /** Called before a score row of the project is appended. */
  void addRow(String projectId) {
    withRows.add(projectId);
  }

  /** Called before a span row of the project with packed scores is appended. */
  void addPacked(String projectId) {
    withPacked.add(projectId);
  }

  /** Whether the project's rows in the scores table may be some. */
  boolean mayHaveRows(String projectId) {
    return withRows.contains(projectId);
  }

  /** Whether the project's span rows may hold packed scores. */
  boolean mayHavePacked(String projectId) {
    return withPacked.contains(projectId);
  }

  /** Whether the project may have scores of either kind. */
  boolean mayHaveAny(String projectId) {
    return withRows.contains(projectId) || withPacked.contains(projectId);
  }
}
