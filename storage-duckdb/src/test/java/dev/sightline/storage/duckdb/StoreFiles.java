package dev.sightline.storage.duckdb;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** What a store's files hold, byte for byte: how tests show that deleted data left the disk. */
final class StoreFiles {
  private StoreFiles() {}

  /** The files under the store whose raw bytes hold the text, outside the word index. */
  static List<Path> holding(Path store, String text) throws IOException {
    Path index = store.resolve("index");
    return filesHolding(store, text, f -> !f.startsWith(index));
  }

  /** The files of the word index whose raw bytes hold the text. */
  static List<Path> indexHolding(Path store, String text) throws IOException {
    return filesHolding(store.resolve("index"), text, f -> true);
  }

  /**
   * Background compaction renames and deletes files while a test scans: a file listed but gone
   * by the time it is read holds nothing any more, so it is skipped rather than failing the scan.
   */
  private static List<Path> filesHolding(Path root, String text, Predicate<Path> which) throws IOException {
    byte[] needle = text.getBytes(StandardCharsets.UTF_8);
    List<Path> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : files.filter(Files::isRegularFile).filter(which).toList()) {
        byte[] bytes;
        try {
          bytes = Files.readAllBytes(f);
        } catch (NoSuchFileException gone) {
          continue;
        }
        if (indexOf(bytes, needle) >= 0) {
          out.add(f);
        }
      }
    }
    return out;
  }

  /**
   * A step listener that copies the live store's directory into {@code <dir>/image-<step>} at
   * every step whose name starts with {@code prefix} and records the copy in {@code images}: what
   * a crash at that step would have left on disk.
   */
  static BatchWriter.Steps imagesAt(String prefix, Path live, Path dir, Map<String, Path> images) {
    return (step, ignored) -> {
      if (step.startsWith(prefix)) {
        Path image = dir.resolve("image-" + step);
        DuckDbCrashPointsTest.copyTree(live, image);
        images.put(step, image);
      }
    };
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
