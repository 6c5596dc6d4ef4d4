package dev.sightline.storage.duckdb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The payload files of stores written before payloads were compressed ({@code payloads/000001.dat}
 * …): each row's payload record as is, addressed by a reference (file number above
 * {@value #OFFSET_BITS} bits of offset) and a length. Read only: new rows go to the
 * {@link PayloadStore}. Thread-safe.
 */
final class LegacyPayloads implements AutoCloseable {
  private static final int OFFSET_BITS = 40;

  private final Path dir;
  private final Map<Integer, FileChannel> readers = new ConcurrentHashMap<>();

  LegacyPayloads(Path dir) {
    this.dir = dir;
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
    for (FileChannel channel : readers.values()) {
      channel.close();
    }
  }

  private FileChannel openReader(int fileNumber) {
    try {
      return FileChannel.open(dir.resolve(String.format("%06d.dat", fileNumber)), StandardOpenOption.READ);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
