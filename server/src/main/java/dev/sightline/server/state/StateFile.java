package dev.sightline.server.state;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.function.UnaryOperator;

/**
 * A small JSON file of server state under the data directory ({@code auth.json},
 * {@code settings.json}) that the CLI or an operator's editor may change while a server runs: it
 * is replaced atomically and durably on write, and a running server notices a change on disk,
 * checking at most once a second. {@link #update} is atomic within this process (the data
 * directory lock makes the server the only one); the CLI writes while the server runs, and the
 * later write wins, as before. Thread-safe.
 *
 * @param <T> the record it holds, read and written with Jackson
 */
public final class StateFile<T> implements StateDocument<T> {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Path file;
  private final Class<T> type;
  private Version loadedVersion;
  private long lastCheckMillis;

  public StateFile(Path file, Class<T> type) {
    this.file = file;
    this.type = type;
  }

  public boolean exists() {
    return Files.exists(file);
  }

  /** Reads the file as it is now; null if there is none. */
  @Override
  public synchronized T read() throws IOException {
    if (!Files.exists(file)) {
      return null;
    }
    loadedVersion = Version.of(file);
    return JSON.readValue(Files.readAllBytes(file), type);
  }

  /** Replaces the file with this state: written beside it, synced, then moved over it. */
  public synchronized void write(T state) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.write(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(state));
    try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
      channel.force(true);
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    loadedVersion = Version.of(file);
  }

  @Override
  public synchronized T update(UnaryOperator<T> change) throws IOException {
    T before = read();
    T after = change.apply(before);
    if (after != before) {
      write(after);
    }
    return after;
  }

  @Override
  public synchronized boolean changed() {
    long now = System.currentTimeMillis();
    if (now - lastCheckMillis < 1000) {
      return false;
    }
    lastCheckMillis = now;
    return changedNow();
  }

  @Override
  public synchronized boolean changedNow() {
    try {
      return !Version.of(file).equals(loadedVersion);
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * What tells one stored version of the file from another: its modification time alone does not,
   * as two writes within the file system's clock tick (a few milliseconds) get the same one; each
   * write moves a new file into place, so the file key (the inode) changes too.
   */
  private record Version(FileTime modified, Object fileKey, long size) {
    static Version of(Path file) throws IOException {
      BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
      return new Version(a.lastModifiedTime(), a.fileKey(), a.size());
    }
  }
}
