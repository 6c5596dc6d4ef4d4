package dev.sightline.storage.duckdb;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The projects whose {@code scores} table may hold rows: a trace read skips the statement for a
 * trace's score rows in a project that never had one (most projects: evaluator verdicts are packed
 * into their spans' rows, {@link Verdicts}), a few milliseconds of DuckDB planning and scanning per
 * read at ten million spans (BENCHMARKS.md, issue 9). Read from the table at open; the loader adds
 * a project before it appends a score row of it, so a reader never skips a committed row. Deleting
 * a project's scores does not remove it (a read then only runs a statement that finds nothing).
 * Thread-safe.
 */
final class ScoredProjects {
  private final Set<String> projects = ConcurrentHashMap.newKeySet();

  /** The projects that have score rows in the database now. */
  static ScoredProjects load(Connection connection) throws SQLException {
    ScoredProjects scored = new ScoredProjects();
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("SELECT DISTINCT project_id FROM scores")) {
      while (rs.next()) {
        scored.projects.add(rs.getString(1));
      }
    }
    return scored;
  }

  /** Called before a score row of the project is appended. */
  void add(String projectId) {
    projects.add(projectId);
  }

  /** Whether the project's scores table rows may be non-empty. */
  boolean mayHave(String projectId) {
    return projects.contains(projectId);
  }
}
