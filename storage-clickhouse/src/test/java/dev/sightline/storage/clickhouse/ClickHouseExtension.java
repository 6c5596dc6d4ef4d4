package dev.sightline.storage.clickhouse;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sightline.core.storage.Storage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One private ClickHouse server ({@link ClickHouseServer}) for a test class, and a database per
 * test directory, so that a store reopened on the same directory finds its database again.
 * The cluster variant (with ZooKeeper) runs only with {@code -Dsightline.clickhouse.cluster=true}
 * and where Debian's ZooKeeper jar is installed.
 */
final class ClickHouseExtension implements BeforeAllCallback, AfterAllCallback {
  private final boolean cluster;
  private final Map<Path, String> databases = new HashMap<>();
  private ClickHouseServer server;

  ClickHouseExtension(boolean cluster) {
    this.cluster = cluster;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    if (cluster) {
      assumeTrue(Boolean.getBoolean("sightline.clickhouse.cluster"), "run with -Dsightline.clickhouse.cluster=true");
      assumeTrue(Files.exists(ClickHouseServer.ZOOKEEPER_JAR), "ZooKeeper is not installed");
    }
    server = ClickHouseServer.start(cluster);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (server != null) {
      server.stop();
    }
  }

  /** The server's HTTP interface. */
  String url() {
    return server.url();
  }

  /** Opens the store of a test directory, with these options besides the server and database. */
  Storage open(Path dir, Map<String, String> options) {
    Map<String, String> all = new HashMap<>(options);
    all.put("url", server.url());
    all.put("database", database(dir));
    return new ClickHouseStorageProvider().open(dir, all);
  }

  /** The database of a test directory's store. */
  String database(Path dir) {
    synchronized (databases) {
      return databases.computeIfAbsent(dir, d -> "test_" + databases.size());
    }
  }
}
