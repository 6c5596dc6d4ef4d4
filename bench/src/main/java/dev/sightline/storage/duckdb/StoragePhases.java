package dev.sightline.storage.duckdb;

import dev.sightline.server.storage.WriteBatch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * For the storage benchmark only: one half of {@link DuckDbStorage#write} on its own, so that each
 * half's rate can be measured without the other competing for the cores. It lives in the backend's
 * package to reach its package-private parts; the backend itself never uses it.
 */
public abstract class StoragePhases implements AutoCloseable {

  /** Applies a batch the way the storage does, this half only. */
  public abstract void write(WriteBatch batch) throws Exception;

  /**
   * DuckDB only: the rows, their payloads and the checkpoint, as {@link DuckDbStorage#write}
   * stores them.
   */
  public static StoragePhases duckdb(Path dir, Map<String, String> options) throws Exception {
    Files.createDirectories(dir);
    Database db = Database.open(dir.resolve("sightline.duckdb"), options);
    Migrations.apply(db.writer());
    PayloadStore payloads = new PayloadStore(dir.resolve("payloads"));
    BatchWriter writer = new BatchWriter(db.writer(), payloads);
    return new StoragePhases() {
      @Override
      public void write(WriteBatch batch) throws Exception {
        writer.write(batch);
      }

      @Override
      public void close() throws Exception {
        payloads.close();
        db.close();
      }
    };
  }

  /** Lucene only: the search index as {@link DuckDbStorage#write} updates it. */
  public static StoragePhases lucene(Path dir) throws Exception {
    SearchIndex search = new SearchIndex(dir.resolve("search"));
    return new StoragePhases() {
      private long number;

      @Override
      public void write(WriteBatch batch) throws Exception {
        search.add(batch.rows(), batch.replaced(), ++number);
        search.publish(number);
      }

      @Override
      public void close() throws Exception {
        search.commit();
        search.close();
      }
    };
  }
}
