package dev.sightline.core.storage;

import java.nio.file.Path;
import java.util.Map;

/**
 * Opens a {@link Storage} backend by name. Backends register with {@link java.util.ServiceLoader};
 * the server picks one by the {@code --storage} option, never by code changes.
 */
public interface StorageProvider {

  /** The name chosen on the command line, e.g. {@code duckdb}. */
  String name();

  /**
   * Opens (creating or migrating as needed) the store.
   *
   * @param dataDir the server's data directory; the backend keeps its files under it
   * @param options backend-specific settings ({@code SIGHTLINE_STORAGE_*}), never null
   */
  Storage open(Path dataDir, Map<String, String> options);
}
