package dev.sightline.server.prompts;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sightline.server.http.Json;
import dev.sightline.server.state.Postgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Prompts in the shared database, for several servers: {@code prompts(project, name, index_body)}
 * holds each name's {@link PromptIndex} as JSON, {@code prompt_versions(project, name, version,
 * body)} each version, inserted once. A create or relabel locks the name's index row
 * ({@code FOR UPDATE}) in the transaction that writes it, so concurrent creates through any
 * servers get consecutive numbers and a label is on one version. Names are checked as the file
 * store checks them ({@link PromptRules#name}). Thread-safe.
 */
public final class PostgresPromptStore implements PromptStore {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Postgres db;

  public PostgresPromptStore(Postgres db) {
    this.db = db;
  }

  @Override
  public List<PromptIndex> list(String project) {
    return run(c -> {
      try (PreparedStatement s = c.prepareStatement(
          "SELECT index_body FROM prompts WHERE project = ? ORDER BY name COLLATE \"C\"")) {
        s.setString(1, project);
        List<PromptIndex> out = new ArrayList<>();
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            out.add(JSON.readValue(r.getString(1), PromptIndex.class));
          }
        }
        return out;
      }
    });
  }

  @Override
  public PromptIndex index(String project, String name) {
    PromptRules.name("name", name);
    return run(c -> index(c, project, name, false));
  }

  @Override
  public PromptVersion version(String project, String name, int version) {
    PromptRules.name("name", name);
    return run(c -> {
      try (PreparedStatement s = c.prepareStatement(
          "SELECT body FROM prompt_versions WHERE project = ? AND name = ? AND version = ?")) {
        s.setString(1, project);
        s.setString(2, name);
        s.setInt(3, version);
        try (ResultSet r = s.executeQuery()) {
          return r.next() ? PromptJson.stored(JSON.readTree(r.getString(1))) : null;
        }
      }
    });
  }

  @Override
  public Created create(String project, Draft draft, long createdAt, String createdBy) {
    return run(c -> {
      try (PreparedStatement s = c.prepareStatement("INSERT INTO prompts (project, name, index_body)"
          + " VALUES (?, ?, 'null') ON CONFLICT (project, name) DO NOTHING")) {
        s.setString(1, project);
        s.setString(2, draft.name());
        s.executeUpdate();
      }
      Created next = PromptIndex.next(index(c, project, draft.name(), true), draft, createdAt, createdBy);
      try (PreparedStatement s = c.prepareStatement(
          "INSERT INTO prompt_versions (project, name, version, body) VALUES (?, ?, ?, ?)")) {
        s.setString(1, project);
        s.setString(2, draft.name());
        s.setInt(3, next.version().version());
        s.setString(4, new String(Json.bytes(g -> PromptJson.write(g, next.version(), null)),
            StandardCharsets.UTF_8));
        s.executeUpdate();
      }
      write(c, project, next.index());
      return next;
    });
  }

  @Override
  public PromptIndex relabel(String project, String name, int version, List<String> labels) {
    return run(c -> {
      PromptIndex before = index(c, project, name, true);
      if (before == null || !before.has(version)) {
        return null;
      }
      PromptIndex after = before.relabelled(version, labels);
      write(c, project, after);
      return after;
    });
  }

  /** The name's index, or null; locked until the transaction ends if {@code forUpdate}. */
  private static PromptIndex index(Connection c, String project, String name, boolean forUpdate)
      throws SQLException, IOException {
    try (PreparedStatement s = c.prepareStatement("SELECT index_body FROM prompts WHERE project = ? AND name = ?"
        + (forUpdate ? " FOR UPDATE" : ""))) {
      s.setString(1, project);
      s.setString(2, name);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? JSON.readValue(r.getString(1), PromptIndex.class) : null;
      }
    }
  }

  private static void write(Connection c, String project, PromptIndex index) throws SQLException, IOException {
    try (PreparedStatement s = c.prepareStatement(
        "UPDATE prompts SET index_body = ? WHERE project = ? AND name = ?")) {
      s.setString(1, JSON.writeValueAsString(index));
      s.setString(2, project);
      s.setString(3, index.name());
      s.executeUpdate();
    }
  }

  private <R> R run(Postgres.Work<R> work) {
    return db.call("prompts", work);
  }
}
