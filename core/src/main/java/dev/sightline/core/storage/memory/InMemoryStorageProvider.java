package dev.sightline.core.storage.memory;

import dev.sightline.core.storage.Storage;
import dev.sightline.core.storage.StorageProvider;
import java.nio.file.Path;
import java.util.Map;

/** {@code --storage memory}: nothing survives a restart; for tests and trying things out. */
public final class InMemoryStorageProvider implements StorageProvider {
  @Override
  public String name() {
    return "memory";
  }

  @Override
  public Storage open(Path dataDir, Map<String, String> options) {
    return new InMemoryStorage();
  }
}
