package dev.sightline.server;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The one server that owns a data directory: two servers on one write-ahead log and store would
 * corrupt both, so the second is refused before it touches either. An operating-system lock on
 * {@code <data>/.lock} is released by the kernel when the process dies, so a crash never leaves
 * a stale lock behind. Not thread-safe; a server takes it once and closes it last.
 */
final class DataDirectoryLock implements AutoCloseable {
  private final FileChannel channel;
  private final FileLock lock;

  private DataDirectoryLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Locks the directory, creating it if needed.
   *
   * @throws IllegalArgumentException when another server (in this process or another) holds it
   */
  static DataDirectoryLock acquire(Path dataDir) throws IOException {
    Files.createDirectories(dataDir);
    Path file = dataDir.resolve(".lock");
    FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      channel.close();
      throw new IllegalArgumentException("data directory " + dataDir.toAbsolutePath().normalize()
          + " is in use by another Sightline server (--data, SIGHTLINE_DATA):"
          + " stop that server, or choose another directory");
    }
    return new DataDirectoryLock(channel, lock);
  }

  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException e) {
      // The kernel drops the lock with the process anyway; nothing to tell the user.
    }
  }
}
