package dev.sightline.server.collector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sightline.core.storage.LogPosition;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriteAheadLogTest {
  @TempDir Path dir;

  static LogRecord record(String body) {
    return new LogRecord("p1", 1_800_000_000_000_000L, Format.NATIVE, false, body.getBytes(StandardCharsets.UTF_8));
  }

  List<String> replay(LogPosition from) throws IOException {
    List<String> bodies = new ArrayList<>();
    try (WriteAheadLog wal = new WriteAheadLog(dir, 1 << 20)) {
      wal.replay(from, (r, pos) -> bodies.add(new String(r.body(), StandardCharsets.UTF_8)));
    }
    return bodies;
  }

  List<Path> segments() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.sorted().collect(Collectors.toList());
    }
  }

  @Test
  void keepsEachRecordsFormatAndCompression() throws IOException {
    try (WriteAheadLog wal = new WriteAheadLog(dir, 1 << 20)) {
      for (Format f : Format.values()) {
        wal.append(new LogRecord("p1", 1L, f, f == Format.OTLP_PROTOBUF, new byte[] {1, 2}));
      }
      wal.sync();
    }
    List<String> seen = new ArrayList<>();
    try (WriteAheadLog wal = new WriteAheadLog(dir, 1 << 20)) {
      wal.replay(LogPosition.START, (r, pos) -> seen.add(r.format() + "/" + r.gzip()));
    }
    assertThat(seen).containsExactly("NATIVE/false", "OTLP_PROTOBUF/true", "OTLP_JSON/false", "ROWS/false",
        "DELETION/false");
  }

  @Test
  void replaysFromAPositionAcrossSegmentsAndRestarts() throws IOException {
    LogPosition afterFirst;
    try (WriteAheadLog wal = new WriteAheadLog(dir, 4096)) {
      wal.append(record("a"));
      afterFirst = wal.sync();
      wal.append(record("b".repeat(5000))); // fills the first segment: the next goes to a new one
      wal.sync();
      wal.append(record("c"));
      wal.sync();
    }
    try (WriteAheadLog wal = new WriteAheadLog(dir, 4096)) { // a restart writes a fresh segment
      wal.append(record("d"));
      wal.sync();
    }
    assertThat(segments()).hasSize(3);
    assertThat(replay(LogPosition.START)).containsExactly("a", "b".repeat(5000), "c", "d");
    assertThat(replay(afterFirst)).containsExactly("b".repeat(5000), "c", "d");
  }

  @Test
  void aTornOrCorruptTailEndsTheSegmentButNotTheLog() throws IOException {
    try (WriteAheadLog wal = new WriteAheadLog(dir, 1 << 20)) {
      wal.append(record("kept"));
      wal.append(record("torn"));
      wal.sync();
    }
    Path first = segments().get(0);
    try (RandomAccessFile f = new RandomAccessFile(first.toFile(), "rw")) {
      f.setLength(f.length() - 2); // a crash in the middle of the last write
    }
    try (WriteAheadLog wal = new WriteAheadLog(dir, 1 << 20)) {
      wal.append(record("after restart"));
      wal.sync();
    }
    assertThat(replay(LogPosition.START)).containsExactly("kept", "after restart");

    byte[] bytes = Files.readAllBytes(first);
    bytes[22] ^= 1; // flip a bit inside the first record's body ("kept" is bytes 21-24)
    Files.write(first, bytes);
    assertThat(replay(LogPosition.START)).containsExactly("after restart");
  }

  @Test
  void deletesOnlySegmentsWhollyBeforeTheAppliedPosition() throws IOException {
    LogPosition second;
    try (WriteAheadLog wal = new WriteAheadLog(dir, 4096)) {
      wal.append(record("x".repeat(5000)));
      wal.sync();
      wal.append(record("y"));
      second = wal.sync();
      wal.deleteBefore(second);
    }
    assertThat(segments()).hasSize(1);
    assertThat(replay(LogPosition.START)).containsExactly("y");
  }
}
