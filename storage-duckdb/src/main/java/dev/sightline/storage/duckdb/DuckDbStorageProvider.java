package dev.sightline.storage.duckdb;

import dev.sightline.core.storage.Storage;
import dev.sightline.core.storage.StorageProvider;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code --storage duckdb}: the embedded default. Rows live in one DuckDB file
 * ({@code dataDir/duckdb/sightline.duckdb}), the full-text index in Lucene
 * ({@code dataDir/duckdb/search/}).
 *
 * <p>Options (all optional): {@code memoryLimit}, DuckDB's memory limit (default {@code 256MB},
 * which with a 512 MB heap keeps the server within 1 GiB resident);
 * {@code threads}, DuckDB's worker threads (default: DuckDB's own, one per core);
 * {@code textCollectLimit}, how many documents the rarest word of a full-text query may occur in
 * for listings to collect every match at once (default 20000; above, they walk the candidates in
 * listing order; 0 makes them always walk);
 * {@code minFreeDisk}, bytes of free disk space to keep (default 256 MB): below, batches are
 * refused with {@link dev.sightline.core.storage.InsufficientStorageException} and nothing is
 * written until space returns, so that DuckDB never fails a commit on a full disk;
 * {@code compactionDelay}, seconds from a deletion (or opening) to the payload compaction that
 * removes the deleted texts from disk (default 60, 0 allowed); {@code compactionInterval}, seconds
 * between compactions otherwise (default 600): see {@link Compactor}; {@code rewriteDelay}, seconds
 * from the first deletion since the last rewrite of the database file to the next, which removes
 * the deleted rows' other values from disk (default 600, 0 allowed): see {@link Rewriter}.
 */
public final class DuckDbStorageProvider implements StorageProvider {
  @Override
  public String name() {
    return "duckdb";
  }

  @Override
  public Storage open(Path dataDir, Map<String, String> options) {
    return DuckDbStorage.open(dataDir.resolve("duckdb"), options);
  }
}
