package dev.sightline.storage.duckdb;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import dev.sightline.server.model.Row;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * The rows' payloads (their big texts, see {@link Payloads}) in zstd-compressed blocks of about
 * {@value #BLOCK_BYTES} bytes, appended to {@code blocks/000001.blk}, {@code 000002.blk} … each up
 * to about {@value #FILE_BYTES} bytes. A row addresses its payload by the block's reference (file
 * number above {@value #OFFSET_BITS} bits of offset), the record's offset within the uncompressed
 * block, and its length. A block is a header (compressed length, uncompressed length, CRC32C of
 * the compressed bytes, little-endian ints) and the compressed bytes.
 *
 * <p>A load batch's payloads are collected in memory ({@link #put}, {@link #seal}) and appended with
 * one write and one fsync ({@link #sync}) before the DuckDB transaction that references them
 * commits, together with the end they reach ({@link #file()}, {@link #end()}). A crash may leave
 * bytes beyond that end; {@link #open} truncates the files back to the committed end, so the next
 * batch never follows garbage. Payloads of replaced rows stay behind until their file is rewritten
 * (not yet done: see the docs).
 *
 * <p>One writer thread ({@link #put}, {@link #seal}, {@link #sync}, {@link #discard}); reads from
 * any thread. Thread-safe.
 */
final class PayloadStore implements AutoCloseable {
  static final int BLOCK_BYTES = 64 * 1024;
  static final long FILE_BYTES = 1L << 30;
  private static final int OFFSET_BITS = 40;
  private static final int HEADER = 12;
  private static final int LEVEL = 1;
  private static final int CACHED_BLOCKS = 64;

  private final Path dir;
  private final LegacyPayloads legacy;
  private final Map<Integer, FileChannel> readers = new ConcurrentHashMap<>();
  private final ZstdCompressCtx compressor = new ZstdCompressCtx().setLevel(LEVEL);
  private final Map<Long, byte[]> cache = new LinkedHashMap<>(CACHED_BLOCKS, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Long, byte[]> eldest) {
      return size() > CACHED_BLOCKS;
    }
  };
  private FileChannel file;
  private int number;
  private long size;
  private byte[] raw = new byte[BLOCK_BYTES];
  private int rawLength;
  private byte[] pending = new byte[1 << 20];
  private int pendingLength;

  private PayloadStore(Path dir, LegacyPayloads legacy, int number) throws IOException {
    this.dir = dir;
    this.legacy = legacy;
    this.number = number;
    this.file = FileChannel.open(path(number), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    this.size = file.size();
  }

  /**
   * Opens the store as the last committed batch left it: files after {@code file} are deleted and
   * {@code file} is cut at {@code end}.
   *
   * @param legacy where rows written before compression keep their payloads
   */
  static PayloadStore open(Path dir, LegacyPayloads legacy, int file, long end) throws IOException {
    Files.createDirectories(dir);
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.toList()) {
        String n = f.getFileName().toString();
        if (!n.matches("\\d{6}\\.blk") || Integer.parseInt(n.substring(0, 6)) > file) {
          Files.delete(f);
        }
      }
    }
    boolean created = !Files.exists(dir.resolve(name(file)));
    PayloadStore store = new PayloadStore(dir, legacy, file);
    if (store.size > end) {
      store.file.truncate(end);
      store.file.force(true);
      store.size = end;
    } else if (store.size < end) {
      store.close();
      throw new IOException("payload file " + name(file) + " has " + store.size
          + " bytes, but the committed rows reference " + end);
    }
    if (created) {
      store.syncDirectory();
    }
    return store;
  }

  /** The file the last batch ended in; with {@link #end()} what a checkpoint records. */
  int file() {
    return number;
  }

  /** Where the payloads put so far end, once sealed and synced. */
  long end() {
    return size + pendingLength;
  }

  /**
   * Adds a row's payload record ({@link Payloads}) to the batch (not yet written), encoded
   * straight into the block being filled.
   *
   * @return where it will be: {@code [block reference, offset in the block, length]}
   */
  long[] put(Row row) {
    int most = Payloads.maxEncodedLength(row);
    if (rawLength > 0 && rawLength + most > BLOCK_BYTES) {
      seal();
    }
    if (rawLength + most > raw.length) {
      raw = Arrays.copyOf(raw, rawLength + most);
    }
    int start = rawLength;
    rawLength = Payloads.encode(row, raw, start);
    return new long[] {reference(number, size + pendingLength), start, rawLength - start};
  }

  /** Compresses the block being filled, so that the next record starts a new one. */
  void seal() {
    if (rawLength == 0) {
      return;
    }
    int bound = (int) Zstd.compressBound(rawLength);
    if (pendingLength + HEADER + bound > pending.length) {
      pending = Arrays.copyOf(pending, Math.max(pending.length * 2, pendingLength + HEADER + bound));
    }
    int compressed = compressor.compressByteArray(pending, pendingLength + HEADER, bound, raw, 0, rawLength);
    CRC32C crc = new CRC32C();
    crc.update(pending, pendingLength + HEADER, compressed);
    ByteBuffer.wrap(pending, pendingLength, HEADER).order(ByteOrder.LITTLE_ENDIAN)
        .putInt(compressed).putInt(rawLength).putInt((int) crc.getValue());
    pendingLength += HEADER + compressed;
    rawLength = 0;
    if (raw.length > BLOCK_BYTES * 4) {
      raw = new byte[BLOCK_BYTES]; // let a huge record's buffer go
    }
  }

  /** Writes the batch's blocks ({@link #seal}ed) and forces them to disk. */
  void sync() throws IOException {
    if (rawLength > 0) {
      throw new IllegalStateException("seal() the batch before sync()");
    }
    ByteBuffer out = ByteBuffer.wrap(pending, 0, pendingLength);
    while (out.hasRemaining()) {
      file.write(out, size + out.position());
    }
    file.force(false);
    size += pendingLength;
    pendingLength = 0;
    if (pending.length > 64 << 20) {
      pending = new byte[1 << 20];
    }
  }

  /**
   * Starts a new file if this one is full; called between batches, so that a checkpoint's file
   * is always the one the next batch appends to or a full one before it.
   */
  void rollIfFull() throws IOException {
    if (size < FILE_BYTES) {
      return;
    }
    file.close();
    number++;
    file = FileChannel.open(path(number), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    size = file.size();
    syncDirectory();
  }

  /** Drops the batch's payloads (it failed); the next batch writes where this one would have. */
  void discard() {
    rawLength = 0;
    pendingLength = 0;
  }

  /**
   * Reads a payload record that a committed row references.
   *
   * @param at its offset in the block, or -1 for a row written before payloads were compressed,
   *     whose {@code block} is a {@link LegacyPayloads} reference
   */
  byte[] read(long block, int at, int length) {
    if (at < 0) {
      return legacy.read(block, length);
    }
    byte[] raw = block(block);
    if (at + length > raw.length) {
      throw new UncheckedIOException(new IOException("payload block " + block + " holds "
          + raw.length + " bytes, not " + (at + length)));
    }
    return Arrays.copyOfRange(raw, at, at + length);
  }

  private byte[] block(long reference) {
    synchronized (cache) {
      byte[] cached = cache.get(reference);
      if (cached != null) {
        return cached;
      }
    }
    int fileNumber = (int) (reference >>> OFFSET_BITS);
    long offset = reference & ((1L << OFFSET_BITS) - 1);
    try {
      FileChannel channel = readers.computeIfAbsent(fileNumber, this::openReader);
      ByteBuffer header = readFully(channel, offset, HEADER).order(ByteOrder.LITTLE_ENDIAN);
      int compressed = header.getInt();
      int rawSize = header.getInt();
      int checksum = header.getInt();
      if (compressed < 0 || rawSize < 0 || compressed > Zstd.compressBound(BLOCK_BYTES * 1024L)) {
        throw new IOException("no payload block at " + name(fileNumber) + ":" + offset);
      }
      byte[] bytes = readFully(channel, offset + HEADER, compressed).array();
      CRC32C crc = new CRC32C();
      crc.update(bytes, 0, bytes.length);
      if ((int) crc.getValue() != checksum) {
        throw new IOException("payload block " + name(fileNumber) + ":" + offset + " is corrupt");
      }
      byte[] out = new byte[rawSize];
      long n = Zstd.decompressByteArray(out, 0, rawSize, bytes, 0, compressed);
      if (Zstd.isError(n) || n != rawSize) {
        throw new IOException("payload block " + name(fileNumber) + ":" + offset + " does not decompress");
      }
      if (rawSize <= 2 * BLOCK_BYTES) { // a block of one huge record is not worth a cache slot
        synchronized (cache) {
          cache.put(reference, out);
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read a payload: " + e.getMessage(), e);
    }
  }

  private static ByteBuffer readFully(FileChannel channel, long offset, int length) throws IOException {
    ByteBuffer out = ByteBuffer.allocate(length);
    while (out.hasRemaining()) {
      if (channel.read(out, offset + out.position()) < 0) {
        throw new IOException("payload file ends before " + (offset + length));
      }
    }
    return out.flip();
  }

  @Override
  public void close() throws IOException {
    file.close();
    legacy.close();
    compressor.close();
    for (FileChannel channel : readers.values()) {
      channel.close();
    }
  }

  private static long reference(int file, long offset) {
    return (long) file << OFFSET_BITS | offset;
  }

  private void syncDirectory() throws IOException {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
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
    return dir.resolve(name(fileNumber));
  }

  private static String name(int fileNumber) {
    return String.format("%06d.blk", fileNumber);
  }
}
