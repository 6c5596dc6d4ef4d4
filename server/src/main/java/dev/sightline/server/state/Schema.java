package dev.sightline.server.state;

import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The tables of the shared state, and their migrations: {@code sightline_schema} holds one row,
 * the version the tables are at; step {@code i} of {@link #STEPS} takes them from version
 * {@code i} to {@code i + 1}. A server migrates at connect, under an advisory lock so that servers
 * starting together migrate once; a database at a version newer than the server knows is refused
 * rather than written by older code.
 */
final class Schema {
  /** Any number: the key of the advisory lock held while migrating. */
  private static final long LOCK = 0x5349_4748_544cL;
  private static final List<List<String>> STEPS = List.of(List.of(
      "CREATE TABLE state (name text PRIMARY KEY, body text NOT NULL, version bigint NOT NULL)",
      "CREATE TABLE audit_log (seq bigserial PRIMARY KEY, project text NOT NULL, entry text NOT NULL)",
      "CREATE INDEX audit_log_project ON audit_log (project, seq)",
      "CREATE TABLE prompts (project text NOT NULL, name text NOT NULL, index_body text NOT NULL,"
          + " PRIMARY KEY (project, name))",
      "CREATE TABLE prompt_versions (project text NOT NULL, name text NOT NULL, version int NOT NULL,"
          + " body text NOT NULL, PRIMARY KEY (project, name, version))",
      "CREATE TABLE evaluation_jobs (id text PRIMARY KEY, body text NOT NULL, seq bigserial NOT NULL,"
          + " lease_until bigint NOT NULL DEFAULT 0)",
      "CREATE INDEX evaluation_jobs_lease ON evaluation_jobs (lease_until, seq)",
      "CREATE TABLE datasets (project text NOT NULL, name text NOT NULL, definition text NOT NULL,"
          + " PRIMARY KEY (project, name))",
      "CREATE TABLE dataset_items (project text NOT NULL, dataset text NOT NULL, id text NOT NULL,"
          + " seq bigserial NOT NULL, body text NOT NULL, archived boolean NOT NULL DEFAULT false,"
          + " PRIMARY KEY (project, dataset, id))",
      "CREATE INDEX dataset_items_order ON dataset_items (project, dataset, seq)",
      "CREATE TABLE dataset_results (project text NOT NULL, dataset text NOT NULL, run text NOT NULL,"
          + " item_id text NOT NULL, seq bigserial NOT NULL, body text NOT NULL,"
          + " PRIMARY KEY (project, dataset, run, item_id))"),
      // 2: the servers alive, which share the keys' rate limits (dev.sightline.server.auth.ServerCount).
      List.of("CREATE TABLE servers (node text PRIMARY KEY, seen_us bigint NOT NULL)"));

  private Schema() {}

  /** The version this server's tables are at. */
  static int current() {
    return STEPS.size();
  }

  /** Brings the tables to {@link #current()}; in the caller's transaction. */
  static Void migrate(Connection c) throws SQLException, IOException {
    try (Statement s = c.createStatement()) {
      s.execute("SELECT pg_advisory_xact_lock(" + LOCK + ")");
      s.execute("CREATE TABLE IF NOT EXISTS sightline_schema (version int NOT NULL)");
      int version = 0;
      try (ResultSet r = s.executeQuery("SELECT version FROM sightline_schema")) {
        if (r.next()) {
          version = r.getInt(1);
        } else {
          s.execute("INSERT INTO sightline_schema VALUES (0)");
        }
      }
      if (version > current()) {
        throw new IOException("PostgreSQL: the state tables are at version " + version + ", newer than this"
            + " server knows (" + current() + "): run the newer server, or restore a dump of the older version");
      }
      for (int v = version; v < current(); v++) {
        for (String sql : STEPS.get(v)) {
          s.execute(sql);
        }
      }
      s.execute("UPDATE sightline_schema SET version = " + current());
    }
    return null;
  }
}
