package dev.sightline.storage.duckdb;

import dev.sightline.core.storage.Storage;
import dev.sightline.storage.tests.StorageContractTest;
import java.nio.file.Path;
import java.util.Map;

/**
 * The storage contract again, with every full-text listing walking its candidates in listing order
 * (the way common words are listed at scale) instead of collecting every match first.
 */
class DuckDbWalkingSearchTest extends StorageContractTest {
  @Override
  protected Storage newStorage(Path dir) {
    return new DuckDbStorageProvider().open(dir,
        Map.of("memoryLimit", "256MB", "threads", "2", "textCollectLimit", "0"));
  }
}
