package dev.sightline.storage.clickhouse;

import dev.sightline.core.storage.Storage;
import dev.sightline.storage.tests.StorageContractTest;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The storage contract against a real ClickHouse (Debian's 18.16 here) that the class starts:
 * one server for the class, a fresh database per test (named after the test's directory, so that
 * {@code reopen()} finds it again).
 */
class ClickHouseStorageTest extends StorageContractTest {
  private static ClickHouseServer server;
  private static final Map<Path, String> DATABASES = new HashMap<>();

  @BeforeAll
  static void startServer() throws Exception {
    server = ClickHouseServer.start(false);
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.stop();
    }
  }

  @Override
  protected Storage newStorage(Path dir) {
    String database;
    synchronized (DATABASES) {
      database = DATABASES.computeIfAbsent(dir, d -> "test_" + DATABASES.size());
    }
    return new ClickHouseStorageProvider().open(dir, Map.of("url", server.url(), "database", database));
  }
}
