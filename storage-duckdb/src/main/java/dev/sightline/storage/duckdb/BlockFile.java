package dev.sightline.storage.duckdb;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * One payload file: compressed blocks appended to {@code NNNNNN.blk}, and their offsets, one
 * little-endian long per block, to {@code NNNNNN.idx}. A block is known by its number in the file,
 * so a row can name its block before the block is compressed and its offset known. Blocks are
 * appended and forced with their offsets ({@link #append}); {@link #open} keeps only the blocks
 * that end within a committed length. Appends from one thread; reads from any thread.
 */
final class BlockFile implements AutoCloseable {
  private final Path data;
  private final FileChannel writer;
  private final FileChannel index;
  private final FileChannel reader;
  /** Offsets of the blocks, and the end of the last one, published together. */
  private volatile long[] offsets;
  private volatile int blocks;
  private volatile long size;

  private BlockFile(Path data, Path idx, long[] offsets, int blocks, long size) throws IOException {
    this.data = data;
    this.writer = FileChannel.open(data, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    this.index = FileChannel.open(idx, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    this.reader = FileChannel.open(data, StandardOpenOption.READ);
    this.offsets = offsets;
    this.blocks = blocks;
    this.size = size;
  }

  /**
   * Opens (creating) a file, keeping the blocks that end at or before {@code committed} bytes and
   * cutting both files after them.
   *
   * @param committed the length the last committed batch reached, or -1 to keep every whole block
   */
  static BlockFile open(Path data, Path idx, long committed) throws IOException {
    long dataSize = Files.exists(data) ? Files.size(data) : 0;
    long limit = committed < 0 ? dataSize : committed;
    if (limit > dataSize) {
      throw new IOException(data.getFileName() + " has " + dataSize + " bytes, but the committed rows"
          + " reference " + limit);
    }
    byte[] raw = Files.exists(idx) ? Files.readAllBytes(idx) : new byte[0];
    ByteBuffer in = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
    long[] offsets = new long[Math.max(16, raw.length / 8)];
    int blocks = 0;
    // Offsets grow; a block that starts within the committed length is committed, and ends in it.
    for (long previous = -1; in.remaining() >= 8; ) {
      long offset = in.getLong();
      if (offset <= previous || offset >= limit) {
        break;
      }
      offsets[blocks++] = offset;
      previous = offset;
    }
    if (blocks > 0 && committed >= 0) {
      long last = offsets[blocks - 1];
      if (last + PayloadStore.HEADER + compressedLength(data, last) != limit) {
        throw new IOException(data.getFileName() + ": its last committed block does not end at "
            + limit + ", where the checkpoint says the payloads end");
      }
    }
    BlockFile f = new BlockFile(data, idx, offsets, blocks, blocks == 0 ? 0 : limit);
    f.writer.truncate(f.size);
    f.index.truncate(8L * blocks);
    f.writer.force(true);
    f.index.force(true);
    return f;
  }

  private static int compressedLength(Path data, long offset) throws IOException {
    try (FileChannel c = FileChannel.open(data, StandardOpenOption.READ)) {
      ByteBuffer header = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
      while (header.hasRemaining()) {
        if (c.read(header, offset + header.position()) < 0) {
          throw new IOException(data.getFileName() + " ends inside the header at " + offset);
        }
      }
      return header.getInt(0);
    }
  }

  /** How many blocks the file holds (the number the next one gets). */
  int blocks() {
    return blocks;
  }

  /** The file's length in bytes. */
  long size() {
    return size;
  }

  /**
   * Appends whole blocks (each a header and its compressed bytes, concatenated in {@code bytes})
   * and their offsets, and forces both files to disk. The blocks become readable once forced.
   *
   * @param lengths each block's length within {@code bytes}
   */
  void append(byte[] bytes, int length, int[] lengths, int count) throws IOException {
    long start = size;
    ByteBuffer out = ByteBuffer.wrap(bytes, 0, length);
    while (out.hasRemaining()) {
      writer.write(out, start + out.position());
    }
    ByteBuffer idx = ByteBuffer.allocate(8 * count).order(ByteOrder.LITTLE_ENDIAN);
    long[] grown = offsets.length >= blocks + count ? offsets
        : Arrays.copyOf(offsets, Math.max(offsets.length * 2, blocks + count));
    long at = start;
    for (int i = 0; i < count; i++) {
      idx.putLong(at);
      grown[blocks + i] = at;
      at += lengths[i];
    }
    idx.flip();
    while (idx.hasRemaining()) {
      index.write(idx, 8L * blocks + idx.position());
    }
    writer.force(false);
    index.force(false);
    offsets = grown;
    size = at;
    blocks += count;
  }

  /** The sum of the blocks' uncompressed lengths, read from their headers. */
  long rawBytes() throws IOException {
    int n = blocks;
    long[] at = offsets;
    long total = 0;
    ByteBuffer header = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < n; i++) {
      header.clear();
      while (header.hasRemaining()) {
        if (reader.read(header, at[i] + 4 + header.position()) < 0) {
          throw new IOException(data.getFileName() + " ends inside the header of block " + i);
        }
      }
      total += header.getInt(0);
    }
    return total;
  }

  /** Reads block {@code number}: its header and compressed bytes. */
  ByteBuffer read(int number) throws IOException {
    int n = blocks;
    if (number >= n) {
      throw new IOException(data.getFileName() + " has " + n + " blocks, not block " + number);
    }
    long offset = offsets[number];
    long end = number + 1 < n ? offsets[number + 1] : size;
    ByteBuffer out = ByteBuffer.allocate((int) (end - offset));
    while (out.hasRemaining()) {
      if (reader.read(out, offset + out.position()) < 0) {
        throw new IOException(data.getFileName() + " ends before " + end);
      }
    }
    return out.flip().order(ByteOrder.LITTLE_ENDIAN);
  }

  @Override
  public void close() throws IOException {
    writer.close();
    index.close();
    reader.close();
  }
}
