package dev.sightline.server.state;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.function.UnaryOperator;

/**
 * A state document as a row of {@code state(name, body, version)}: {@link #update} locks the row
 * ({@code SELECT ... FOR UPDATE}) in a transaction, so updates from every server are serialised
 * and none is lost; each update adds one to {@code version}, which {@link #changed} compares with
 * the version the database's watcher read at most a second ago ({@link Postgres#version}), without
 * waiting for the database. Thread-safe.
 */
final class PostgresDocument<T> implements StateDocument<T> {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The version of a document never read or written here. */
  private static final long UNSEEN = -1;
  private final Postgres db;
  private final String name;
  private final Class<T> type;
  private volatile long seen = UNSEEN;

  PostgresDocument(Postgres db, String name, Class<T> type) {
    this.db = db;
    this.name = name;
    this.type = type;
  }

  @Override
  public T read() throws IOException {
    return db.transaction(c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT body, version FROM state WHERE name = ?")) {
        s.setString(1, name);
        try (ResultSet r = s.executeQuery()) {
          if (!r.next()) {
            return null;
          }
          seen = r.getLong(2);
          return JSON.readValue(r.getString(1), type);
        }
      }
    });
  }

  @Override
  public T update(UnaryOperator<T> change) throws IOException {
    return db.transaction(c -> {
      try (PreparedStatement insert = c.prepareStatement(
          "INSERT INTO state (name, body, version) VALUES (?, 'null', 0) ON CONFLICT (name) DO NOTHING")) {
        insert.setString(1, name);
        insert.executeUpdate();
      }
      T before;
      long version;
      try (PreparedStatement s = c.prepareStatement("SELECT body, version FROM state WHERE name = ? FOR UPDATE")) {
        s.setString(1, name);
        try (ResultSet r = s.executeQuery()) {
          r.next();
          before = JSON.readValue(r.getString(1), type);
          version = r.getLong(2);
        }
      }
      T after = change.apply(before);
      if (after != before) {
        try (PreparedStatement s = c.prepareStatement("UPDATE state SET body = ?, version = ? WHERE name = ?")) {
          s.setString(1, JSON.writeValueAsString(after));
          s.setLong(2, ++version);
          s.setString(3, name);
          s.executeUpdate();
        }
      }
      seen = version;
      return after;
    });
  }

  /** True while the watcher has read a later version than this object last read or wrote (versions only grow). */
  @Override
  public boolean changed() {
    Long version = db.version(name);
    return version != null && version > seen;
  }
}
