package dev.sightline.storage.duckdb;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.duckdb.DuckDBConnection;

/**
 * The DuckDB database file and its connections: one for the single writer, and a small pool for
 * readers. A DuckDB connection runs one statement at a time, so each query borrows a connection of
 * its own; DuckDB's MVCC gives every statement a consistent snapshot of committed data.
 * Thread-safe.
 */
final class Database implements AutoCloseable {
  /** Readers beyond the core count only queue inside DuckDB; a few more hide I/O waits. */
  private static final int READERS = 4;

  private final DuckDBConnection writer;
  private final BlockingQueue<ReadConnection> readers = new ArrayBlockingQueue<>(READERS);
  private final List<ReadConnection> all = new ArrayList<>();
  private volatile boolean closed;

  private Database(DuckDBConnection writer) throws SQLException {
    this.writer = writer;
    for (int i = 0; i < READERS; i++) {
      ReadConnection reader = new ReadConnection(writer.duplicate());
      all.add(reader);
      readers.add(reader);
    }
  }

  /**
   * Opens (creating if needed) the database file.
   *
   * @param options {@code memoryLimit} (default 256MB) and {@code threads} (default: DuckDB's)
   */
  static Database open(Path file, Map<String, String> options) throws SQLException {
    Properties config = new Properties();
    config.setProperty("memory_limit", options.getOrDefault("memoryLimit", "256MB"));
    if (options.containsKey("threads")) {
      config.setProperty("threads", options.get("threads"));
    }
    // Top-N queries over wide rows read the sort keys first and fetch only the page's rows
    // (10x faster for a 50-row page of spans), but by default only for pages up to 50 rows.
    config.setProperty("late_materialization_max_rows", "1001");
    return new Database((DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + file, config));
  }

  /** The connection of the single writer thread; never used by readers. */
  DuckDBConnection writer() {
    checkOpen();
    return writer;
  }

  /** Runs a read on a pooled connection, blocking while all are busy. */
  <T> T read(SqlFunction<T> body) {
    checkOpen();
    ReadConnection connection;
    try {
      connection = readers.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a DuckDB connection", e);
    }
    try {
      checkOpen();
      return body.apply(connection);
    } catch (SQLException e) {
      throw failure("query", e);
    } finally {
      readers.add(connection);
    }
  }

  boolean isClosed() {
    return closed;
  }

  void checkOpen() {
    if (closed) {
      throw new IllegalStateException("storage is closed");
    }
  }

  static IllegalStateException failure(String what, SQLException e) {
    return new IllegalStateException("DuckDB " + what + " failed: " + e.getMessage(), e);
  }

  /** Closes every connection, and with the last one the database file. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    all.forEach(ReadConnection::close);
    try {
      writer.close();
    } catch (SQLException e) {
      // Closing is best effort: the database is closed once its last connection goes away.
    }
  }

  /** A unit of JDBC work. */
  @FunctionalInterface
  interface SqlFunction<T> {
    T apply(ReadConnection connection) throws SQLException;
  }
}
