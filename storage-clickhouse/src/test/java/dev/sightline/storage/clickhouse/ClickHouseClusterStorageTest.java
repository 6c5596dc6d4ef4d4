package dev.sightline.storage.clickhouse;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sightline.core.storage.Storage;
import dev.sightline.storage.tests.StorageContractTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The storage contract through the cluster variant of the schema: {@code ON CLUSTER} local tables
 * ({@code ReplicatedReplacingMergeTree}, with ZooKeeper) and {@code Distributed} tables over them,
 * on {@code self}, a one-shard cluster of the test's own server. It takes about 2.5 minutes on two
 * cores (every DDL goes through ZooKeeper's queue, every insert through replication), which would
 * double the module's test time, so it runs only with {@code -Dsightline.clickhouse.cluster=true};
 * skipped also where Debian's ZooKeeper jar is missing.
 */
class ClickHouseClusterStorageTest extends StorageContractTest {
  private static ClickHouseServer server;
  private static final Map<Path, String> DATABASES = new HashMap<>();

  @BeforeAll
  static void startServer() throws Exception {
    assumeTrue(Boolean.getBoolean("sightline.clickhouse.cluster"), "run with -Dsightline.clickhouse.cluster=true");
    assumeTrue(Files.exists(ClickHouseServer.ZOOKEEPER_JAR), "ZooKeeper is not installed");
    server = ClickHouseServer.start(true);
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
      database = DATABASES.computeIfAbsent(dir, d -> "cluster_" + DATABASES.size());
    }
    return new ClickHouseStorageProvider().open(dir, Map.of("url", server.url(), "database", database,
        "cluster", "self", "replicated", "true", "node", "node-1"));
  }
}
