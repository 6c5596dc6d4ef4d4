package dev.sightline.storage.duckdb;

import dev.sightline.core.storage.Storage;
import dev.sightline.storage.tests.StorageContractTest;
import java.nio.file.Path;
import java.util.Map;

/** The shared storage contract, run against the DuckDB backend. */
class DuckDbStorageTest extends StorageContractTest {
  @Override
  protected Storage newStorage(Path dir) {
    // Small limits: the suite opens many stores, and the defaults must not be needed to pass.
    return new DuckDbStorageProvider().open(dir, Map.of("memoryLimit", "256MB", "threads", "2"));
  }
}
