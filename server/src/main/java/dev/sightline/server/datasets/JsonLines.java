package dev.sightline.server.datasets;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * An append-only file of JSON lines, read back by position: appends are synced before they
 * return, so what a request was answered for survives a crash; a line torn by a crash (one that
 * never got its newline, so was never answered) is cut off when the file is opened. Not
 * thread-safe: its owner synchronises.
 */
final class JsonLines {
  /** Where one line is: its first byte and its length without the newline. */
  record Slot(long offset, int length) {}

  /** Receives each complete line of the file at open. */
  interface Reader {
    void line(Slot slot, byte[] line) throws IOException;
  }

  private final Path file;
  private long size;

  private JsonLines(Path file, long size) {
    this.file = file;
    this.size = size;
  }

  /** Opens (or creates) the file, handing every complete line to the reader in order. */
  static JsonLines open(Path file, Reader reader) throws IOException {
    if (!Files.exists(file)) {
      Files.createFile(file);
    }
    long complete = 0;
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      long position = 0;
      for (int b = in.read(); b >= 0; b = in.read()) {
        position++;
        if (b != '\n') {
          line.write(b);
          continue;
        }
        reader.line(new Slot(complete, line.size()), line.toByteArray());
        complete = position;
        line.reset();
      }
    }
    if (complete < Files.size(file)) {
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
        ch.truncate(complete);
        ch.force(true);
      }
    }
    return new JsonLines(file, complete);
  }

  /** Appends lines (without their newlines) and syncs them; answers where each is. */
  List<Slot> append(List<byte[]> lines) {
    List<Slot> slots = new ArrayList<>(lines.size());
    int total = 0;
    for (byte[] line : lines) {
      total += line.length + 1;
    }
    ByteBuffer buffer = ByteBuffer.allocate(total);
    long at = size;
    for (byte[] line : lines) {
      slots.add(new Slot(at, line.length));
      buffer.put(line).put((byte) '\n');
      at += line.length + 1;
    }
    buffer.flip();
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.position(size);
      while (buffer.hasRemaining()) {
        ch.write(buffer);
      }
      ch.force(false);
    } catch (IOException e) {
      throw new UncheckedIOException("could not append to " + file, e);
    }
    size = at;
    return slots;
  }

  /** The lines at these slots, read with one open of the file. */
  List<byte[]> read(List<Slot> slots) {
    List<byte[]> out = new ArrayList<>(slots.size());
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      for (Slot slot : slots) {
        ByteBuffer buffer = ByteBuffer.allocate(slot.length());
        long at = slot.offset();
        while (buffer.hasRemaining()) {
          int n = ch.read(buffer, at);
          if (n < 0) {
            throw new IOException("ends before " + slot);
          }
          at += n;
        }
        out.add(buffer.array());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + file, e);
    }
    return out;
  }
}
