package dev.sightline.storage.duckdb;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Durability of directory entries. Stateless. */
final class Directories {
  private Directories() {}

  /**
   * Forces a directory's entries to disk: a file created or renamed in it survives a crash only
   * once its directory is forced, whatever was forced of the file itself.
   */
  static void sync(Path dir) throws IOException {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    }
  }
}
