package dev.sightline.server.backup;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sightline.core.storage.SnapshotFiles;
import dev.sightline.core.storage.StorageWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import java.util.stream.Stream;

/**
 * A consistent copy of a running server's data directory: the store's snapshot, the write-ahead
 * log as it stood while the store was frozen (so the copy replays exactly what the store had not
 * applied), then the keys, settings, key usage and audit files, and last {@value #MANIFEST}, whose
 * presence marks a complete backup. Started, the copy holds every request acknowledged before the
 * backup began. Ingest goes on meanwhile; loading into the store waits while the store is frozen.
 * When the state is shared in PostgreSQL ({@code --state postgres}) the backup holds no state: it
 * copies neither the state files nor the state directories (a file left from before would be
 * stale), says so in its manifest and answer ({@link #stateElsewhere()}), and the operator backs up
 * the state with {@code pg_dump}. Thread-safe (one backup at a time).
 */
public final class Backup {
  /** The file that marks a complete backup and describes it. */
  public static final String MANIFEST = "backup.json";
  private static final List<String> STATE_FILES = List.of("auth.json", "settings.json", "key-usage.json",
      "audit.jsonl", "models.json", "score-configs.json", "evaluators.json", "anomaly-alerts.json");
  /**
   * Directories of state kept beside the store: datasets (append-only files; a line torn by the
   * copy is cut off when the restored server opens them), prompts (files replaced atomically) and
   * the queue of remote evaluations.
   */
  private static final List<String> STATE_DIRECTORIES = List.of("datasets", "prompts", "evaluations");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dataDir;
  private final StorageWriter storage;
  private final String storageName;
  private final String stateElsewhere;

  /**
   * @param stateElsewhere where the state is kept when it is not in the data directory (a
   *     sentence saying how to back it up), or null when it is
   */
  public Backup(Path dataDir, StorageWriter storage, String storageName, String stateElsewhere) {
    this.dataDir = dataDir;
    this.storage = storage;
    this.storageName = storageName;
    this.stateElsewhere = stateElsewhere;
  }

  /** Where the state is kept and how to back it up when a backup does not hold it; null when it does. */
  public String stateElsewhere() {
    return stateElsewhere;
  }

  /**
   * Whether the store is shared by servers (a network store): a backup of one server's data
   * directory would not hold it, so there is none.
   */
  public boolean sharedStore() {
    return storage.sharedByServers();
  }

  /** The storage backend's name. */
  public String storageName() {
    return storageName;
  }

  /** About how many bytes a backup copies now, for a progress bar. */
  public long estimate() throws IOException {
    return SnapshotFiles.size(dataDir);
  }

  /**
   * Copies the data directory into {@code target}.
   *
   * @param target a directory that does not exist yet, or is empty
   * @param copied told each chunk's bytes as they are copied
   * @return the bytes copied
   * @throws IllegalArgumentException if {@code target} is not a new or empty directory
   * @throws UnsupportedOperationException if the storage backend keeps nothing on disk
   */
  public synchronized long run(Path target, LongConsumer copied) throws IOException {
    requireEmpty(target);
    Files.createDirectories(target);
    long[] total = {0};
    LongConsumer counted = n -> {
      total[0] += n;
      copied.accept(n);
    };
    storage.snapshot(target, () -> {
      try {
        SnapshotFiles.copyTree(dataDir.resolve("wal"), target.resolve("wal"), counted);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }, counted);
    if (stateElsewhere == null) {
      for (String file : STATE_FILES) {
        if (Files.exists(dataDir.resolve(file))) {
          SnapshotFiles.copyFile(dataDir.resolve(file), target.resolve(file), counted);
        }
      }
      for (String dir : STATE_DIRECTORIES) {
        if (Files.isDirectory(dataDir.resolve(dir))) {
          SnapshotFiles.copyTree(dataDir.resolve(dir), target.resolve(dir), counted);
        }
      }
    }
    Files.write(target.resolve(MANIFEST), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(Map.of(
        "createdAt", Instant.now().toString(), "storage", storageName, "bytes", total[0],
        "state", stateElsewhere == null ? "included" : stateElsewhere)));
    return total[0];
  }

  static void requireEmpty(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("dir: " + dir + " is a file; give a new or empty directory");
    }
    try (Stream<Path> entries = Files.list(dir)) {
      if (entries.findAny().isPresent()) {
        throw new IllegalArgumentException("dir: " + dir + " is not empty; give a new or empty directory");
      }
    }
  }
}
