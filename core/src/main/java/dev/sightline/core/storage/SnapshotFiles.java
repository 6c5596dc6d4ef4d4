package dev.sightline.core.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.LongConsumer;
import java.util.stream.Stream;

/**
 * Copies files of a live data directory for a snapshot: each file's bytes as they are when read,
 * forced to disk; a file that disappears while the tree is copied (merged or deleted meanwhile)
 * is skipped, which the store's recovery tolerates. Stateless.
 */
public final class SnapshotFiles {
  private static final int CHUNK = 1 << 20;

  private SnapshotFiles() {}

  /**
   * Copies one file, forced to disk; returns its bytes, 0 if it does not exist.
   *
   * @param copied told each chunk's bytes as they are written
   */
  public static long copyFile(Path from, Path to, LongConsumer copied) throws IOException {
    Files.createDirectories(to.getParent());
    long n = 0;
    try (InputStream in = Files.newInputStream(from);
        OutputStream out = Files.newOutputStream(to, StandardOpenOption.CREATE_NEW)) {
      byte[] buf = new byte[CHUNK];
      for (int r = in.read(buf); r >= 0; r = in.read(buf)) {
        out.write(buf, 0, r);
        n += r;
        copied.accept(r);
      }
    } catch (NoSuchFileException e) {
      Files.deleteIfExists(to);
      return 0;
    }
    try (FileChannel c = FileChannel.open(to, StandardOpenOption.WRITE)) {
      c.force(true);
    }
    return n;
  }

  /** Copies every regular file under {@code from} to the same place under {@code to}; returns the bytes. */
  public static long copyTree(Path from, Path to, LongConsumer copied) throws IOException {
    if (!Files.isDirectory(from)) {
      return 0;
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(from)) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    long n = 0;
    for (Path f : files) {
      n += copyFile(f, to.resolve(from.relativize(f).toString()), copied);
    }
    return n;
  }

  /** The bytes of every regular file under a directory (or of one file), for a progress total. */
  public static long size(Path path) throws IOException {
    if (!Files.exists(path)) {
      return 0;
    }
    try (Stream<Path> walk = Files.walk(path)) {
      return walk.filter(Files::isRegularFile).mapToLong(p -> {
        try {
          return Files.size(p);
        } catch (IOException e) {
          return 0;
        }
      }).sum();
    }
  }
}
