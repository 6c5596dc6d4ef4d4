package dev.sightline.server.storage.memory;

import dev.sightline.server.storage.Storage;
import dev.sightline.server.storage.StorageContractTest;
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
