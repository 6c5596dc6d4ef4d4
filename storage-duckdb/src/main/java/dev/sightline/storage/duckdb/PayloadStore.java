package dev.sightline.storage.duckdb;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdException;
import dev.sightline.core.model.EvaluatorVerdict;
import dev.sightline.core.model.Row;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * The rows' payloads (their big texts, see {@link Payloads}) in zstd-compressed blocks of about
 * {@value #BLOCK_BYTES} bytes, in {@link BlockFile}s {@code blocks/000001.blk} (+ {@code .idx}),
 * {@code 000002.blk} … each up to about {@value #FILE_BYTES} bytes. A row addresses its payload by
 * the block's reference (file number above {@value #NUMBER_BITS} bits of block number), the
 * record's offset within the uncompressed block, and its length. A block is a header (compressed
 * length, uncompressed length, CRC32C of the compressed bytes, little-endian ints) and the
 * compressed bytes.
 *
 * <p>A load batch's records are encoded into blocks as its rows are loaded ({@link #put}); each
 * full block is compressed on a thread of its own meanwhile, so compression overlaps the loading
 * of rows into DuckDB. {@link #seal} compresses the last block, after which {@link #end()} tells
 * where the batch's blocks will end; {@link #sync} appends them with one write and one fsync
 * before the DuckDB transaction that references them commits, together with that end. A crash may
 * leave bytes beyond it; {@link #open} cuts the file back to the committed end, so the next batch
 * never follows garbage. Payloads of replaced and
 * deleted rows stay behind until {@link PayloadCompaction} copies a file's live records into the
 * current file and {@link #retire}s it.
 *
 * <p>One writer thread ({@link #put}, {@link #seal}, {@link #sync}, {@link #discard}); reads from
 * any thread. Thread-safe.
 */
final class PayloadStore implements AutoCloseable {
  static final int BLOCK_BYTES = 64 * 1024;
  static final long FILE_BYTES = 1L << 30;
  static final int HEADER = 12;
  private static final int NUMBER_BITS = 40;
  private static final int LEVEL = 1;
  private static final int CACHED_BLOCKS = 64;

  private final Path dir;
  private final LegacyPayloads legacy;
  private final Map<Integer, BlockFile> files = new ConcurrentHashMap<>();
  private final ExecutorService compressor = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "sightline-compressor");
    t.setDaemon(true);
    return t;
  });
  private final ZstdCompressCtx zstd = new ZstdCompressCtx().setLevel(LEVEL);
  /**
   * Decompression contexts not in use, at most one per reader that ran at the same time. Blocks
   * reuse them: a context made and freed per block (as {@code Zstd.decompressByteArray} does) was
   * about a quarter of the zstd time of an export (BENCHMARKS.md, issue 13). Closed with the store.
   */
  private final ConcurrentLinkedQueue<ZstdDecompressCtx> decompressors = new ConcurrentLinkedQueue<>();
  private final Map<Long, byte[]> cache = new LinkedHashMap<>(CACHED_BLOCKS, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Long, byte[]> eldest) {
      return size() > CACHED_BLOCKS;
    }
  };
  private BlockFile current;
  /** Uncompressed bytes of older files, by number, once read. */
  private final Map<Integer, Long> rawSizes = new ConcurrentHashMap<>();
  /** Numbers of the files deleted since the store opened (numbers are never reused). */
  private final java.util.Set<Integer> retiredNumbers = ConcurrentHashMap.newKeySet();
  /** Deleted files still open for readers, oldest first. */
  private final List<Retiring> retiring = new java.util.concurrent.CopyOnWriteArrayList<>();
  private int number;
  private byte[] raw = new byte[BLOCK_BYTES];
  private int rawLength;
  /** The batch's blocks being compressed, in order. */
  private final List<Future<byte[]>> compressing = new ArrayList<>();
  /** Block buffers the compressor is done with, for the next blocks. */
  private final java.util.concurrent.BlockingQueue<byte[]> spare = new java.util.concurrent.ArrayBlockingQueue<>(8);
  /** The compressor thread's output buffer, reused from block to block. */
  private byte[] compressed = new byte[0];

  private PayloadStore(Path dir, LegacyPayloads legacy, int number, BlockFile current) {
    this.dir = dir;
    this.legacy = legacy;
    this.number = number;
    this.current = current;
    files.put(number, current);
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
        if (!n.matches("\\d{6}\\.(blk|idx)") || Integer.parseInt(n.substring(0, 6)) > file) {
          Files.delete(f);
        }
      }
    }
    BlockFile current = BlockFile.open(dir.resolve(name(file, "blk")), dir.resolve(name(file, "idx")), end);
    Directories.sync(dir);
    return new PayloadStore(dir, legacy, file, current);
  }

  /** The file the last batch ended in; with {@link #end()} what a checkpoint records. */
  int file() {
    return number;
  }

  /**
   * Where the batch's blocks will end once synced: call after {@link #seal}, which it waits for.
   */
  long end() throws IOException {
    long end = current.size();
    for (Future<byte[]> block : compressing) {
      end += done(block).length;
    }
    return end;
  }

  /**
   * Adds a row's payload record ({@link Payloads}) to the batch (not yet written), encoded
   * straight into the block being filled; for a span, followed by the fields of the verdicts packed
   * into its row (none: an empty list), which the length includes.
   *
   * @return where it will be: {@code [block reference, offset in the block, length]}
   */
  long[] put(Row row, List<EvaluatorVerdict> packed) {
    int start = room(Payloads.maxEncodedLength(row, packed));
    rawLength = Payloads.encode(row, packed, raw, start);
    return new long[] {blockBeingFilled(), start, rawLength - start};
  }

  /**
   * Adds an already encoded payload record (one {@link #read} returned) to the batch, as {@link
   * #put} does: compaction copies live records with it.
   */
  long[] putRecord(byte[] record) {
    int start = room(record.length);
    System.arraycopy(record, 0, raw, start, record.length);
    rawLength = start + record.length;
    return new long[] {blockBeingFilled(), start, record.length};
  }

  /** Makes room for a record of at most {@code most} bytes; returns where it starts in the block. */
  private int room(int most) {
    if (rawLength > 0 && rawLength + most > BLOCK_BYTES) {
      seal();
    }
    if (rawLength + most > raw.length) {
      raw = Arrays.copyOf(raw, rawLength + most);
    }
    return rawLength;
  }

  private long blockBeingFilled() {
    return (long) number << NUMBER_BITS | (current.blocks() + compressing.size());
  }

  /** The number of the file a block reference points into. */
  static int fileOf(long block) {
    return (int) (block >>> NUMBER_BITS);
  }

  /** Hands the block being filled to the compressor, so that the next record starts a new one. */
  void seal() {
    if (rawLength == 0) {
      return;
    }
    byte[] block = raw;
    int length = rawLength;
    compressing.add(compressor.submit(() -> compress(block, length)));
    byte[] next = spare.poll();
    raw = next != null ? next : new byte[BLOCK_BYTES];
    rawLength = 0;
  }

  /** On the compressor thread: the block's header and compressed bytes. */
  private byte[] compress(byte[] block, int length) {
    int bound = (int) Zstd.compressBound(length);
    if (compressed.length < HEADER + bound) {
      compressed = new byte[HEADER + bound];
    }
    byte[] out = compressed;
    int n = zstd.compressByteArray(out, HEADER, bound, block, 0, length);
    if (block.length == BLOCK_BYTES) {
      spare.offer(block);
    }
    CRC32C crc = new CRC32C();
    crc.update(out, HEADER, n);
    ByteBuffer.wrap(out, 0, HEADER).order(ByteOrder.LITTLE_ENDIAN)
        .putInt(n).putInt(length).putInt((int) crc.getValue());
    return Arrays.copyOf(out, HEADER + n);
  }

  /** Writes the batch's blocks ({@link #seal}ed) and their offsets, and forces them to disk. */
  void sync() throws IOException {
    if (rawLength > 0) {
      throw new IllegalStateException("seal() the batch before sync()");
    }
    if (compressing.isEmpty()) {
      return;
    }
    int[] lengths = new int[compressing.size()];
    int total = 0;
    for (int i = 0; i < lengths.length; i++) {
      lengths[i] = done(compressing.get(i)).length;
      total += lengths[i];
    }
    byte[] bytes = new byte[total];
    int at = 0;
    for (Future<byte[]> block : compressing) {
      byte[] b = done(block);
      System.arraycopy(b, 0, bytes, at, b.length);
      at += b.length;
    }
    current.append(bytes, total, lengths, lengths.length);
    compressing.clear();
  }

  /**
   * Starts a new file if this one is full; called between batches, so that a checkpoint's file
   * is always the one the next batch appends to or a full one before it.
   */
  void rollIfFull() throws IOException {
    if (current.size() >= FILE_BYTES) {
      roll();
    }
  }

  /**
   * Starts a new file between batches, so that the current one can be compacted; until a batch
   * commits a checkpoint in the new file, recovery deletes it.
   */
  void roll() throws IOException {
    number++;
    current = BlockFile.open(dir.resolve(name(number, "blk")), dir.resolve(name(number, "idx")), -1);
    files.put(number, current);
    Directories.sync(dir);
  }

  /** Drops the batch's payloads (it failed); the next batch writes where this one would have. */
  void discard() {
    compressing.forEach(f -> f.cancel(false));
    compressing.clear();
    rawLength = 0;
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
    check(block, raw, at + length);
    return Arrays.copyOfRange(raw, at, at + length);
  }

  /** Receives a payload record: it starts at {@code at} in {@code bytes}. */
  @FunctionalInterface
  interface RecordSink {
    void accept(int index, byte[] bytes, int at);
  }

  /**
   * Reads many payload records that committed rows reference, in the order of their blocks, so
   * that each block is decompressed once however many of the records it holds.
   *
   * @param ats per record, as {@link #read}'s {@code at}; below -1: no record, skipped
   * @param count how many of the arrays' entries are records
   */
  void readAll(long[] blocks, int[] ats, int[] lengths, int count, RecordSink sink) {
    Integer[] order = new Integer[count];
    for (int i = 0; i < count; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (x, y) -> blocks[x] != blocks[y] ? Long.compare(blocks[x], blocks[y])
        : Integer.compare(ats[x], ats[y]));
    long reference = -1;
    byte[] raw = null;
    for (int i : order) {
      if (ats[i] < -1) {
        continue;
      }
      if (ats[i] == -1) {
        sink.accept(i, legacy.read(blocks[i], lengths[i]), 0);
        continue;
      }
      if (raw == null || blocks[i] != reference) {
        reference = blocks[i];
        raw = block(reference);
      }
      check(reference, raw, ats[i] + lengths[i]);
      sink.accept(i, raw, ats[i]);
    }
  }

  private static void check(long reference, byte[] raw, int end) {
    if (end > raw.length) {
      throw new UncheckedIOException(new IOException("payload block " + reference + " holds "
          + raw.length + " bytes, not " + end));
    }
  }

  private byte[] block(long reference) {
    synchronized (cache) {
      byte[] cached = cache.get(reference);
      if (cached != null) {
        return cached;
      }
    }
    int fileNumber = (int) (reference >>> NUMBER_BITS);
    int blockNumber = (int) (reference & ((1L << NUMBER_BITS) - 1));
    try {
      BlockFile file = files.computeIfAbsent(fileNumber, this::openOlder);
      ByteBuffer block = file.read(blockNumber);
      int compressed = block.getInt(0);
      int rawSize = block.getInt(4);
      int checksum = block.getInt(8);
      byte[] bytes = block.array(); // a heap buffer: header and compressed bytes, nothing before
      if (compressed < 0 || HEADER + compressed > bytes.length) {
        throw new IOException("payload block " + fileNumber + "/" + blockNumber + " is corrupt");
      }
      CRC32C crc = new CRC32C();
      crc.update(bytes, HEADER, compressed);
      if ((int) crc.getValue() != checksum) {
        throw new IOException("payload block " + fileNumber + "/" + blockNumber + " is corrupt");
      }
      byte[] out = new byte[rawSize];
      if (decompress(out, bytes, compressed) != rawSize) {
        throw new IOException("payload block " + fileNumber + "/" + blockNumber + " does not decompress");
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

  /**
   * Decompresses {@code compressed} bytes that follow the block header in {@code bytes} into
   * {@code out}, with a pooled context; returns the decompressed length, or -1 if they are corrupt.
   */
  private int decompress(byte[] out, byte[] bytes, int compressed) {
    ZstdDecompressCtx ctx = decompressors.poll();
    if (ctx == null) {
      ctx = new ZstdDecompressCtx();
    }
    try {
      return ctx.decompressByteArray(out, 0, out.length, bytes, HEADER, compressed);
    } catch (ZstdException e) {
      return -1;
    } finally {
      decompressors.offer(ctx);
    }
  }

  /**
   * A full file before the current one: every block in it is committed. One that compaction
   * deleted is not created again empty: a reader that still held a row's old reference after
   * {@link #retired} closed the file fails.
   */
  private BlockFile openOlder(int fileNumber) {
    try {
      if (!Files.exists(dir.resolve(name(fileNumber, "blk")))) {
        throw new IOException("payload file " + name(fileNumber, "blk") + " was compacted away");
      }
      return BlockFile.open(dir.resolve(name(fileNumber, "blk")), dir.resolve(name(fileNumber, "idx")), -1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The uncompressed bytes of an older file's blocks (read from their headers once, then kept:
   * such a file no longer changes), to compare with the bytes rows still reference.
   */
  long rawBytes(int fileNumber) throws IOException {
    Long known = rawSizes.get(fileNumber);
    if (known != null) {
      return known;
    }
    try {
      long n = files.computeIfAbsent(fileNumber, this::openOlder).rawBytes();
      rawSizes.put(fileNumber, n);
      return n;
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /**
   * Deletes a file no committed row references any more (compaction moved its records). Its
   * channels stay open for {@code grace} nanoseconds, for readers that fetched a row's old
   * reference just before the move: on POSIX systems the open channels keep reading the unlinked
   * file, whose bytes the file system frees when {@link #closeRetired} closes them.
   *
   * @return the bytes the file held
   */
  long retire(int fileNumber) throws IOException {
    if (fileNumber == number) {
      throw new IllegalStateException("the current payload file cannot be retired");
    }
    BlockFile file = files.get(fileNumber);
    if (file != null) {
      retiring.add(new Retiring(fileNumber, file, System.nanoTime()));
    }
    retiredNumbers.add(fileNumber);
    long freed = 0;
    for (String suffix : new String[] {"blk", "idx"}) {
      Path f = dir.resolve(name(fileNumber, suffix));
      if (Files.exists(f)) {
        freed += Files.size(f);
        Files.delete(f);
      }
    }
    Directories.sync(dir);
    rawSizes.remove(fileNumber);
    return freed;
  }

  /** Whether the block is in a file compaction deleted (its reference was fetched before). */
  boolean retired(long block) {
    return retiredNumbers.contains(fileOf(block));
  }

  /** Closes the retired files whose grace period (nanoseconds) is over, freeing their bytes. */
  void closeRetired(long grace) throws IOException {
    long now = System.nanoTime();
    for (Retiring r : List.copyOf(retiring)) {
      if (now - r.since() >= grace) {
        files.remove(r.number(), r.file());
        retiring.remove(r);
        r.file().close();
      }
    }
  }

  /** The numbers of the files before the current one, ascending. */
  List<Integer> olderFiles() throws IOException {
    try (Stream<Path> list = Files.list(dir)) {
      return list.map(f -> f.getFileName().toString()).filter(n -> n.matches("\\d{6}\\.blk"))
          .map(n -> Integer.parseInt(n.substring(0, 6))).filter(n -> n < number).sorted().toList();
    }
  }

  /** Deletes the older files that no committed row references (left by a crash after compaction). */
  void deleteUnreferenced(java.util.Set<Integer> referenced) throws IOException {
    for (int n : olderFiles()) {
      if (!referenced.contains(n)) {
        retire(n);
      }
    }
  }

  private record Retiring(int number, BlockFile file, long since) {}

  private static byte[] done(Future<byte[]> block) throws IOException {
    try {
      return block.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while compressing payloads", e);
    } catch (ExecutionException e) {
      throw new IOException("compressing payloads failed: " + e.getCause().getMessage(), e.getCause());
    }
  }

  @Override
  public void close() throws IOException {
    compressor.shutdownNow();
    try {
      compressor.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES); // before its context goes
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    zstd.close();
    decompressors.forEach(ZstdDecompressCtx::close);
    legacy.close();
    for (BlockFile f : files.values()) {
      f.close();
    }
  }

  private static String name(int fileNumber, String suffix) {
    return String.format("%06d.%s", fileNumber, suffix);
  }
}
