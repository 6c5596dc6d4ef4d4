package dev.sightline.storage.duckdb;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The copy of the DuckDB database into a new file, which is what removes deleted rows' column
 * values from the disk: DuckDB marks deleted rows and leaves their values in the blocks of its
 * file until later data happens to overwrite them.
 *
 * <p>The copy ({@code COPY FROM DATABASE}: tables with their rows, the {@link Checkpoint}, the
 * schema version and the indexes) is written to {@code <file>.rewrite} beside the database and
 * forced to disk; the store is closed, and the rename of the copy over the database is the commit
 * point. A crash before the rename leaves the old file whole, and {@link #recover} deletes the copy
 * at the next open (the {@code rewrite} marker, still set in the old file, has the rewrite run
 * again); after it, the new file is whole and holds exactly what the old one did, checkpoint
 * included, so the write-ahead log replays from the same position. Stateless; the caller holds the
 * store's write lock, so that no batch commits between the copy and the rename.
 */
final class DatabaseRewrite {
  private static final String ALIAS = "sightline_rewrite";

  private DatabaseRewrite() {}

  /** Where the copy of {@code file} is written. */
  static Path copyOf(Path file) {
    return file.resolveSibling(file.getFileName() + ".rewrite");
  }

  /** DuckDB's write-ahead log of a database file. */
  static Path walOf(Path file) {
    return file.resolveSibling(file.getFileName() + ".wal");
  }

  /**
   * Records, inside the caller's transaction, that rows were deleted at {@code nowMicros} (epoch
   * microseconds), unless an earlier deletion still awaits its rewrite.
   */
  static void markPending(Connection c, long nowMicros) throws SQLException {
    try (PreparedStatement p = c.prepareStatement("UPDATE rewrite SET pending_since = coalesce(pending_since, ?)")) {
      p.setLong(1, nowMicros);
      p.executeUpdate();
    }
  }

  /** When the first deletion not yet rewritten was committed, epoch microseconds; null if none. */
  static Long pendingSince(Connection c) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pending_since FROM rewrite")) {
      rs.next();
      long since = rs.getLong(1);
      return rs.wasNull() ? null : since;
    }
  }

  /** Deletes what an interrupted rewrite left beside {@code file}: the rename never happened. */
  static void recover(Path file) throws IOException {
    Files.deleteIfExists(walOf(copyOf(file)));
    Files.deleteIfExists(copyOf(file));
  }

  /**
   * Copies the database open on {@code writer} (whose file is {@code file}) into {@link #copyOf},
   * with the rewrite marker cleared in the copy, and forces the copy and its directory to disk.
   *
   * @return the copy's size, bytes
   */
  static long copy(Connection writer, Path file) throws SQLException, IOException {
    Path copy = copyOf(file);
    recover(file);
    writer.commit(); // ATTACH and COPY FROM DATABASE run outside a transaction
    writer.setAutoCommit(true);
    try (Statement s = writer.createStatement()) {
      String source;
      try (ResultSet rs = s.executeQuery("SELECT current_database()")) {
        rs.next();
        source = rs.getString(1);
      }
      s.execute("ATTACH '" + copy.toString().replace("'", "''") + "' AS " + ALIAS);
      try {
        s.execute("COPY FROM DATABASE \"" + source.replace("\"", "\"\"") + "\" TO " + ALIAS);
        s.execute("UPDATE " + ALIAS + ".rewrite SET pending_since = NULL");
      } finally {
        s.execute("DETACH " + ALIAS); // checkpoints the copy and removes its write-ahead log
      }
    } finally {
      writer.setAutoCommit(false);
    }
    if (Files.exists(walOf(copy))) {
      throw new IOException("DuckDB left a write-ahead log beside the copy " + copy + "; not swapping it in");
    }
    try (FileChannel c = FileChannel.open(copy, StandardOpenOption.WRITE)) {
      c.force(true);
    }
    Directories.sync(file.getParent());
    return Files.size(copy);
  }

  /**
   * Renames the forced copy over {@code file}, whose database must be closed, and forces the
   * directory. Refuses (keeping the old file) if the closed database left a write-ahead log that is
   * not empty: DuckDB would replay it into the copy.
   */
  static void swap(Path file) throws IOException {
    Path wal = walOf(file);
    if (Files.exists(wal) && Files.size(wal) > 0) {
      throw new IOException("the closed database " + file + " still has a write-ahead log; not swapping in its copy");
    }
    Files.deleteIfExists(wal);
    Files.move(copyOf(file), file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    Directories.sync(file.getParent());
  }
}
