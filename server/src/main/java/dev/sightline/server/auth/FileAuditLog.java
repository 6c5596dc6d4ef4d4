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
 * The audit log in {@code <data>/audit.jsonl}, one JSON object per line, appended and synced before
 * the change is answered. Thread-safe.
 */
final class FileAuditLog implements AuditLog {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Path file;

  FileAuditLog(Path dataDir) {
    this.file = dataDir.resolve("audit.jsonl");
  }

  @Override
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

  @Override
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
