package dev.sightline.storage.tests;

import dev.sightline.core.storage.Storage;
import dev.sightline.core.storage.memory.InMemoryStorage;
import java.nio.file.Path;

/** The reference backend against the shared contract. */
class InMemoryStorageTest extends StorageContractTest {

  @Override
  protected Storage newStorage(Path dir) {
    return new InMemoryStorage();
  }

  /** It keeps nothing across restarts. */
  @Override
  public boolean keepsDataAcrossRestarts() {
    return false;
  }
}
