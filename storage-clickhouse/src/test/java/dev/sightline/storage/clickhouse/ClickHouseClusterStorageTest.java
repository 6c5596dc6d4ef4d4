package dev.sightline.storage.clickhouse;

import dev.sightline.core.storage.Storage;
import dev.sightline.storage.tests.StorageContractTest;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The storage contract through the cluster variant of the schema: {@code ON CLUSTER} local tables
 * ({@code ReplicatedReplacingMergeTree}, with ZooKeeper) and {@code Distributed} tables over them,
 * on {@code self}, a one-shard cluster of the test's own server. It takes about 2.5 minutes on two
 * cores (every DDL goes through ZooKeeper's queue, every insert through replication), which would
 * double the module's test time, so it runs only with {@code -Dsightline.clickhouse.cluster=true};
 * skipped also where Debian's ZooKeeper jar is missing.
 */
class ClickHouseClusterStorageTest extends StorageContractTest {
  @RegisterExtension
  static final ClickHouseExtension CLICKHOUSE = new ClickHouseExtension(true);

  @Override
  protected Storage newStorage(Path dir) {
    return CLICKHOUSE.open(dir, Map.of("cluster", "self", "replicated", "true", "node", "node-1"));
  }
}
