package dev.sightline.storage.duckdb;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.roaringbitmap.RoaringBitmap;

/**
 * Writes a {@link SegmentData} as one segment file, read in place by {@link Segment}. Little-endian
 * throughout; the header gives the counts and the offset of every section:
 * <pre>
 * header      magic, version, first and last batch, seq base, counts, section offsets
 * projects    per project: length, UTF-8 bytes
 * traces      per trace ordinal: project (int), high (long), low (long)
 * traceSlots  open-addressing table of trace ordinal + 1 (0 = empty), keyed by {@link Terms#traceSlot}
 * traceStarts per trace ordinal: start of its documents in traceDocs; one more entry at the end
 * traceDocs   local ordinals of the live documents, grouped by trace
 * docs        per local document: as {@link SegmentData#docs}
 * tombstones  sequence numbers (long)
 * termHashes  open-addressing table of term hashes (0 = empty)
 * termOffsets per slot: where its term record starts in terms
 * terms       per term: project (int), word length (int), word, bitmap length (int), bitmap
 * </pre>
 * Stateless and thread-safe.
 */
final class SegmentWriter {
  static final int MAGIC = 0x534c5831; // "SLX1"
  static final int VERSION = 1;
  static final int HEADER_BYTES = 64 + 11 * 8;


  private SegmentWriter() {}

  /** Writes the file (replacing any) and forces it to disk. */
  static void write(SegmentData d, Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
      Output out = new Output(channel);
      encode(d, out);
      out.flush();
      channel.force(false);
    }
  }

  private static void encode(SegmentData d, Output b) throws IOException {
    int traces = d.traceCount();
    int docCount = d.docs().length;
    int traceSlots = tableSize(traces);
    int termSlots = tableSize(d.termCount());
    byte[][] projects = new byte[d.projects().size()][];
    long projectBytes = 0;
    for (int i = 0; i < projects.length; i++) {
      projects[i] = d.projects().get(i).getBytes(StandardCharsets.UTF_8);
      projectBytes += 4 + projects[i].length;
    }
    int[] starts = new int[traces + 1];
    int live = 0;
    for (int info : d.docs()) {
      if (info >= 0) {
        starts[(info >>> 1) + 1]++;
        live++;
      }
    }
    for (int t = 0; t < traces; t++) {
      starts[t + 1] += starts[t];
    }
    int[] traceDocs = new int[live];
    int[] fill = Arrays.copyOf(starts, traces);
    for (int doc = 0; doc < docCount; doc++) {
      int info = d.docs()[doc];
      if (info >= 0) {
        traceDocs[fill[info >>> 1]++] = doc;
      }
    }
    long termBytes = 0;
    int[] bitmapBytes = new int[d.termCount()];
    for (int t = 0; t < d.termCount(); t++) {
      d.termDocs()[t].runOptimize();
      bitmapBytes[t] = d.termDocs()[t].serializedSizeInBytes();
      termBytes += 12 + d.termWord()[t].length + bitmapBytes[t];
    }

    long offProjects = HEADER_BYTES;
    long offTraces = offProjects + projectBytes;
    long offTraceSlots = offTraces + 20L * traces;
    long offTraceStarts = offTraceSlots + 4L * traceSlots;
    long offTraceDocs = offTraceStarts + 4L * (traces + 1);
    long offDocs = offTraceDocs + 4L * live;
    long offTombstones = offDocs + 4L * docCount;
    long offTermHashes = offTombstones + 8L * d.tombstones().length;
    long offTermOffsets = offTermHashes + 8L * termSlots;
    long offTerms = offTermOffsets + 4L * termSlots;
    long size = offTerms + termBytes;
    if (size > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException("index segment too large: " + size + " bytes");
    }
    b.putInt(MAGIC).putInt(VERSION).putLong(d.firstBatch()).putLong(d.lastBatch())
        .putLong(d.seqBase()).putInt(docCount).putInt(traces).putInt(live).putInt(projects.length)
        .putInt(d.tombstones().length).putInt(traceSlots).putInt(termSlots).putInt(d.termCount());
    for (long off : new long[] {offProjects, offTraces, offTraceSlots, offTraceStarts, offTraceDocs,
        offDocs, offTombstones, offTermHashes, offTermOffsets, offTerms, size}) {
      b.putLong(off);
    }
    for (byte[] p : projects) {
      b.putInt(p.length).put(p);
    }
    for (int t = 0; t < traces; t++) {
      b.putInt(d.traceProject()[t]).putLong(d.traceHigh()[t]).putLong(d.traceLow()[t]);
    }
    int[] slots = new int[traceSlots];
    for (int t = 0; t < traces; t++) {
      int s = Terms.traceSlot(d.traceProject()[t], d.traceHigh()[t], d.traceLow()[t], traceSlots - 1);
      while (slots[s] != 0) {
        s = (s + 1) & (traceSlots - 1);
      }
      slots[s] = t + 1;
    }
    b.putInts(slots).putInts(starts).putInts(traceDocs).putInts(d.docs());
    for (long seq : d.tombstones()) {
      b.putLong(seq);
    }
    long[] hashes = new long[termSlots];
    int[] offsets = new int[termSlots];
    int at = 0;
    for (int t = 0; t < d.termCount(); t++) {
      int s = (int) d.termHash()[t] & (termSlots - 1);
      while (hashes[s] != 0) {
        s = (s + 1) & (termSlots - 1);
      }
      hashes[s] = d.termHash()[t];
      offsets[s] = at;
      at += 12 + d.termWord()[t].length + bitmapBytes[t];
    }
    for (long h : hashes) {
      b.putLong(h);
    }
    b.putInts(offsets);
    for (int t = 0; t < d.termCount(); t++) {
      b.putInt(d.termProject()[t]).putInt(d.termWord()[t].length).put(d.termWord()[t])
          .putInt(bitmapBytes[t]).put(d.termDocs()[t], bitmapBytes[t]);
    }
    if (b.written() != size) {
      throw new AssertionError("segment size " + b.written() + " != " + size);
    }
  }

  /** Little-endian output through one reused buffer, so a segment is never whole on the heap. */
  private static final class Output {
    private final FileChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
    private long flushed;

    Output(FileChannel channel) {
      this.channel = channel;
    }

    Output putInt(int v) throws IOException {
      room(4);
      buffer.putInt(v);
      return this;
    }

    Output putLong(long v) throws IOException {
      room(8);
      buffer.putLong(v);
      return this;
    }

    Output putInts(int[] values) throws IOException {
      for (int v : values) {
        putInt(v);
      }
      return this;
    }

    Output put(byte[] bytes) throws IOException {
      for (int at = 0; at < bytes.length; ) {
        room(1);
        int n = Math.min(buffer.remaining(), bytes.length - at);
        buffer.put(bytes, at, n);
        at += n;
      }
      return this;
    }

    /** Writes the bitmap, whose serialized size is {@code size}. */
    Output put(RoaringBitmap bitmap, int size) throws IOException {
      if (size <= buffer.capacity()) {
        room(size);
        bitmap.serialize(buffer);
      } else {
        ByteBuffer big = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        bitmap.serialize(big);
        put(big.array());
      }
      return this;
    }

    long written() {
      return flushed + buffer.position();
    }

    void flush() throws IOException {
      buffer.flip();
      while (buffer.hasRemaining()) {
        flushed += channel.write(buffer);
      }
      buffer.clear();
    }

    private void room(int bytes) throws IOException {
      if (buffer.remaining() < bytes) {
        flush();
      }
    }
  }

  /** A power of two at least twice the entries, so probes stay short. */
  private static int tableSize(int entries) {
    return Math.max(4, Integer.highestOneBit(Math.max(1, entries) * 2 - 1) << 1);
  }
}
