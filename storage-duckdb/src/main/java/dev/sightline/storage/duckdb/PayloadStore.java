package dev.sightline.storage.duckdb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Append-only files of row payloads (the big texts, see {@link Payloads}), so that DuckDB rows stay
 * narrow: {@code payloads/000001.dat}, {@code 000002.dat} … each up to about
 * {@value #FILE_BYTES} bytes. A payload is addressed by a reference (file number and offset, see
 * {@link #reference}) and its length, which its DuckDB row keeps.
 *
 * <p>The writer collects a batch's payloads in memory ({@link #put}) and appends them with one
 * write and one fsync ({@link #sync}) before the DuckDB commit that references them, so a crash can
 * leave unreferenced bytes at the end of a file but never a reference to missing bytes. Payloads
 * of replaced rows stay behind as garbage: nothing reclaims them yet.
 *
 * <p>One writer thread ({@link #put}, {@link #sync}); reads from any thread. Thread-safe.
 */
final class PayloadStore implements AutoCloseable {
  static final long FILE_BYTES = 1L << 30;
  private static final int OFFSET_BITS = 40;
  private static final int WRITE_SLICE = 1 << 20;

  private final Path dir;
  private final Map<Integer, FileChannel> readers = new ConcurrentHashMap<>();
  private FileChannel file;
  private int number;
  private long size;
  private byte[] pending = new byte[1 << 20];
  private int pendingLength;

  PayloadStore(Path dir) throws IOException {
    this.dir = Files.createDirectories(dir);
    try (Stream<Path> files = Files.list(dir)) {
      number = files.map(f -> f.getFileName().toString()).filter(n -> n.matches("\\d{6}\\.dat"))
          .mapToInt(n -> Integer.parseInt(n.substring(0, 6))).max().orElse(1);
    }
    openFile();
  }

  /** The reference of a payload: its file number above {@value #OFFSET_BITS} bits of offset. */
  static long reference(int file, long offset) {
    return (long) file << OFFSET_BITS | offset;
  }

  /** Adds a payload to the pending batch (not yet written) and returns its reference. */
  long put(byte[] payload) {
    if (pendingLength + payload.length > pending.length) {
      pending = Arrays.copyOf(pending, Math.max(pending.length * 2, pendingLength + payload.length));
    }
    System.arraycopy(payload, 0, pending, pendingLength, payload.length);
    long reference = reference(number, size + pendingLength);
    pendingLength += payload.length;
    return reference;
  }

  /** Writes the pending payloads and forces them to disk; then moves to a new file if this one is full. */
  void sync() throws IOException {
    for (int at = 0; at < pendingLength; ) {
      // In slices: the JDK copies a heap buffer into a temporary direct one of its size, and keeps it.
      ByteBuffer slice = ByteBuffer.wrap(pending, at, Math.min(WRITE_SLICE, pendingLength - at));
      while (slice.hasRemaining()) {
        file.write(slice, size + slice.position());
      }
      at = slice.position();
    }
    file.force(false);
    size += pendingLength;
    pendingLength = 0;
    if (pending.length > 64 << 20) {
      pending = new byte[1 << 20]; // let a huge batch's buffer go
    }
    if (size >= FILE_BYTES) {
      file.close();
      number++;
      openFile();
    }
  }

  /** Drops the pending payloads (their batch failed). */
  void discard() {
    pendingLength = 0;
  }

  /** Reads a payload that a committed row references. */
  byte[] read(long reference, int length) {
    int fileNumber = (int) (reference >>> OFFSET_BITS);
    long offset = reference & ((1L << OFFSET_BITS) - 1);
    ByteBuffer out = ByteBuffer.allocate(length);
    try {
      FileChannel channel = readers.computeIfAbsent(fileNumber, this::openReader);
      while (out.hasRemaining()) {
        if (channel.read(out, offset + out.position()) < 0) {
          throw new IOException("payload file " + fileNumber + " ends before " + (offset + length));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read a payload: " + e.getMessage(), e);
    }
    return out.array();
  }

  @Override
  public void close() throws IOException {
    file.close();
    for (FileChannel channel : readers.values()) {
      channel.close();
    }
  }

  private void openFile() throws IOException {
    boolean created = !Files.exists(path(number));
    file = FileChannel.open(path(number), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    size = file.size();
    if (created) {
      // The new file's directory entry must be as durable as the payloads written to it.
      try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
        directory.force(true);
      }
    }
  }

  private FileChannel openReader(int fileNumber) {
    try {
      return FileChannel.open(path(fileNumber), StandardOpenOption.READ);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Path path(int fileNumber) {
    return dir.resolve(String.format("%06d.dat", fileNumber));
  }
}
