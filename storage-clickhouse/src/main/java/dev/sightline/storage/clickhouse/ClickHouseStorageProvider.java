package dev.sightline.storage.clickhouse;

import dev.sightline.core.storage.Storage;
import dev.sightline.core.storage.StorageProvider;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code --storage clickhouse}: rows in a ClickHouse server or cluster; nothing under the data
 * directory. Options ({@link ClickHouseOptions}): {@code url} (default
 * {@code http://127.0.0.1:8123}), {@code database} (default {@code sightline}, created if missing),
 * {@code user} (default {@code default}), {@code password} (default empty), {@code cluster} (a
 * {@code remote_servers} name; empty for a single node), {@code replicated} ({@code true} or
 * {@code false}, only with a cluster), {@code node} (this server's id, the key of its log position;
 * default {@code default}). An unknown or bad option is an {@link IllegalArgumentException} naming
 * it; an unreachable server an exception naming the URL.
 */
public final class ClickHouseStorageProvider implements StorageProvider {
  @Override
  public String name() {
    return "clickhouse";
  }

  @Override
  public Storage open(Path dataDir, Map<String, String> options) {
    return ClickHouseStorage.open(ClickHouseOptions.parse(options));
  }
}
