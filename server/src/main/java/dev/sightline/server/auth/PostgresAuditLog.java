package dev.sightline.server.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sightline.server.state.Postgres;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The audit log as rows of {@code audit_log(seq, project, entry)} in the shared database: every
 * server appends there (committed before the change is answered) and lists from there, newest
 * (highest {@code seq}) first. Thread-safe.
 */
final class PostgresAuditLog implements AuditLog {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Postgres db;

  PostgresAuditLog(Postgres db) {
    this.db = db;
  }

  @Override
  public void record(String projectId, String keyId, String action, String target, Map<String, Object> details) {
    Entry e = new Entry(System.currentTimeMillis() * 1000, projectId, keyId, action, target, details);
    db.call("cannot write the audit log", c -> {
      try (PreparedStatement s = c.prepareStatement("INSERT INTO audit_log (project, entry) VALUES (?, ?)")) {
        s.setString(1, projectId);
        s.setString(2, JSON.writeValueAsString(e));
        return s.executeUpdate();
      }
    });
  }

  @Override
  public List<Entry> entries(String projectId, int limit) {
    return db.call("cannot read the audit log", c -> {
      try (PreparedStatement s = c.prepareStatement(
          "SELECT entry FROM audit_log WHERE project = ? ORDER BY seq DESC LIMIT ?")) {
        s.setString(1, projectId);
        s.setInt(2, limit);
        List<Entry> out = new ArrayList<>();
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            out.add(JSON.readValue(r.getString(1), Entry.class));
          }
        }
        return out;
      }
    });
  }
}
