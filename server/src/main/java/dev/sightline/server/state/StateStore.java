package dev.sightline.server.state;

import java.nio.file.Path;

/**
 * Where a server's state documents are kept: files under its data directory, or PostgreSQL
 * ({@link Postgres}) when several servers share them. Thread-safe.
 */
public interface StateStore {

  /**
   * The document of this name ({@code auth.json}: the file's name under the data directory, or
   * the row's name in PostgreSQL).
   */
  <T> StateDocument<T> document(String name, Class<T> type);

  /** Documents as files in {@code dir}. */
  static StateStore files(Path dir) {
    return new StateStore() {
      @Override
      public <T> StateDocument<T> document(String name, Class<T> type) {
        return new StateFile<>(dir.resolve(name), type);
      }
    };
  }
}
