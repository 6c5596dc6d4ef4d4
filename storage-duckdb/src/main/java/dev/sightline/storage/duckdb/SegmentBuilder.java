package dev.sightline.storage.duckdb;

import dev.sightline.core.storage.SearchWords;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.roaringbitmap.ArrayContainer;
import org.roaringbitmap.BitmapContainer;
import org.roaringbitmap.RoaringBitmap;

/**
 * Collects the documents of one load batch into a {@link SegmentData}: each trace or span row
 * version written has its sequence number, and each distinct word of its input and output
 * ({@link SearchWords}) a posting. Terms live in an open-addressing table whose slots hold a
 * term's hash and number side by side (one cache line per probe); a term's project, bytes (in one
 * arena), length, postings count and the last document it was posted for (which drops a word's
 * repeats within a document without a set per document) are one record of an int array. Postings
 * are appended to one log of (term, document) pairs in document order, and sorted by term (a
 * counting sort) into bitmaps at the end ({@link #finishTerms}, which the indexer thread calls so
 * that the loader thread only adds the tombstones): the hot loop writes memory in sequence
 * instead of into an array per term. Each term's bitmap is made of containers of the exact size
 * (no container grows value by value). The big arrays (slots, term records, arena, log) come from
 * a {@link Scratch} that the next batch reuses, so that a batch allocates little more than its
 * result: they were the largest allocations of the ingest path and, outliving young collections,
 * brought on full ones.
 *
 * <p>Not thread-safe: one builder per batch, filled by one thread at a time.
 */
final class SegmentBuilder implements SearchWords.Sink {
  /** Ints per term record: project, arena offset, length, last document, postings. */
  private static final int REC = 8;
  private static final int PROJECT = 0;
  private static final int AT = 1;
  private static final int LENGTH = 2;
  private static final int LAST = 3;
  private static final int POSTINGS = 4;
  /** The most values an array container holds (RoaringBitmap's own limit); more make a bitmap one. */
  private static final int ARRAY_MAX = 4096;

  private final long batch;
  private final long seqBase;
  private final SearchWords words = new SearchWords();
  private final List<String> projects = new ArrayList<>();
  private final Map<String, Integer> projectOrdinals = new HashMap<>();
  private long[] seeds = new long[4];
  private final Map<TraceKey, Integer> traceOrdinals = new HashMap<>();
  private final List<TraceKey> traces = new ArrayList<>();
  /** The previous document's project and trace id and their ordinals (spans of a trace come together). */
  private String lastProjectId;
  private String lastTraceId;
  private int lastProject = -1;
  private int lastTrace = -1;
  private int[] docs = new int[1024];
  private int docCount;
  private long[] tombstones = new long[16];
  private int tombstoneCount;

  private final Scratch scratch;
  /** Per slot: the term's hash at {@code 2 * slot} (0 = empty), its number at {@code 2 * slot + 1}. */
  private long[] slots;
  private int slotMask;
  private long[] termHash;
  private int[] terms;
  private int termCount;
  private byte[] arena;
  private int arenaLength;
  /** The postings, in the order they came: term and document of each. */
  private int[] logTerm;
  private int[] logDoc;
  private int logLength;
  /** The document being added, and its project. */
  private int doc;
  private int project;
  /** The terms' hashes, projects, words and bitmaps, once {@link #finishTerms} made them. */
  private long[] finishedHashes;
  private int[] finishedProjects;
  private byte[][] termWords;
  private RoaringBitmap[] postings;

  /**
   * The working arrays of a builder, handed from one batch's builder to the next (as they grew).
   * One builder at a time may use it.
   */
  static final class Scratch {
    private long[] slots = new long[2048];
    private long[] termHash = new long[512];
    private int[] terms = new int[512 * REC];
    private byte[] arena = new byte[16384];
    private int[] logTerm = new int[1 << 14];
    private int[] logDoc = new int[1 << 14];
    private int[] sorted = new int[1 << 14];
  }

  /** A trace of a project: the key of the trace table. */
  private record TraceKey(int project, long high, long low) {}

  /**
   * @param batch the load batch this segment is for
   * @param seqBase the sequence number of its first document
   */
  SegmentBuilder(long batch, long seqBase) {
    this(batch, seqBase, new Scratch());
  }

  /** A builder that works in the scratch arrays, which it clears, until {@link #finishTerms}. */
  SegmentBuilder(long batch, long seqBase, Scratch scratch) {
    this.batch = batch;
    this.seqBase = seqBase;
    this.scratch = scratch;
    slots = scratch.slots;
    Arrays.fill(slots, 0);
    slotMask = slots.length / 2 - 1;
    termHash = scratch.termHash;
    terms = scratch.terms;
    arena = scratch.arena;
    logTerm = scratch.logTerm;
    logDoc = scratch.logDoc;
  }

  /**
   * Adds a document.
   *
   * @param seq its sequence number: above every one added before (numbers skipped are no document)
   * @param span whether it is a span (else a trace row)
   * @param texts its JSON texts (input, output); nulls are skipped
   */
  void add(long seq, String projectId, String traceId, boolean span, String... texts) {
    if (seq < seqBase + docCount) {
      throw new IllegalArgumentException("sequence number " + seq + " is not after " + (seqBase + docCount - 1));
    }
    if (postings != null) {
      throw new IllegalStateException("terms already finished");
    }
    int trace;
    if (projectId.equals(lastProjectId) && traceId.equals(lastTraceId)) {
      trace = lastTrace;
    } else {
      Integer p = projectOrdinals.get(projectId);
      if (p == null) {
        p = projects.size();
        projects.add(projectId);
        projectOrdinals.put(projectId, p);
        if (p == seeds.length) {
          seeds = Arrays.copyOf(seeds, p * 2);
        }
        seeds[p] = Terms.projectSeed(projectId);
      }
      TraceKey key = new TraceKey(p, Terms.traceHigh(traceId), Terms.traceLow(traceId));
      Integer t = traceOrdinals.get(key);
      if (t == null) {
        t = traces.size();
        traces.add(key);
        traceOrdinals.put(key, t);
      }
      trace = t;
      lastProjectId = projectId;
      lastTraceId = traceId;
      lastProject = p;
      lastTrace = t;
    }
    int doc = Math.toIntExact(seq - seqBase);
    if (doc >= docs.length) {
      docs = Arrays.copyOf(docs, Math.max(docs.length * 2, doc + 1));
    }
    Arrays.fill(docs, docCount, doc, -1);
    docCount = doc + 1;
    docs[doc] = trace << 1 | (span ? 1 : 0);
    this.doc = doc;
    this.project = lastProject;
    words.json(seeds[lastProject], this, texts);
  }

  /** Records that a document of an earlier batch was replaced by this one. */
  void tombstone(long seq) {
    if (tombstoneCount == tombstones.length) {
      tombstones = Arrays.copyOf(tombstones, tombstoneCount * 2);
    }
    tombstones[tombstoneCount++] = seq;
  }

  long seqBase() {
    return seqBase;
  }

  int docCount() {
    return docCount;
  }

  /**
   * Sorts the postings into a bitmap per term and hands the scratch arrays back; no document may
   * be added after.
   */
  void finishTerms() {
    if (postings != null) {
      return;
    }
    int[] start = new int[termCount + 1];
    for (int t = 0; t < termCount; t++) {
      start[t + 1] = start[t] + terms[t * REC + POSTINGS];
    }
    int[] sorted = scratch.sorted.length >= logLength ? scratch.sorted : new int[Math.max(logLength, scratch.sorted.length * 2)];
    int[] fill = Arrays.copyOf(start, termCount);
    for (int i = 0; i < logLength; i++) {
      sorted[fill[logTerm[i]]++] = logDoc[i]; // documents stay ascending within each term
    }
    RoaringBitmap[] bitmaps = new RoaringBitmap[termCount];
    byte[][] bytes = new byte[termCount][];
    int[] projects = new int[termCount];
    for (int t = 0; t < termCount; t++) {
      bitmaps[t] = bitmap(sorted, start[t], start[t + 1]);
      bitmaps[t].runOptimize(); // as the segment is written, but here on the indexer thread
      int r = t * REC;
      bytes[t] = Arrays.copyOfRange(arena, terms[r + AT], terms[r + AT] + terms[r + LENGTH]);
      projects[t] = terms[r + PROJECT];
    }
    finishedHashes = Arrays.copyOf(termHash, termCount);
    finishedProjects = projects;
    termWords = bytes;
    postings = bitmaps;
    scratch.slots = slots;
    scratch.termHash = termHash;
    scratch.terms = terms;
    scratch.arena = arena;
    scratch.logTerm = logTerm;
    scratch.logDoc = logDoc;
    scratch.sorted = sorted;
    slots = null;
    termHash = null;
    terms = null;
    arena = null;
    logTerm = null;
    logDoc = null;
  }

  /** The bitmap of {@code docs[from, to)}: distinct and ascending, so its containers are made whole. */
  private static RoaringBitmap bitmap(int[] docs, int from, int to) {
    RoaringBitmap bitmap = new RoaringBitmap();
    for (int i = from; i < to; ) {
      int high = docs[i] >>> 16;
      int end = i + 1;
      while (end < to && docs[end] >>> 16 == high) {
        end++;
      }
      int n = end - i;
      if (n <= ARRAY_MAX) {
        char[] values = new char[n];
        for (int k = 0; k < n; k++) {
          values[k] = (char) docs[i + k];
        }
        bitmap.append((char) high, new ArrayContainer(n, values));
      } else {
        long[] words = new long[1 << 10];
        for (int k = i; k < end; k++) {
          int low = docs[k] & 0xffff;
          words[low >>> 6] |= 1L << low;
        }
        bitmap.append((char) high, new BitmapContainer(words, n));
      }
      i = end;
    }
    return bitmap;
  }

  SegmentData build() {
    finishTerms();
    int[] traceProject = new int[traces.size()];
    long[] traceHigh = new long[traces.size()];
    long[] traceLow = new long[traces.size()];
    for (int t = 0; t < traces.size(); t++) {
      traceProject[t] = traces.get(t).project();
      traceHigh[t] = traces.get(t).high();
      traceLow[t] = traces.get(t).low();
    }
    return new SegmentData(batch, batch, seqBase, Arrays.copyOf(docs, docCount), List.copyOf(projects),
        traceProject, traceHigh, traceLow, Arrays.copyOf(tombstones, tombstoneCount),
        finishedHashes, finishedProjects, termWords, postings);
  }

  /** A word of the document being added ({@link SearchWords}). */
  @Override
  public void word(byte[] word, int length, long fnv) {
    long hash = Terms.finish(fnv);
    long[] slots = this.slots;
    int mask = slotMask;
    for (int s = (int) hash & mask; ; s = (s + 1) & mask) {
      long h = slots[2 * s];
      if (h == hash) {
        int term = (int) slots[2 * s + 1];
        int r = term * REC;
        if (terms[r + PROJECT] == project && sameWord(r, word, length)) {
          if (terms[r + LAST] != doc) {
            terms[r + LAST] = doc;
            log(term, r);
          }
          return;
        }
      } else if (h == 0) {
        int term = newTerm(hash, word, length);
        slots[2 * s] = hash;
        slots[2 * s + 1] = term;
        int r = term * REC;
        terms[r + LAST] = doc;
        log(term, r);
        if (termCount * 2 > mask + 1) {
          growSlots();
        }
        return;
      }
    }
  }

  private boolean sameWord(int r, byte[] word, int length) {
    if (terms[r + LENGTH] != length) {
      return false;
    }
    return Arrays.equals(arena, terms[r + AT], terms[r + AT] + length, word, 0, length);
  }

  private int newTerm(long hash, byte[] word, int length) {
    if (termCount == termHash.length) {
      termHash = Arrays.copyOf(termHash, termCount * 2);
      terms = Arrays.copyOf(terms, termCount * 2 * REC);
    }
    if (arenaLength + length > arena.length) {
      arena = Arrays.copyOf(arena, Math.max(arena.length * 2, arenaLength + length));
    }
    System.arraycopy(word, 0, arena, arenaLength, length);
    int term = termCount++;
    termHash[term] = hash;
    int r = term * REC;
    terms[r + PROJECT] = project;
    terms[r + AT] = arenaLength;
    terms[r + LENGTH] = length;
    terms[r + POSTINGS] = 0; // the scratch's record may hold a previous batch's count
    arenaLength += length;
    return term;
  }

  private void log(int term, int r) {
    if (logLength == logTerm.length) {
      logTerm = Arrays.copyOf(logTerm, logLength * 2);
      logDoc = Arrays.copyOf(logDoc, logLength * 2);
    }
    logTerm[logLength] = term;
    logDoc[logLength++] = doc;
    terms[r + POSTINGS]++;
  }

  private void growSlots() {
    long[] old = slots;
    slots = new long[old.length * 2];
    slotMask = slots.length / 2 - 1;
    for (int i = 0; i < old.length; i += 2) {
      if (old[i] != 0) {
        int s = (int) old[i] & slotMask;
        while (slots[2 * s] != 0) {
          s = (s + 1) & slotMask;
        }
        slots[2 * s] = old[i];
        slots[2 * s + 1] = old[i + 1];
      }
    }
  }
}
