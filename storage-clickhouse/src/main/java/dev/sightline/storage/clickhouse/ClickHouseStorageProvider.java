package dev.sightline.storage.clickhouse;

import dev.sightline.core.storage.Storage;
import dev.sightline.core.storage.StorageProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * {@code --storage clickhouse}: rows in a ClickHouse server or cluster; nothing under the data
 * directory. Options ({@link ClickHouseOptions}): {@code url} (default
 * {@code http://127.0.0.1:8123}), {@code database} (default {@code sightline}, created if missing),
 * {@code user} (default {@code default}), {@code password} (default empty), {@code cluster} (a
 * {@code remote_servers} name; empty for a single node), {@code replicated} ({@code true} or
 * {@code false}, only with a cluster), {@code node} (this server's id, the key of its log position;
 * by default a random id kept in {@code clickhouse-node} under the data directory, so every server
 * has its own and keeps it across restarts; {@code default} when {@code dataDir} is null). An unknown or bad option is an
 * {@link IllegalArgumentException} naming it; an unreachable server an exception naming the URL.
 */
public final class ClickHouseStorageProvider implements StorageProvider {
  @Override
  public String name() {
    return "clickhouse";
  }

  @Override
  public Storage open(Path dataDir, Map<String, String> options) {
    Map<String, String> withNode = new HashMap<>(options);
    if (dataDir != null) {
      withNode.computeIfAbsent("node", k -> nodeId(dataDir));
    }
    return ClickHouseStorage.open(ClickHouseOptions.parse(withNode));
  }

  /** This data directory's node id: made once, kept in a file written atomically. */
  private static String nodeId(Path dataDir) {
    Path file = dataDir.resolve("clickhouse-node");
    try {
      if (Files.exists(file)) {
        return Files.readString(file, StandardCharsets.UTF_8).trim();
      }
      Files.createDirectories(dataDir);
      Path tmp = dataDir.resolve("clickhouse-node.tmp");
      Files.writeString(tmp, UUID.randomUUID().toString(), StandardCharsets.UTF_8);
      Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      return Files.readString(file, StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep this server's node id in " + file, e);
    }
  }
}
