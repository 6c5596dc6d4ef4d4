package dev.sightline.storage.duckdb;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.roaringbitmap.buffer.ImmutableRoaringBitmap;

/**
 * One full-text index segment file ({@link SegmentWriter}), memory-mapped and read in place: the
 * pages a query touches are the only ones loaded, and they are file-backed, so the kernel can drop
 * them under memory pressure. Immutable and thread-safe.
 */
final class Segment {
  private final Path file;
  private final ByteBuffer buffer;
  private final long firstBatch;
  private final long lastBatch;
  private final long seqBase;
  private final int docCount;
  private final int traceCount;
  private final int traceSlots;
  private final int termSlots;
  private final int termCount;
  private final int tombstoneCount;
  private final long offTraces;
  private final long offTraceSlots;
  private final long offTraceStarts;
  private final long offTraceDocs;
  private final long offDocs;
  private final long offTombstones;
  private final long offTermHashes;
  private final long offTermOffsets;
  private final long offTerms;
  private final List<String> projects;
  private final long[] projectSeeds;

  private Segment(Path file, ByteBuffer b) throws IOException {
    this.file = file;
    this.buffer = b;
    if (b.capacity() < SegmentWriter.HEADER_BYTES || b.getInt(0) != SegmentWriter.MAGIC
        || b.getInt(4) != SegmentWriter.VERSION) {
      throw new IOException("not an index segment of this version: " + file);
    }
    firstBatch = b.getLong(8);
    lastBatch = b.getLong(16);
    seqBase = b.getLong(24);
    docCount = b.getInt(32);
    traceCount = b.getInt(36);
    int projectCount = b.getInt(44);
    tombstoneCount = b.getInt(48);
    traceSlots = b.getInt(52);
    termSlots = b.getInt(56);
    termCount = b.getInt(60);
    long offProjects = b.getLong(64);
    offTraces = b.getLong(72);
    offTraceSlots = b.getLong(80);
    offTraceStarts = b.getLong(88);
    offTraceDocs = b.getLong(96);
    offDocs = b.getLong(104);
    offTombstones = b.getLong(112);
    offTermHashes = b.getLong(120);
    offTermOffsets = b.getLong(128);
    offTerms = b.getLong(136);
    if (b.getLong(144) != b.capacity()) {
      throw new IOException("index segment " + file + " is truncated");
    }
    projects = new ArrayList<>(projectCount);
    projectSeeds = new long[projectCount];
    int at = (int) offProjects;
    for (int i = 0; i < projectCount; i++) {
      byte[] name = new byte[b.getInt(at)];
      b.get(at + 4, name);
      at += 4 + name.length;
      projects.add(new String(name, StandardCharsets.UTF_8));
      projectSeeds[i] = Terms.projectSeed(projects.get(i));
    }
  }

  /** Maps a segment file; fails if it is not a whole segment of this version. */
  static Segment open(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      MappedByteBuffer map = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
      return new Segment(file, map.order(ByteOrder.LITTLE_ENDIAN));
    }
  }

  Path file() {
    return file;
  }

  long firstBatch() {
    return firstBatch;
  }

  long lastBatch() {
    return lastBatch;
  }

  long seqBase() {
    return seqBase;
  }

  /** Local ordinals run from 0 to this, exclusive. */
  int docCount() {
    return docCount;
  }

  boolean holds(long seq) {
    return seq >= seqBase && seq < seqBase + docCount;
  }

  /** The project's ordinal in this segment, or -1 if it has no document of it. */
  int project(String projectId) {
    return projects.indexOf(projectId);
  }

  long projectSeed(int project) {
    return projectSeeds[project];
  }

  /** Whether the document is a live span (not a trace row, not dropped). */
  boolean isSpan(int doc) {
    int info = buffer.getInt((int) (offDocs + 4L * doc));
    return info >= 0 && (info & 1) == 1;
  }

  /** The trace ordinal of a document, or -1 if it was dropped. */
  int traceOf(int doc) {
    int info = buffer.getInt((int) (offDocs + 4L * doc));
    return info < 0 ? -1 : info >>> 1;
  }

  String traceId(int trace) {
    int at = (int) (offTraces + 20L * trace);
    return Terms.traceId(buffer.getLong(at + 4), buffer.getLong(at + 12));
  }

  /** The ordinal of a project's trace, or -1 if this segment has no document of it. */
  int trace(int project, long high, long low) {
    if (traceCount == 0) {
      return -1;
    }
    int mask = traceSlots - 1;
    for (int s = Terms.traceSlot(project, high, low, mask); ; s = (s + 1) & mask) {
      int ordinal = buffer.getInt((int) (offTraceSlots + 4L * s)) - 1;
      if (ordinal < 0) {
        return -1;
      }
      int at = (int) (offTraces + 20L * ordinal);
      if (buffer.getInt(at) == project && buffer.getLong(at + 4) == high && buffer.getLong(at + 12) == low) {
        return ordinal;
      }
    }
  }

  /** The local ordinals of a trace's documents (those not dropped), ascending. */
  int[] docsOf(int trace) {
    int from = buffer.getInt((int) (offTraceStarts + 4L * trace));
    int to = buffer.getInt((int) (offTraceStarts + 4L * (trace + 1)));
    int[] docs = new int[to - from];
    for (int i = 0; i < docs.length; i++) {
      docs[i] = buffer.getInt((int) (offTraceDocs + 4L * (from + i)));
    }
    return docs;
  }

  /** The sequence numbers of the documents whose rows this segment's batches replaced. */
  long[] tombstones() {
    long[] out = new long[tombstoneCount];
    for (int i = 0; i < out.length; i++) {
      out[i] = buffer.getLong((int) (offTombstones + 8L * i));
    }
    return out;
  }

  int termCount() {
    return termCount;
  }

  /**
   * The local ordinals of the documents holding a word of a project, or null if none does.
   *
   * @param hash {@link Terms#hash} of the word with {@link #projectSeed} of the project
   */
  ImmutableRoaringBitmap postings(int project, long hash, byte[] word) {
    int mask = termSlots - 1;
    for (int s = (int) hash & mask; ; s = (s + 1) & mask) {
      long h = buffer.getLong((int) (offTermHashes + 8L * s));
      if (h == 0) {
        return null;
      }
      if (h != hash) {
        continue;
      }
      int at = (int) (offTerms + buffer.getInt((int) (offTermOffsets + 4L * s)));
      int length = buffer.getInt(at + 4);
      if (buffer.getInt(at) == project && length == word.length && sameBytes(at + 8, word)) {
        int bitmapAt = at + 8 + length + 4;
        return new ImmutableRoaringBitmap(buffer.slice(bitmapAt, buffer.getInt(at + 8 + length))
            .order(ByteOrder.LITTLE_ENDIAN));
      }
    }
  }

  /** Calls the visitor with every term: for merging. */
  void forEachTerm(TermVisitor visitor) {
    for (int s = 0; s < termSlots; s++) {
      long h = buffer.getLong((int) (offTermHashes + 8L * s));
      if (h == 0) {
        continue;
      }
      int at = (int) (offTerms + buffer.getInt((int) (offTermOffsets + 4L * s)));
      int length = buffer.getInt(at + 4);
      byte[] word = new byte[length];
      buffer.get(at + 8, word);
      ImmutableRoaringBitmap docs = new ImmutableRoaringBitmap(
          buffer.slice(at + 12 + length, buffer.getInt(at + 8 + length)).order(ByteOrder.LITTLE_ENDIAN));
      visitor.term(h, projects.get(buffer.getInt(at)), word, docs);
    }
  }

  /** The trace's project id, high and low halves, for merging. */
  String traceProject(int trace) {
    return projects.get(buffer.getInt((int) (offTraces + 20L * trace)));
  }

  long traceHigh(int trace) {
    return buffer.getLong((int) (offTraces + 20L * trace) + 4);
  }

  long traceLow(int trace) {
    return buffer.getLong((int) (offTraces + 20L * trace) + 12);
  }

  int traceCount() {
    return traceCount;
  }

  private boolean sameBytes(int at, byte[] word) {
    for (int i = 0; i < word.length; i++) {
      if (buffer.get(at + i) != word[i]) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return file.getFileName() + Arrays.toString(new long[] {firstBatch, lastBatch, seqBase, docCount});
  }

  /** One term of a segment. */
  @FunctionalInterface
  interface TermVisitor {
    void term(long hash, String project, byte[] word, ImmutableRoaringBitmap docs);
  }
}
