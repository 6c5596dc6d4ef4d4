package dev.sightline.server.collector;

import dev.sightline.core.storage.LogPosition;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * Segment files of length-prefixed, checksummed records. A request is acknowledged only after
 * {@link #sync()} returned for the records it is in, so a crash loses nothing acknowledged; a torn
 * last record (written but never synced) fails its checksum and ends the replay.
 *
 * <p>Writing always starts a new segment, never appends after what a crash may have left. Not
 * thread-safe: one writer thread appends and syncs; {@link #deleteBefore} may be called by the
 * loader thread (it touches only segments the writer is done with).
 */
final class WriteAheadLog implements Closeable {
  private static final String SUFFIX = ".wal";
  /** Records larger than this are corruption, not data (bodies are limited far below). */
  private static final int MAX_RECORD = 256 * 1024 * 1024;

  private final Path dir;
  private final long segmentBytes;
  private FileChannel channel;
  private long segment;
  private long offset;

  /**
   * @param segmentBytes size after which the writer moves to a new segment
   */
  WriteAheadLog(Path dir, long segmentBytes) throws IOException {
    this.dir = Files.createDirectories(dir);
    this.segmentBytes = segmentBytes;
    List<Long> existing = segments();
    this.segment = existing.isEmpty() ? 0 : existing.get(existing.size() - 1);
  }

  /**
   * Feeds every complete record at or after {@code from} to the consumer with the position just
   * after it, in log order. Call before the first {@link #append}.
   */
  void replay(LogPosition from, BiConsumer<LogRecord, LogPosition> consumer) throws IOException {
    for (long id : segments()) {
      if (id < from.segment()) {
        continue;
      }
      long start = id == from.segment() ? from.offset() : 0;
      try (InputStream in = Files.newInputStream(file(id))) {
        in.skipNBytes(start);
        readSegment(id, start, new DataInputStream(in), consumer);
      }
    }
  }

  /**
   * Writes a record after the previous ones; durable only after {@link #sync()}. The header goes
   * with the body in one gathering write, so the body is never copied on the heap.
   *
   * @return the position just after the record
   */
  LogPosition append(LogRecord r) throws IOException {
    if (channel == null) {
      openNext();
    }
    byte[] project = r.projectId().getBytes(StandardCharsets.UTF_8);
    int payload = 8 + 1 + 2 + project.length + r.body().length;
    ByteBuffer header = ByteBuffer.allocate(8 + 8 + 1 + 2 + project.length);
    header.putInt(payload).putInt(0);
    header.putLong(r.receivedAt()).put(flags(r)).putShort((short) project.length).put(project);
    CRC32C crc = new CRC32C();
    crc.update(header.array(), 8, header.capacity() - 8);
    crc.update(r.body(), 0, r.body().length);
    header.putInt(4, (int) crc.getValue());
    header.flip();
    ByteBuffer[] parts = {header, ByteBuffer.wrap(r.body())};
    while (parts[1].hasRemaining()) {
      offset += channel.write(parts);
    }
    return new LogPosition(segment, offset);
  }

  /** The usable free space of the log's file system, bytes. */
  long freeSpace() throws IOException {
    return Files.getFileStore(dir).getUsableSpace();
  }

  /** Forces appended records to disk and returns the position after the last of them. */
  LogPosition sync() throws IOException {
    if (channel == null) {
      return new LogPosition(segment, offset);
    }
    channel.force(false);
    LogPosition end = new LogPosition(segment, offset);
    if (offset >= segmentBytes) {
      channel.close();
      channel = null;
    }
    return end;
  }

  /**
   * Gives up the current segment after a failed write, so that later records never follow a torn
   * one (replay stops at the first torn record of a segment).
   */
  void abandonSegment() {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        // Already failing; the next append opens a fresh segment either way.
      }
      channel = null;
    }
  }

  /** Deletes the segments wholly before this position (they are applied to storage). */
  void deleteBefore(LogPosition applied) throws IOException {
    for (long id : segments()) {
      if (id < applied.segment()) {
        Files.deleteIfExists(file(id));
      }
    }
  }

  @Override
  public void close() throws IOException {
    if (channel != null) {
      channel.force(false);
      channel.close();
      channel = null;
    }
  }

  private void openNext() throws IOException {
    segment++;
    offset = 0;
    channel = FileChannel.open(file(segment), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    // Make the new file's directory entry durable too, or a crash could lose the whole segment.
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException e) {
      // Some platforms cannot open directories; the data syncs still apply there.
    }
  }

  private void readSegment(long id, long start, DataInputStream in,
      BiConsumer<LogRecord, LogPosition> consumer) throws IOException {
    long pos = start;
    while (true) {
      int length;
      int checksum;
      byte[] payload;
      try {
        length = in.readInt();
        checksum = in.readInt();
        if (length <= 11 || length > MAX_RECORD) {
          return;
        }
        payload = in.readNBytes(length);
      } catch (EOFException e) {
        return;
      }
      CRC32C crc = new CRC32C();
      crc.update(payload, 0, payload.length);
      if (payload.length < length || (int) crc.getValue() != checksum) {
        return; // torn tail of a write that was never acknowledged
      }
      pos += 8 + length;
      consumer.accept(decode(payload), new LogPosition(id, pos));
    }
  }

  /** Bit 0: gzip; bits 1 to 7: the format code (0, native, in logs written before formats). */
  private static byte flags(LogRecord r) {
    return (byte) (r.format().code() << 1 | (r.gzip() ? 1 : 0));
  }

  private static LogRecord decode(byte[] payload) {
    ByteBuffer buf = ByteBuffer.wrap(payload);
    long receivedAt = buf.getLong();
    int flags = buf.get() & 0xff;
    byte[] project = new byte[buf.getShort()];
    buf.get(project);
    byte[] body = new byte[buf.remaining()];
    buf.get(body);
    return new LogRecord(new String(project, StandardCharsets.UTF_8), receivedAt,
        Format.of(flags >>> 1), (flags & 1) == 1, body);
  }

  private List<Long> segments() throws IOException {
    List<Long> ids = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(SUFFIX))
          .forEach(n -> ids.add(Long.parseLong(n.substring(0, n.length() - SUFFIX.length()))));
    }
    ids.sort(null);
    return ids;
  }

  private Path file(long id) {
    return dir.resolve(String.format("%020d%s", id, SUFFIX));
  }
}
