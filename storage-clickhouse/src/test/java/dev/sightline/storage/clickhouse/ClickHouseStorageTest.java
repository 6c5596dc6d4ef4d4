package dev.sightline.storage.clickhouse;

import dev.sightline.core.storage.Storage;
import dev.sightline.storage.tests.StorageContractTest;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The storage contract against a real ClickHouse (Debian's 18.16 here) that the class starts:
 * one server for the class, a fresh database per test.
 */
class ClickHouseStorageTest extends StorageContractTest {
  @RegisterExtension
  static final ClickHouseExtension CLICKHOUSE = new ClickHouseExtension(false);

  @Override
  protected Storage newStorage(Path dir) {
    return CLICKHOUSE.open(dir, Map.of());
  }
}
