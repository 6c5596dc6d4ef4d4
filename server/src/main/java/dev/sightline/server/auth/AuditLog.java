package dev.sightline.server.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * What was changed or deleted, by whom and when: {@code <data>/audit.jsonl}, one JSON object per
 * line, appended and synced before the change is answered, never rewritten. Thread-safe.
 */
public final class AuditLog {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Path file;

  /**
   * One entry.
   *
   * @param time epoch microseconds
   * @param keyId the id of the key that did it ({@code cli} for the command line, {@code server}
   *     for the server's own jobs)
   * @param action e.g. {@code traces.delete}, {@code settings.update}, {@code key.create}
   * @param target what it acted on: a trace id, a filter, a key id
   * @param details numbers or words that say more (how many traces were deleted), or null
   */
  public record Entry(long time, String projectId, String keyId, String action, String target,
      Map<String, Object> details) {}

  public AuditLog(Path dataDir) {
    this.file = dataDir.resolve("audit.jsonl");
  }

  /** Appends an entry durably; the change it records may be answered once this returns. */
  public synchronized void record(String projectId, String keyId, String action, String target,
      Map<String, Object> details) {
    Entry e = new Entry(System.currentTimeMillis() * 1000, projectId, keyId, action, target, details);
    try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.APPEND)) {
      out.write(ByteBuffer.wrap((JSON.writeValueAsString(e) + "\n").getBytes(StandardCharsets.UTF_8)));
      out.force(false);
    } catch (IOException ex) {
      throw new UncheckedIOException("cannot write the audit log " + file, ex);
    }
  }

  /** A project's entries, newest first, at most {@code limit}. */
  public synchronized List<Entry> entries(String projectId, int limit) {
    if (!Files.exists(file)) {
      return List.of();
    }
    List<Entry> out = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        Entry e = parse(line);
        if (e != null && e.projectId().equals(projectId)) {
          out.add(e);
        }
      }
    } catch (IOException ex) {
      throw new UncheckedIOException("cannot read the audit log " + file, ex);
    }
    Collections.reverse(out);
    return out.subList(0, Math.min(limit, out.size()));
  }

  private static Entry parse(String line) {
    try {
      return line.isBlank() ? null : JSON.readValue(line, Entry.class);
    } catch (JsonProcessingException e) {
      return null; // a line torn by a crash: the change it began was not answered
    }
  }
}
